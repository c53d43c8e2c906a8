import { checkIdentity } from './checkIdentity.js';
import { checkNodeFields } from './checkNodeFields.js';
import { describeChanges } from './describeChanges.js';
import { nodeOfAgentIdentity } from '@mcp/names';
import { quote } from './quote.js';
import { RegistryError } from './RegistryError.js';
import type {
  BootstrapNode,
  NodeRecord,
  NodeRegistration,
  RegistrationRequest,
  RegistrationResult,
} from './types.js';
import { validateRegistration } from './validateRegistration.js';

/** Most nodes a registry holds unless configured otherwise: 16. */
export const DEFAULT_MAX_NODES = 16;

/** Rules for a `NodeRegistry`. */
export interface RegistryOptions {
  /** Identities allowed to register, each `agent-<node>`. Default: none, so only bootstrap nodes are known. */
  readonly allowlist?: Iterable<string>;
  /** Most nodes the registry holds, bootstrap nodes included. Default `DEFAULT_MAX_NODES` (16). */
  readonly maxNodes?: number;
  /** Whether re-registration may change a node's role. Default `false`: `remove` the node first. */
  readonly allowRoleChange?: boolean;
  /** Records to start from, e.g. the master's database; kept even beyond `maxNodes`. Default: none. */
  readonly nodes?: Iterable<NodeRecord>;
}

/**
 * The master's node registry: who may register, what a registration must
 * contain, and what it changes. State lives in the instance; nothing here does
 * I/O or reads a clock, so the daemon persists the records it gets back.
 *
 * Invariants: names are unique; at most one node has the `master` role; a
 * registration never takes the registry past `maxNodes`; records are frozen.
 */
export class NodeRegistry {
  private readonly nodes = new Map<string, NodeRecord>();
  private readonly allowlist: ReadonlySet<string>;
  private readonly maxNodes: number;
  private readonly allowRoleChange: boolean;

  /** @throws RegistryError `INVALID_OPTION` for a bad option, `DUPLICATE_NODE` if `nodes` repeats a name. */
  constructor(options: RegistryOptions = {}) {
    this.allowlist = new Set(options.allowlist ?? []);
    for (const identity of this.allowlist) {
      if (nodeOfAgentIdentity(identity) === undefined) {
        throw new RegistryError(
          'INVALID_OPTION',
          `allowlist: ${quote(identity)} is not an agent identity (agent-<node name>)`,
        );
      }
    }
    this.maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
    if (!Number.isInteger(this.maxNodes) || this.maxNodes < 1) {
      throw new RegistryError(
        'INVALID_OPTION',
        `maxNodes: must be a whole number >= 1, got ${this.maxNodes}`,
      );
    }
    this.allowRoleChange = options.allowRoleChange ?? false;
    for (const record of options.nodes ?? []) {
      if (this.nodes.has(record.name)) throw duplicate(record.name);
      this.nodes.set(record.name, Object.freeze({ ...record }));
    }
  }

  /**
   * Checks a registration without changing anything, in this order:
   * 1. `identity` is `agent-<name>` for the node in the request (`IDENTITY_MISMATCH`);
   * 2. the identity is on the allowlist (`NOT_ALLOWLISTED`);
   * 3. the fields, as `validateRegistration` (`INVALID_*`);
   * 4. a re-registration keeps its role unless `allowRoleChange` (`ROLE_CHANGED`),
   *    and no second node claims `master` (`ROLE_CONFLICT`);
   * 5. no other node is known at the same address (`ADDRESS_IN_USE`): a node
   *    could otherwise point its name at another node's agent;
   * 6. a new node fits under `maxNodes` (`REGISTRY_FULL`); re-registration always fits.
   *
   * @returns the checked fields.
   * @throws RegistryError with the code of the first rule broken.
   */
  check(request: RegistrationRequest, identity: string): NodeRegistration {
    checkIdentity(identity, request.name, this.allowlist);
    const reg = validateRegistration(request);
    const previous = this.nodes.get(reg.name);
    if (previous && previous.role !== reg.role && !this.allowRoleChange) {
      throw new RegistryError(
        'ROLE_CHANGED',
        `role: node ${quote(reg.name)} is registered as ${previous.role}, got ${reg.role}; remove the node to change its role`,
        'role',
      );
    }
    if (reg.role === 'master') this.checkOneMaster(reg.name);
    const holder = this.holderOf(reg.address);
    if (holder !== undefined && holder.name !== reg.name) {
      throw new RegistryError(
        'ADDRESS_IN_USE',
        `address: ${reg.address} is node ${quote(holder.name)}'s address; two nodes never share one`,
        'address',
      );
    }
    if (!previous && this.nodes.size >= this.maxNodes) {
      throw new RegistryError(
        'REGISTRY_FULL',
        `maxNodes: the registry is full (${this.nodes.size} of ${this.maxNodes} nodes); remove a node or raise the limit`,
        'maxNodes',
      );
    }
    return reg;
  }

