import type { LivenessStatus } from '@mcp/heartbeat';
import type { Resources } from '@mcp/proto';
import { RegistryError, type BootstrapNode, type NodeRecord, type RegistrationRequest } from '@mcp/registry';
import type { DeployNode } from '@mcp/reconcile';
import type { Logger } from 'pino';
import type { MasterStore } from '../store/MasterStore.js';
import { CallLimits, type CallRate } from './CallLimits.js';
import { NodeDirectory } from './NodeDirectory.js';
import { NodeLiveness } from './NodeLiveness.js';

/** A node's state as the master knows it (see `NodeLiveness`). */
export type NodeState = LivenessStatus;

/** A node with everything the master knows about it. */
export interface NodeView {
  record: NodeRecord;
  state: NodeState;
  resources: Resources | undefined;
  lastHeartbeat: Date | undefined;
}

export interface FleetOptions {
  store: MasterStore;
  logger: Logger;
  /** Identities (`agent-<node>`) that may register. */
  allowlist: string[];
  /** Default 16. */
  maxNodes?: number;
  /** Nodes from config, known before they register. */
  bootstrap?: BootstrapNode[];
  thresholdMs: number;
  probeTimeoutMs: number;
  warmUpMs: number;
  rateLimits: { register: CallRate; heartbeat: CallRate };
  /** Asks a node's agent whether it is alive; resolves false on any failure or timeout. */
  probe(node: NodeRecord, timeoutMs: number): Promise<boolean>;
  /** Told after each registration: the agent has just (re)started at `node.address`. */
  onRegistered?: (node: NodeRecord, previous: NodeRecord | undefined) => void;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
}

/**
 * The live fleet, in three parts with one job each: the `NodeDirectory`
 * (who is registered, persisted), `NodeLiveness` (who is alive, in memory,
 * rebuilt by probing after a restart) and `CallLimits` (how often each
 * agent may register and heartbeat). Registrations and heartbeats arrive
 * through the gRPC handlers; a timer drives the liveness state machine.
 */
export class Fleet {
  private readonly directory: NodeDirectory;
  private readonly liveness: NodeLiveness;
  private readonly limits: CallLimits;
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: FleetOptions) {
    this.now = options.now ?? Date.now;
    this.directory = new NodeDirectory(options);
    this.limits = new CallLimits(options.rateLimits);
    this.liveness = new NodeLiveness({
      thresholdMs: options.thresholdMs,
      probeTimeoutMs: options.probeTimeoutMs,
      warmUpMs: options.warmUpMs,
      // Every node known from the database or config is probed at once: the
      // master rebuilds its view of health instead of trusting an old one.
      known: this.directory.list().map((n) => n.name),
      probe: (name, timeoutMs) => {
        const record = this.directory.get(name);
        return record ? options.probe(record, timeoutMs) : Promise.resolve(false);
      },
      onChange: (node, health, message) => this.healthChanged(node, health, message),
      now: this.now,
    });
  }

  /** Starts the liveness timer (every `tickMs`), the last-seen flusher and limit pruning. */
  start(tickMs: number): void {
    this.timers = [
      setInterval(() => this.tick(), tickMs),
      setInterval(() => this.flush(), 1000),
      setInterval(() => this.limits.prune(this.now()), 60_000),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** Advances liveness to the clock's present: probes silent nodes, fails late probes. The timer calls it. */
  tick(): void {
    this.liveness.tick(this.now());
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.flush();
  }

  /**
   * Registers (or re-registers) the caller's node: the rate limit and the
   * registry's rules first, then `verify` (that its address answers as that
   * node), then the record. Nothing changes unless all pass.
   * @throws RateLimitedError, RegistryError, or whatever `verify` throws.
   */
  async register(
    request: RegistrationRequest,
    identity: string,
    verify: () => Promise<void>,
  ): Promise<{ warnings: string[] }> {
    this.limits.take(identity, 'Register', this.now());
    this.directory.check(request, identity);
    await verify();
    const now = this.now();
    const result = this.directory.register(request, identity, now);
    this.liveness.registered(result.node.name, now);
    this.options.onRegistered?.(result.node, result.previous);
    return { warnings: [...result.warnings] };
  }

  /**
   * Records a heartbeat from the caller's node.
   * @throws RateLimitedError; RegistryError `UNKNOWN_NODE` if the node must register (again).
   */
  heartbeat(name: string, identity: string, resources: Resources | undefined): Date {
    const now = this.now();
    this.limits.take(identity, 'Heartbeat', now);
    if (!this.directory.get(name)) {
      throw new RegistryError('UNKNOWN_NODE', `node ${name} is not registered; register first`, 'name');
    }
    this.liveness.heartbeat(name, now, resources);
    return new Date(now);
  }

  get(name: string): NodeRecord | undefined {
    return this.directory.get(name);
  }

  /** Every node, sorted by name. */
  list(): NodeView[] {
    return this.directory.list().map((record) => ({
      record,
      state: this.liveness.status(record.name),
      resources: this.liveness.resources(record.name),
      lastHeartbeat: this.liveness.lastHeartbeat(record.name),
    }));
  }

  /** The nodes as deploys are planned on: alive now (a node being probed still counts). */
  deployNodes(): DeployNode[] {
    return this.list().map((n) => ({
      name: n.record.name,
      role: n.record.role,
      address: n.record.address,
      proxyPort: n.record.proxyPort,
      healthy: n.state === 'healthy' || n.state === 'probing',
      containers: n.resources?.containers ?? 0,
    }));
  }

  /** Adds containers placed since the last heartbeat, so back-to-back deploys spread out. */
  notePlaced(node: string, containers: number): void {
    this.liveness.notePlaced(node, containers);
  }

  stateOf(name: string): NodeState {
    return this.liveness.status(name);
  }

  private healthChanged(node: string, health: 'healthy' | 'unhealthy', message: string): void {
    const { store, logger } = this.options;
    store.event('health', `${node} ${message}`, new Date(this.now()), { node });
    if (health === 'unhealthy') logger.warn({ node, health }, 'node health changed');
    else logger.info({ node, health }, 'node health changed');
  }

  private flush(): void {
    const batch = this.liveness.takeSeen();
    if (batch.size === 0) return;
    try {
      this.options.store.touchNodes(batch);
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'could not record last-seen times');
    }
  }
}
