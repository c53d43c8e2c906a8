import { EdgeError } from './EdgeError.js';
import type { EdgeNodeCandidate } from './types.js';

/**
 * Chooses the edge node for a new public route: the healthy node with role
 * `edge` whose name sorts first (by code unit, so the answer does not depend
 * on input order or locale). Returns the node object it was given.
 *
 * @throws EdgeError `NO_EDGE_NODE` when there is no healthy edge node; the message says whether
 *   there are edge nodes at all and, if so, which are unhealthy.
 */
export function chooseEdgeNode<T extends EdgeNodeCandidate>(nodes: readonly T[]): T {
  let best: T | undefined;
  const unhealthy: string[] = [];
  for (const node of nodes) {
    if (node.role !== 'edge') continue;
    if (!node.healthy) unhealthy.push(node.name);
    else if (best === undefined || node.name < best.name) best = node;
  }
  if (best !== undefined) return best;
  if (unhealthy.length === 0) {
    throw new EdgeError('NO_EDGE_NODE', 'no edge node is registered; public routes need one');
  }
  const names = unhealthy
    .sort()
    .map((name) => `"${name}"`)
    .join(', ');
  throw new EdgeError('NO_EDGE_NODE', `no healthy edge node: every edge node is unhealthy (${names})`);
}
