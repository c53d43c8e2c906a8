import { choosePlacement, PlacementError } from '@mcp/placement';
import type { PlacementDecision, PlacementNode, PlacementReason } from '@mcp/placement';
import { hashSpec, planRoutes, type ServiceSpec } from '@mcp/spec';
import { findNameClash } from './findNameClash.js';
import { internalNames } from './internalNames.js';
import { nodeHost } from './nodeHost.js';
import { planDnsRecords, type DnsRecord, type DnsRecordPlan } from './planDnsRecords.js';
import {
  planEdgeRoutes,
  publicHostnameRefusal,
  type EdgePlan,
  type RecordedEdgeRoute,
} from './planEdgeRoutes.js';

/** A service the master has placed, with the spec it was deployed with. */
export interface PlacedService {
  readonly service: string;
  readonly node: string;
  readonly specHash: string;
  readonly spec: ServiceSpec;
}

/** A node as deploy planning sees it: placement's view plus where its agent listens. */
export interface DeployNode extends PlacementNode {
  /** `host:port` of the node's agent; the host is what A records point at. */
  readonly address: string;
  /** The port its proxy serves routes on (the edge forwards there); undefined if not reported. */
  readonly proxyPort?: number | undefined;
}

/** Everything a deploy is planned from: the request and the master's records. */
export interface DeployPlanInput {
  readonly spec: ServiceSpec;
  readonly zone: string;
  /** Every placement the master holds (the service's own included, if any). */
  readonly placements: readonly PlacedService[];
  /** The A records the master holds for this service. */
  readonly dnsRecords: readonly DnsRecord[];
  /** Every edge route the master recorded (any service's). */
  readonly edgeRoutes: readonly RecordedEdgeRoute[];
  /** Public domains public routes may use (the master's `[edge] allowed_domains`). */
  readonly allowedDomains: readonly string[];
  readonly nodes: readonly DeployNode[];
  /** Whether worker-tier services may run on the master node. */
  readonly masterTakesWorkers: boolean;
  /** False for DNS provider `none`: no records are planned. */
  readonly dnsManaged: boolean;
  /**
   * A node already chosen by a bulk plan (sync), used instead of choosing
   * again: unless the service has been placed since (another deploy), or
   * that node is no longer healthy; then the node is chosen as for any deploy.
   */
  readonly decision?: PlacementDecision | undefined;
  /**
   * Deploys of other services under way, not recorded yet: the names their
   * specs claim are taken as a placement's are, so two deploys running at
   * once cannot both claim one name. Default none.
   */
  readonly underWay?: readonly ServiceUnderWay[] | undefined;
}

/** A deploy the master is applying: the spec it was planned from. */
export interface ServiceUnderWay {
  readonly service: string;
  readonly spec: ServiceSpec;
}

/** The steps a deploy runs, in order (an `edge_route` per public hostname, and per route removed). */
export type DeployStepName = 'placement' | 'deploy' | 'dns' | 'edge_route';

/** A deploy that cannot start: nothing is done, and the reason is the placement step's error. */
export interface RefusedDeploy {
  readonly ok: false;
  readonly service: string;
  readonly hash: string;
  readonly previous: PlacedService | undefined;
  readonly error: string;
  /**
   * Whether the spec itself is what cannot be placed (see
   * {@link isBadRequest}), so deploying it again cannot succeed; otherwise
   * the fleet's state is the reason (no healthy node, say).
   */
  readonly badRequest: boolean;
}

/**
 * Placement refusals that are the request's fault: a pinned node that is
 * not registered or is an edge node, a malformed request. The others
 * depend on the fleet (a node unhealthy, none eligible) and may pass later.
 */
export function isBadRequest(error: PlacementError): boolean {
  return ['PINNED_NODE_UNKNOWN', 'PINNED_NODE_IS_EDGE', 'INVALID_REQUEST'].includes(error.code);
}

/** A deploy that can go ahead, and everything it will do. */
export interface DeployPlan {
  readonly ok: true;
  readonly service: string;
  readonly hash: string;
  readonly node: string;
  readonly reason: PlacementReason;
  /** The node's agent, `host:port`. */
  readonly nodeAddress: string;
  /** The placement this deploy replaces, if any. */
  readonly previous: PlacedService | undefined;
  /** Whether the spec differs from the one deployed (or there was none). */
  readonly specChanged: boolean;
  /** The service's internal names, sorted. */
  readonly names: readonly string[];
  /**
   * A records to set and remove (through the provider even when DNS is not
   * managed, so its answer says why no name resolves); `undefined` when the
   * node's address is not an IP address.
   */
  readonly dns: DnsRecordPlan | undefined;
  /** Whether the master keeps DNS records (provider other than `none`). */
  readonly dnsManaged: boolean;
  /** Why managed records cannot be planned (the node's address is not an IP), if so; the dns step fails with it. */
  readonly dnsProblem: string | undefined;
  /** The service's public routes at the edge. */
  readonly edge: EdgePlan;
  readonly steps: readonly DeployStepName[];
}