  /**
   * Registers (or re-registers) the caller's node after the checks of
   * `check`. A re-registration replaces the entry (a bootstrap node keeps
   * `bootstrap: true`) and reports what changed in `warnings`, with
   * `previousAddress` when the address did.
   *
   * @throws RegistryError with the code of the first rule broken; nothing changes then.
   */
  register(request: RegistrationRequest, identity: string, now: number): RegistrationResult {
    const reg = this.check(request, identity);
    const previous = this.nodes.get(reg.name);
    const node: NodeRecord = Object.freeze({
      ...reg,
      registeredAt: now,
      lastSeenAt: now,
      bootstrap: previous?.bootstrap ?? false,
    });
    this.nodes.set(node.name, node);
    const warnings = previous ? describeChanges(previous, node) : [];
    const previousAddress = previous && previous.address !== node.address ? previous.address : undefined;
    return { node, created: !previous, previous, previousAddress, warnings };
  }

  /**
   * Adds the nodes declared in config, all or none. An entry its agent has
   * registered is left alone (the registration is newer than the config); an
   * entry that only ever came from config is replaced. Returns the records written.
   *
   * @throws RegistryError `INVALID_*` for a bad field, `DUPLICATE_NODE` if the
   *   list repeats a name, `ROLE_CONFLICT` for a second master, `REGISTRY_FULL`
   *   if the result would exceed `maxNodes`.
   */
  seedBootstrap(nodes: Iterable<BootstrapNode>): NodeRecord[] {
    const seen = new Set<string>();
    const written: NodeRecord[] = [];
    for (const input of nodes) {
      const fields = checkNodeFields(input);
      if (seen.has(fields.name)) throw duplicate(fields.name);
      seen.add(fields.name);
      const existing = this.nodes.get(fields.name);
      if (existing?.registeredAt !== undefined) continue;
      const record = {
        ...fields,
        agentVersion: undefined,
        registeredAt: undefined,
        lastSeenAt: existing?.lastSeenAt,
        bootstrap: true,
      };
      written.push(Object.freeze(record));
    }
    const after = new Map(this.nodes);
    for (const record of written) after.set(record.name, record);
    const masters = [...after.values()].filter((n) => n.role === 'master').map((n) => n.name);
    if (masters.length > 1) {
      throw new RegistryError(
        'ROLE_CONFLICT',
        `role: nodes ${masters.map(quote).join(' and ')} both claim master; a fleet has one master`,
        'role',
      );
    }
    if (after.size > this.maxNodes && after.size > this.nodes.size) {
      throw new RegistryError(
        'REGISTRY_FULL',
        `maxNodes: ${after.size} nodes with the bootstrap nodes, more than the limit of ${this.maxNodes}`,
        'maxNodes',
      );
    }
    for (const record of written) this.nodes.set(record.name, record);
    return written;
  }

  /**
   * Records a heartbeat: sets `lastSeenAt` to `now` and returns the new record.
   *
   * @throws RegistryError `UNKNOWN_NODE` if the node is not registered (tell the agent to register again).
   */
  touch(name: string, now: number): NodeRecord {
    const record = this.nodes.get(name);
    if (!record)
      throw new RegistryError('UNKNOWN_NODE', `name: node ${quote(name)} is not registered`, 'name');
    const touched = Object.freeze({ ...record, lastSeenAt: now });
    this.nodes.set(name, touched);
    return touched;
  }

  /** The node's record, or undefined. */
  get(name: string): NodeRecord | undefined {
    return this.nodes.get(name);
  }

  /** Every record, sorted by name (code-unit order, independent of locale). */
  list(): NodeRecord[] {
    return [...this.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Removes a node (an explicit operator act); returns whether it was there. */
  remove(name: string): boolean {
    return this.nodes.delete(name);
  }

  /** How many nodes the registry holds. */
  get size(): number {
    return this.nodes.size;
  }

  /** The node known at `address` (compared case-insensitively, as host names are), if any. */
  private holderOf(address: string): NodeRecord | undefined {
    const wanted = address.toLowerCase();
    for (const node of this.nodes.values()) if (node.address.toLowerCase() === wanted) return node;
    return undefined;
  }

  private checkOneMaster(name: string): void {
    for (const other of this.nodes.values()) {
      if (other.role === 'master' && other.name !== name) {
        throw new RegistryError(
          'ROLE_CONFLICT',
          `role: node ${quote(other.name)} is already the master; a fleet has one master`,
          'role',
        );
      }
    }
  }
}

function duplicate(name: string): RegistryError {
  return new RegistryError('DUPLICATE_NODE', `name: node ${quote(name)} is listed twice`, 'name');
}
