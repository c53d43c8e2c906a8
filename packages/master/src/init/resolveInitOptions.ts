import { isIP } from 'node:net';
import { AuthError, checkIdentity } from '@mcp/auth';
import { isDnsLabel, isDnsName, nodeDnsName } from '@mcp/names';
import { EdgeError, normalizeHostname } from '@mcp/edge';
import { InitError } from './InitError.js';

/** What `initFleet` creates a fleet from. */
export interface InitFleetOptions {
  /** Directory of the fleet's files; created (mode 0700) if missing. */
  readonly dir: string;
  /** The master's node name. It runs an agent too, so it also gets an `agent-<node>` token. */
  readonly masterNode: string;
  /** The fleet's internal zone (the master's `zone`): agent certificates name their node as `<node>.node.mcp.<zone>`. */
  readonly zone: string;
  /** DNS names and IP addresses agents and the CLI dial the master by: the SANs of `master.pem`. */
  readonly masterAddresses: readonly string[];
  /** Nodes whose agents get `agent-<node>` tokens. Default none besides the master node. */
  readonly agents?: readonly string[];
  /** Per node, the DNS names and IP addresses of its agent's gRPC listener: these nodes get `agents/<node>.pem` and `.key` (and a token). Default none. */
  readonly agentAddresses?: Readonly<Record<string, readonly string[]>>;
  /** People who get tokens of kind human. Default `['operator']`. */
  readonly operators?: readonly string[];
  /** Lifetime of the tokens, in whole days. Default 365. */
  readonly tokenTtlDays?: number;
  /** Lifetime of the master's and agents' listener certificates, in whole days. Default 365. */
  readonly serverCertDays?: number;
  /** The `iss` of the tokens; must match the master's `auth.issuer`. Default `'mcp'`. */
  readonly issuer?: string;
  /** The time, ms since the epoch. Default `Date.now()`. */
  readonly now?: number;
}

/** Names and addresses for one TLS listener certificate, split by kind. */
export interface ListenerNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

/** `InitFleetOptions`, checked, with every default applied. */
export interface ResolvedInitOptions {
  readonly dir: string;
  readonly zone: string;
  readonly masterNode: string;
  readonly master: ListenerNames;
  /** The first master address given: what the starter agent configs dial. */
  readonly masterAddress: string;
  /** Per node with listener addresses, the first one given: its agent's advertised address. */
  readonly agentAddress: ReadonlyMap<string, string>;
  /** Every node that gets an agent token: the master node first, then the others in the order given. */
  readonly agents: readonly string[];
  readonly agentListeners: ReadonlyMap<string, ListenerNames>;
  readonly operators: readonly string[];
  readonly tokenTtlSeconds: number;
  readonly serverCertDays: number;
  readonly issuer: string | undefined;
  readonly now: number;
}

/**
 * Checks `options` before anything is written and applies the defaults.
 *
 * @throws InitError `INVALID_OPTION` naming the bad option and value.
 */
export function resolveInitOptions(options: InitFleetOptions): ResolvedInitOptions {
  const { dir, masterNode, agents = [], agentAddresses = {}, operators = ['operator'] } = options;
  if (dir.trim() === '') throw new InitError('INVALID_OPTION', 'dir must not be empty');
  if (!isDnsName(options.zone)) {
    throw new InitError('INVALID_OPTION', `zone ${JSON.stringify(options.zone)} is not a lowercase DNS name`);
  }
  const nodes = [...new Set([masterNode, ...agents, ...Object.keys(agentAddresses)])];
  for (const node of nodes) {
    if (!isDnsLabel(node)) {
      throw new InitError('INVALID_OPTION', `node name ${JSON.stringify(node)} is not a lowercase DNS label`);
    }
  }
  for (const operator of operators) {
    try {
      checkIdentity(operator, 'human');
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      throw new InitError('INVALID_OPTION', `operator ${JSON.stringify(operator)}: ${error.message}`);
    }
  }
  const agentListeners = new Map<string, ListenerNames>();
  for (const [node, addresses] of Object.entries(agentAddresses)) {
    const names = listenerNames(addresses, `addresses of agent ${node}`);
    // The name the master checks on every call: the node, not just an address.
    agentListeners.set(node, { ...names, dnsNames: [nodeDnsName(node, options.zone), ...names.dnsNames] });
  }
  return {
    dir,
    zone: options.zone,
    masterNode,
    master: listenerNames(options.masterAddresses, 'master addresses'),
    masterAddress: options.masterAddresses[0]!,
    agentAddress: new Map(Object.entries(agentAddresses).map(([node, list]) => [node, list[0]!])),
    agents: nodes,
    agentListeners,
    operators: [...new Set(operators)],
    tokenTtlSeconds: wholeDays(options.tokenTtlDays ?? 365, 'tokenTtlDays') * 86_400,
    serverCertDays: wholeDays(options.serverCertDays ?? 365, 'serverCertDays'),
    issuer: options.issuer,
    now: options.now ?? Date.now(),
  };
}

/** Splits `addresses` into DNS names (checked, lowercased) and IP addresses. */
function listenerNames(addresses: readonly string[], what: string): ListenerNames {
  if (addresses.length === 0)
    throw new InitError('INVALID_OPTION', `${what}: give at least one DNS name or IP address`);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const address of addresses) {
    if (isIP(address) !== 0) {
      ipAddresses.push(address);
      continue;
    }
    try {
      dnsNames.push(normalizeHostname(address));
    } catch (error) {
      if (!(error instanceof EdgeError)) throw error;
      throw new InitError('INVALID_OPTION', `${what}: ${error.message} (and it is not an IP address)`);
    }
  }
  return { dnsNames: [...new Set(dnsNames)], ipAddresses: [...new Set(ipAddresses)] };
}

function wholeDays(days: number, name: string): number {
  if (!Number.isSafeInteger(days) || days <= 0) {
    throw new InitError('INVALID_OPTION', `${name} must be a whole number of days > 0, got ${days}`);
  }
  return days;
}