/**
 * Plans one deploy from the spec and the master's records, before anything
 * is done: the node and why (an existing placement is kept, see
 * `@mcp/placement`), the internal-name check against every other placed
 * service, the public hostnames (allowed, and not another service's), the
 * DNS records wanted and the routes at the edge. The master applies the steps in order;
 * `mcp sync --dry-run` shows the same plans, so a dry run says what a deploy does.
 */
export function planDeploy(input: DeployPlanInput): DeployPlan | RefusedDeploy {
  const { spec, zone } = input;
  const hash = hashSpec(spec);
  const previous = input.placements.find((p) => p.service === spec.name);
  const refuse = (error: string, badRequest = true): RefusedDeploy => ({
    ok: false,
    service: spec.name,
    hash,
    previous,
    error,
    badRequest,
  });
  const names = internalNames(spec, zone);
  const publicNames = (s: ServiceSpec) =>
    planRoutes(s, zone).flatMap((r) => (r.public ? [r.publicHostname] : []));
  /** Each name `namesOf` gives for each service, with the service it belongs to. */
  const owners = (
    services: readonly { service: string; spec: ServiceSpec }[],
    namesOf: (s: ServiceSpec) => string[],
  ) => services.flatMap((p) => namesOf(p.spec).map((hostname) => ({ service: p.service, hostname })));
  const clash = findNameClash(
    spec.name,
    names,
    owners(input.placements, (s) => internalNames(s, zone)),
  );
  if (clash) return refuse(clash.message);
  const publicRefusal = publicHostnameRefusal({
    spec,
    zone,
    allowedDomains: input.allowedDomains,
    placements: input.placements,
    edgeRoutes: input.edgeRoutes,
  });
  if (publicRefusal !== undefined) return refuse(publicRefusal);
  // Not the spec's fault: once that deploy is done, this one either clashes
  // with its placement or (if it failed) goes ahead.
  const underWay = (input.underWay ?? []).filter((d) => d.service !== spec.name);
  const claimed =
    findNameClash(
      spec.name,
      names,
      owners(underWay, (s) => internalNames(s, zone)),
    ) ?? findNameClash(spec.name, publicNames(spec), owners(underWay, publicNames));
  if (claimed) {
    return refuse(
      `${claimed.hostname} is claimed by a deploy of service ${claimed.owner} under way; deploy again once it is done`,
      false,
    );
  }
  let decision: PlacementDecision;
  try {
    // Made before this deploy waited its turn: only good while nothing changed it.
    const decided = input.decision;
    const stillGood =
      decided !== undefined &&
      previous === undefined &&
      input.nodes.some((n) => n.name === decided.node && n.healthy);
    decision = stillGood
      ? decided
      : choosePlacement(
          {
            service: spec.name,
            tier: spec.tier,
            node: spec.node,
            components: spec.components.length,
            existingNode: previous?.node,
          },
          input.nodes,
          { masterTakesWorkers: input.masterTakesWorkers },
        );
  } catch (error) {
    if (!(error instanceof PlacementError)) throw error;
    return refuse(error.message, isBadRequest(error));
  }
  const node = input.nodes.find((n) => n.name === decision.node);
  if (!node) return refuse(`node ${decision.node} is not registered`, false);
  const host = nodeHost(node.address);
  const edge = planEdgeRoutes({ spec, zone, node, nodes: input.nodes, edgeRoutes: input.edgeRoutes });
  const dnsProblem =
    input.dnsManaged && names.length > 0 && host.ip === undefined
      ? `node address ${node.address} is not an IP address; A records need one`
      : undefined;
  return {
    ok: true,
    service: spec.name,
    hash,
    node: node.name,
    reason: decision.reason,
    nodeAddress: node.address,
    previous,
    specChanged: previous?.specHash !== hash,
    names,
    dns: host.ip === undefined ? undefined : planDnsRecords(names, host.ip, input.dnsRecords),
    dnsManaged: input.dnsManaged,
    dnsProblem,
    edge,
    steps: [
      'placement',
      'deploy',
      'dns',
      ...[...edge.desired, ...edge.remove].map(() => 'edge_route' as const),
    ],
  };
}
