/**
 * The internal names of the deploys under way on this node, from their
 * `ports` step until they are recorded or rolled back: the store knows a
 * service's names only once its deploy is done, and deploys of different
 * services run at once.
 */
export class NameClaims {
  private readonly held = new Map<string, readonly string[]>();

  /** Every claimed name with the service claiming it. */
  owners(): { service: string; hostname: string }[] {
    return [...this.held].flatMap(([service, names]) => names.map((hostname) => ({ service, hostname })));
  }

  claim(service: string, hostnames: readonly string[]): void {
    this.held.set(service, [...hostnames]);
  }

  release(service: string): void {
    this.held.delete(service);
  }
}
