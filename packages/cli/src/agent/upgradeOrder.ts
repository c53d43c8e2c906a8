/** A node as the upgrade order sees it. */
export interface OrderedNode {
  name: string;
  /** `master`, `worker` or `edge`, from the master's registry. */
  role: string;
}

/**
 * The safe order to upgrade every node in: one worker first as the canary
 * (the first by name), then the other workers, then edges, the master's node
 * last, each group by name. A failure stops the run, so a bad binary reaches
 * one worker at most.
 */
export function upgradeOrder<N extends OrderedNode>(nodes: readonly N[]): { node: N; canary: boolean }[] {
  const rank = (role: string) => (role === 'worker' ? 0 : role === 'edge' ? 1 : role === 'master' ? 2 : 1);
  const sorted = [...nodes].sort((a, b) => rank(a.role) - rank(b.role) || a.name.localeCompare(b.name));
  const canary = sorted.find((n) => n.role === 'worker');
  return sorted.map((node) => ({ node, canary: node === canary }));
}
