/** Names a node serves for one service: what the master placed or assigned there. */
export interface NameAssignment {
  readonly node: string;
  readonly service: string;
  readonly names: readonly string[];
}

/**
 * Certificates follow placement: `node` may get a certificate for `name`
 * only when the master has placed (or is deploying) a service served under
 * that name on it, or has assigned that public name to it as an edge.
 * Returns why not, in words that complete "may not get a certificate for
 * <name>: …", or `undefined` when it may.
 */
export function certificateRefusal(
  node: string,
  name: string,
  assignments: readonly NameAssignment[],
): string | undefined {
  const holders = assignments.filter((a) => a.names.includes(name));
  if (holders.some((a) => a.node === node)) return undefined;
  const [elsewhere] = holders;
  if (elsewhere)
    return `it belongs to service ${elsewhere.service}, which the master put on ${elsewhere.node}, not on ${node}`;
  return `the master has put nothing served under that name on ${node}`;
}
