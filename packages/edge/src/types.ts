import type { NodeRole } from '@mcp/names';

export type { NodeRole };

/** The edge-choice view of a node: only what the rule needs. */
export interface EdgeNodeCandidate {
  /** Unique node name, e.g. `svc`. */
  readonly name: string;
  readonly role: NodeRole;
  /** Unhealthy nodes receive no new routes. */
  readonly healthy: boolean;
}

/**
 * A route on an edge node: public `hostname` → `backendHostname:backendPort`.
 * Other fields (certificate serial and expiry, the owning service) may ride
 * along; `diffEdgeRoutes` ignores them.
 */
export interface EdgeRoute {
  /** Public hostname; the key of a route. */
  readonly hostname: string;
  /** Internal backend name, `<component>.svc.mcp.<zone>`. */
  readonly backendHostname: string;
  readonly backendPort: number;
  /** Name of the edge node that serves the route. */
  readonly edgeNode: string;
}

/** The route fields whose change makes a route need an update. */
export type EdgeRouteField = 'backendHostname' | 'backendPort' | 'edgeNode';

/** A route that exists but differs from what is desired. */
export interface EdgeRouteUpdate<D extends EdgeRoute = EdgeRoute, A extends EdgeRoute = EdgeRoute> {
  readonly desired: D;
  readonly actual: A;
  /** Which fields differ, in the order `backendHostname`, `backendPort`, `edgeNode`. */
  readonly changed: readonly EdgeRouteField[];
}

/** What it takes to turn the actual routes into the desired ones; every list is sorted by hostname. */
export interface EdgeRouteDiff<D extends EdgeRoute = EdgeRoute, A extends EdgeRoute = EdgeRoute> {
  /** Desired routes with no actual route of the same hostname. */
  readonly add: D[];
  /** Routes whose backend or edge node differ. When `edgeNode` changed, the old node's route must go too. */
  readonly update: EdgeRouteUpdate<D, A>[];
  /** Actual routes nobody desires, including extra copies of a hostname (then sorted by edge node). */
  readonly remove: A[];
  /** Actual routes that already match (as the actual route, with its certificate fields). */
  readonly unchanged: A[];
}

/** A SetupEdgeRoute request, in the field names of the RPC (camelCase). */
export interface EdgeRouteRequest {
  /** Public hostname, e.g. `hello.metacircular.net`. */
  readonly hostname: string;
  /** Internal backend name, e.g. `hello.svc.mcp.metacircular.net`. */
  readonly backendHostname: string;
  readonly backendPort: number;
  /** Must be `true`: the edge never talks plaintext to a backend. */
  readonly backendTls: boolean;
}

/** A request that passed `validateEdgeRouteRequest`: names lowercased, TLS on. */
export interface ValidEdgeRouteRequest extends EdgeRouteRequest {
  readonly backendTls: true;
}

/** The configuration an edge route request is checked against. */
export interface EdgeRouteRules {
  /** Public domains routes may use; a name must equal one or sit below it. No default. */
  readonly allowedDomains: readonly string[];
  /** The fleet's zone; backends must be under `svc.mcp.<zone>`. No default. */
  readonly zone: string;
}
