/**
 * What a node does in the fleet. Edge nodes never host containers.
 *
 * The one rule lives in `@mcp/names`; it is written out again here so that
 * this package keeps no dependencies (other tooling imports it), and
 * `@mcp/reconcile`'s `nodeRoles.test.ts` stops compiling if the two differ.
 */
export type NodeRole = 'master' | 'worker' | 'edge';

/** The placement view of a node: only what the rules need. */
export interface PlacementNode {
  /** Unique node name, e.g. `rift`. */
  readonly name: string;
  readonly role: NodeRole;
  /** Unhealthy nodes receive nothing new. */
  readonly healthy: boolean;
  /**
   * What a node that is not `healthy` is instead, for refusals (e.g.
   * `restarting`: its agent is being upgraded). Default `unhealthy`.
   */
  readonly condition?: string | undefined;
  /** Containers currently running on the node. */
  readonly containers: number;
}

/** Service tier: `core` runs on the master node, `worker` is auto-placed. */
export type Tier = 'core' | 'worker';

/** A service that needs a node. */
export interface PlacementRequest {
  /** Service name, echoed in the decision. */
  readonly service: string;
  /** Defaults to `worker`. */
  readonly tier?: Tier | undefined;
  /** Pins the service to this node; overrides the tier. */
  readonly node?: string | undefined;
  /** How many containers the service adds to its node. */
  readonly components: number;
  /** The node the service already runs on, if any. An existing placement is kept. */
  readonly existingNode?: string | undefined;
}

/** Why a node was chosen. */
export type PlacementReason = 'existing' | 'pinned' | 'core' | 'least-loaded';

/** A successful placement. */
export interface PlacementDecision {
  readonly service: string;
  readonly node: string;
  readonly reason: PlacementReason;
}

/** Tuning for the placement rules. */
export interface PlacementOptions {
  /** Whether the master node also takes worker-tier services. Default `true`. */
  readonly masterTakesWorkers?: boolean;
}
