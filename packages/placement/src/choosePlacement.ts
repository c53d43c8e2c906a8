import { planPlacements } from './planPlacements.js';
import type { PlacementDecision, PlacementNode, PlacementOptions, PlacementRequest } from './types.js';

/**
 * Chooses the node for one service, by these rules in order:
 * 1. an existing placement is kept (its node must be registered and healthy);
 * 2. `node` pins: the node must be registered, healthy and not an edge node;
 * 3. `tier = "core"` goes to the master node;
 * 4. otherwise the healthy worker (or master) node with the fewest
 *    containers, ties broken by node name.
 *
 * @throws PlacementError when no node fits; its `code` says why.
 */
export function choosePlacement(
  request: PlacementRequest,
  nodes: readonly PlacementNode[],
  options: PlacementOptions = {},
): PlacementDecision {
  const [result] = planPlacements([request], nodes, options);
  if (!result!.ok) throw result!.error;
  return result!.decision;
}
