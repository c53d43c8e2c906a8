import type { AuthorizationTable, CallerKind, RpcAccess } from './types.js';

/** Options for `authorizationTable`. */
export interface AuthorizationTableOptions {
  /** Whether humans may call the agent directly (`mcp --direct`), from the agent's config. Default `false`. */
  readonly agentAllowsHumans?: boolean;
}

const MASTER = '/mcp.v1.MasterService/';
const AGENT = '/mcp.v1.AgentService/';
const HEALTH = '/grpc.health.v1.Health/';

/** Operator RPCs on the master, called by the CLI (and by the master itself). */
const OPERATOR_RPCS = [
  'Deploy',
  'Undeploy',
  'Stop',
  'Start',
  'Restart',
  'Status',
  'Sync',
  'ListNodes',
  'ListEdgeRoutes',
  'EdgeStatus',
  'History',
  'Rollback',
] as const;

/**
 * Master RPCs for people alone: announcing that a node's agent is about to
 * restart silences its health checks, so neither an agent (which could hide
 * its own failure) nor the master itself may.
 */
const HUMAN_RPCS = ['ExpectRestart'] as const;

/** Master RPCs only agents call; handlers also run `requireNodeIdentity`. */
const AGENT_TO_MASTER_RPCS = ['Register', 'Heartbeat', 'IssueCertificate'] as const;

/** Agent RPCs called by the master (or by a human in direct mode). */
const AGENT_RPCS = ['Deploy', 'Undeploy', 'Stop', 'Start', 'Restart', 'Status', 'HealthCheck'] as const;
/**
 * An edge agent's routes: the master alone coordinates them (it checks the
 * public names and records what it set up), so not even direct mode may.
 */
const EDGE_RPCS = ['SetupEdgeRoute', 'RemoveEdgeRoute', 'ListEdgeRoutes'] as const;

/**
 * The standard gRPC health service (grpc.health.v1), answered without a
 * token so liveness probes and load balancers need no credentials. It says
 * only "serving" or not; the node's real state is `AgentService/HealthCheck`,
 * which needs a token like every other mcp RPC.
 */
const PUBLIC_RPCS = [`${HEALTH}Check`, `${HEALTH}Watch`] as const;

/**
 * What a refused caller can do about it, when there is something: a person
 * calling an agent RPC that direct mode opens (`mcp --direct`) is told how
 * the agent allows it. Empty otherwise.
 */
export function refusalHint(path: string, kind: CallerKind): string {
  const direct = kind === 'human' && AGENT_RPCS.some((rpc) => path === `${AGENT}${rpc}`);
  return direct
    ? ' (this agent refuses direct calls; to allow mcp --direct, set [auth] allow_direct = true in its mcp-agent.toml and restart it)'
    : '';
}

/**
 * The one authorization table: every RPC of `mcp.v1.MasterService` and
 * `mcp.v1.AgentService` (by full method path) → the caller kinds allowed,
 * plus grpc.health.v1 as `'public'`. A method not in the table is refused.
 *
 * - Master operator RPCs: `human`, `master`.
 * - `ExpectRestart`: `human` only.
 * - `Register`, `Heartbeat`, `IssueCertificate`: `agent` only.
 * - Agent RPCs: `master`, and `human` when `agentAllowsHumans`; the edge
 *   RPCs (`SetupEdgeRoute`, `RemoveEdgeRoute`, `ListEdgeRoutes`): `master` only.
 */
export function authorizationTable(options: AuthorizationTableOptions = {}): AuthorizationTable {
  const agentCallers: readonly CallerKind[] = options.agentAllowsHumans ? ['master', 'human'] : ['master'];
  const entries: [string, RpcAccess][] = [
    ...OPERATOR_RPCS.map((rpc): [string, RpcAccess] => [`${MASTER}${rpc}`, ['human', 'master']]),
    ...HUMAN_RPCS.map((rpc): [string, RpcAccess] => [`${MASTER}${rpc}`, ['human']]),
    ...AGENT_TO_MASTER_RPCS.map((rpc): [string, RpcAccess] => [`${MASTER}${rpc}`, ['agent']]),
    ...AGENT_RPCS.map((rpc): [string, RpcAccess] => [`${AGENT}${rpc}`, agentCallers]),
    ...EDGE_RPCS.map((rpc): [string, RpcAccess] => [`${AGENT}${rpc}`, ['master']]),
    ...PUBLIC_RPCS.map((path): [string, RpcAccess] => [path, 'public']),
  ];
  return new Map(
    entries.map(([path, access]) => [path, typeof access === 'string' ? access : Object.freeze([...access])]),
  );
}
