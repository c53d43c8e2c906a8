import {
  NodeRegistry,
  type BootstrapNode,
  type NodeRecord,
  type RegistrationRequest,
  type RegistrationResult,
} from '@mcp/registry';
import type { Logger } from 'pino';
import type { MasterStore } from '../store/MasterStore.js';

/** Who may register, and the nodes known before they do. */
export interface NodeDirectoryOptions {
  store: MasterStore;
  logger: Logger;
  /** Identities (`agent-<node>`) that may register. */
  allowlist: readonly string[];
  /** Default 16. */
  maxNodes?: number | undefined;
  /** Nodes from the config, known before they register. Default none. */
  bootstrap?: readonly BootstrapNode[] | undefined;
}

/**
 * The registered nodes: `@mcp/registry`'s rules applied to the records in
 * the master's database, each registration written back and logged.
 */
export class NodeDirectory {
  private readonly registry: NodeRegistry;

  /** @throws RegistryError for a bad allowlist or bootstrap list (configuration). */
  constructor(private readonly options: NodeDirectoryOptions) {
    this.registry = new NodeRegistry({
      allowlist: options.allowlist,
      maxNodes: options.maxNodes,
      nodes: options.store.listNodes(),
    });
    for (const node of this.registry.seedBootstrap(options.bootstrap ?? [])) options.store.putNode(node);
  }

  /**
   * Registers (or re-registers) the caller's node and records it.
   * @throws RegistryError (identity, allowlist, fields, capacity); nothing changes then.
   */
  register(request: RegistrationRequest, identity: string, now: number): RegistrationResult {
    const { store, logger } = this.options;
    const result = this.registry.register(request, identity, now);
    store.putNode(result.node);
    const { name, address, role } = result.node;
    if (result.created || !result.previous?.registeredAt) {
      store.event('registered', `${name} registered as ${role} at ${address}`, new Date(now), { node: name });
      logger.info({ node: name, address, role }, 'node registered');
    } else {
      const from = result.previousAddress ? ` (was ${result.previousAddress})` : '';
      store.event('re-registered', `${name} re-registered at ${address}${from}`, new Date(now), {
        node: name,
      });
      logger.info({ node: name, address, previousAddress: result.previousAddress }, 'node re-registered');
    }
    return result;
  }

  /**
   * What `register` would refuse, without changing anything.
   * @throws RegistryError naming the rule broken.
   */
  check(request: RegistrationRequest, identity: string): void {
    this.registry.check(request, identity);
  }

  get(name: string): NodeRecord | undefined {
    return this.registry.get(name);
  }

  /** Every node, sorted by name. */
  list(): NodeRecord[] {
    return this.registry.list();
  }
}
