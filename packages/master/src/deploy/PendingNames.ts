import type { NameAssignment } from '@mcp/reconcile';

/**
 * Names a node is about to serve: held while a deploy (or an edge route) is
 * under way, before the master has recorded it, so the node's agent may get
 * certificates for them. In memory only; a master restart forgets them,
 * and with them nothing is half-done that a retry does not redo.
 */
export class PendingNames {
  private readonly held = new Set<NameAssignment>();

  /** Holds `names` for `service` on `node` until the returned function is called. */
  hold(node: string, service: string, names: readonly string[]): () => void {
    const entry: NameAssignment = { node, service, names: [...names] };
    this.held.add(entry);
    return () => this.held.delete(entry);
  }

  list(): NameAssignment[] {
    return [...this.held];
  }
}
