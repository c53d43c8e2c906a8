/** A service's internal name that another service already serves. */
export interface NameClash {
  readonly hostname: string;
  /** The service that has it. */
  readonly owner: string;
  /** `internal name <h> is already served by service <owner>; rename the component`. */
  readonly message: string;
}

/**
 * Internal names (`<component>.svc.mcp.<zone>`) are fleet-wide: DNS can point
 * a name at one node only and a proxy serves it for one service only, so two
 * services may not share one. Returns the first of `wanted` (in order) that
 * `owners` lists under another service, or `undefined`.
 */
export function findNameClash(
  service: string,
  wanted: readonly string[],
  owners: Iterable<{ readonly service: string; readonly hostname: string }>,
): NameClash | undefined {
  const taken = new Map<string, string>();
  for (const owner of owners) {
    if (owner.service !== service && !taken.has(owner.hostname)) taken.set(owner.hostname, owner.service);
  }
  for (const hostname of wanted) {
    const owner = taken.get(hostname);
    if (owner !== undefined) {
      return {
        hostname,
        owner,
        message: `internal name ${hostname} is already served by service ${owner}; rename the component`,
      };
    }
  }
  return undefined;
}
