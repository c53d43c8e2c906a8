import { NodeHeap } from './NodeHeap.js';
import { PlacementError } from './PlacementError.js';
import type { PlacementDecision, PlacementNode, PlacementOptions, PlacementRequest } from './types.js';

/** One entry of a plan: a decision, or the reason there is none. */
export type PlannedPlacement =
  | { readonly ok: true; readonly decision: PlacementDecision }
  | { readonly ok: false; readonly service: string; readonly error: PlacementError };

/**
 * Places many services at once, as `sync` does. Each placement counts the
 * containers the plan already put on a node, so a plan spreads load exactly
 * as the same requests deployed one by one would.
 *
 * Returns one entry per request, in input order; a refused request does not
 * stop the rest. Deterministic: the same input gives the same plan.
 * Cost: O(n log n) once for n nodes, then O(log n) per request.
 *
 * @throws PlacementError `DUPLICATE_NODE` if two nodes share a name.
 */
export function planPlacements(
  requests: readonly PlacementRequest[],
  nodes: readonly PlacementNode[],
  options: PlacementOptions = {},
): PlannedPlacement[] {
  const masterTakesWorkers = options.masterTakesWorkers ?? true;
  const n = nodes.length;
  const order = nodes.map((_, i) => i).sort((a, b) => compareNames(nodes[a]!.name, nodes[b]!.name));
  const byName = new Map<string, number>();
  // key = containers * n + rank-by-name: one number orders by load, then name.
  const keys = new Float64Array(n);
  const eligible: number[] = [];
  let master = -1;
  order.forEach((i, rank) => {
    const node = nodes[i]!;
    if (byName.has(node.name)) {
      throw new PlacementError('DUPLICATE_NODE', `node "${node.name}" is listed twice`);
    }
    byName.set(node.name, i);
    keys[i] = Math.max(0, node.containers) * n + rank;
    if (node.role === 'master' && master < 0) master = i;
    const takesWorkers = node.role === 'worker' || (node.role === 'master' && masterTakesWorkers);
    if (node.healthy && takesWorkers) eligible.push(i);
  });
  const heap = new NodeHeap(keys, eligible);

  return requests.map((request): PlannedPlacement => {
    try {
      const [index, reason] = pick(request);
      heap.increase(index, request.components * n);
      return { ok: true, decision: { service: request.service, node: nodes[index]!.name, reason } };
    } catch (error) {
      if (!(error instanceof PlacementError)) throw error;
      return { ok: false, service: request.service, error };
    }
  });

  function pick(request: PlacementRequest): [number, PlacementDecision['reason']] {
    const { service } = request;
    if (!Number.isInteger(request.components) || request.components < 0) {
      throw new PlacementError(
        'INVALID_REQUEST',
        `${service}: components must be a whole number >= 0, got ${String(request.components)}`,
        service,
      );
    }
    if (request.existingNode !== undefined) {
      const i = byName.get(request.existingNode);
      if (i === undefined) {
        throw new PlacementError(
          'EXISTING_NODE_UNKNOWN',
          `${service} is placed on node "${request.existingNode}", which is not registered; moving it is an explicit act`,
          service,
        );
      }
      if (!nodes[i]!.healthy) {
        throw new PlacementError(
          'EXISTING_NODE_UNHEALTHY',
          `${service} is placed on node "${request.existingNode}", which is ${conditionOf(nodes[i]!)}; moving it is an explicit act`,
          service,
        );
      }
      return [i, 'existing'];
    }
    if (request.node !== undefined) {
      const i = byName.get(request.node);
      if (i === undefined) {
        throw new PlacementError(
          'PINNED_NODE_UNKNOWN',
          `${service} is pinned to unknown node "${request.node}"`,
          service,
        );
      }
      const node = nodes[i]!;
      if (node.role === 'edge') {
        throw new PlacementError(
          'PINNED_NODE_IS_EDGE',
          `${service} is pinned to "${node.name}", an edge node; edge nodes never host containers`,
          service,
        );
      }
      if (!node.healthy) {
        throw new PlacementError(
          'PINNED_NODE_UNHEALTHY',
          `${service} is pinned to "${node.name}", which is ${conditionOf(node)}`,
          service,
        );
      }
      return [i, 'pinned'];
    }
    if (request.tier === 'core') {
      if (master < 0)
        throw new PlacementError(
          'NO_MASTER_NODE',
          `${service} is core tier but no master node is registered`,
          service,
        );
      if (!nodes[master]!.healthy) {
        throw new PlacementError(
          'MASTER_NODE_UNHEALTHY',
          `${service} is core tier but the master node "${nodes[master]!.name}" is ${conditionOf(nodes[master]!)}`,
          service,
        );
      }
      return [master, 'core'];
    }
    const best = heap.peek();
    if (best < 0) {
      throw new PlacementError(
        'NO_ELIGIBLE_NODE',
        `${service}: no healthy worker node to place it on`,
        service,
      );
    }
    return [best, 'least-loaded'];
  }
}

/** What an unhealthy node is, in a refusal. */
function conditionOf(node: PlacementNode): string {
  return node.condition || 'unhealthy';
}

/** Code-unit order, so the result never depends on the host's locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
