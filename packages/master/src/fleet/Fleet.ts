import { LivenessMonitor, RateLimiter, type LivenessAction } from '@mcp/heartbeat';
import type { PlacementNode } from '@mcp/placement';
import type { Resources } from '@mcp/proto';
import { NodeRegistry, RegistryError, type NodeRecord, type RegistrationRequest } from '@mcp/registry';
import type { Logger } from 'pino';
import type { MasterStore } from '../store/MasterStore.js';

/** A node's liveness as the master reports it. */
export type NodeHealth = 'unknown' | 'healthy' | 'probing' | 'unhealthy';

/** A node with everything the master knows about it. */
export interface NodeView {
  record: NodeRecord;
  health: NodeHealth;
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
  bootstrap?: { name: string; role: string; address: string; arch: string }[];
  thresholdMs: number;
  probeTimeoutMs: number;
  warmUpMs: number;
  rateLimits: {
    register: { count: number; periodMs: number };
    heartbeat: { count: number; periodMs: number };
  };
  /** Asks a node's agent whether it is alive; resolves false on any failure or timeout. */
  probe(node: NodeRecord, timeoutMs: number): Promise<boolean>;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
}

/** Thrown when an identity exceeds its rate limit. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    identity: string,
    rpc: string,
    readonly retryAfterMs: number,
  ) {
    super(`${identity} is sending ${rpc} too often; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/**
 * The live fleet: who is registered (persisted), who is alive (in memory,
 * rebuilt by probing after a restart) and what each node last reported.
 * Registration and heartbeats arrive through the gRPC handlers; a timer
 * drives the liveness state machine and its probes.
 */
export class Fleet {
  private readonly registry: NodeRegistry;
  private readonly liveness: LivenessMonitor;
  private readonly limiter: RateLimiter;
  private readonly resources = new Map<string, { resources: Resources | undefined; at: number }>();
  private readonly seen = new Map<string, number>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FleetOptions) {
    this.now = options.now ?? Date.now;
    const start = this.now();
    this.registry = new NodeRegistry({
      allowlist: options.allowlist,
      maxNodes: options.maxNodes,
      nodes: options.store.listNodes(),
    });
    for (const n of this.registry.seedBootstrap(options.bootstrap ?? [])) options.store.putNode(n);
    this.liveness = new LivenessMonitor(start, {
      thresholdMs: options.thresholdMs,
      probeTimeoutMs: options.probeTimeoutMs,
      warmUpMs: options.warmUpMs,
    });
    const limit = (l: { count: number; periodMs: number }) => ({
      capacity: l.count,
      refillEveryMs: l.periodMs / l.count,
    });
    this.limiter = new RateLimiter({
      limits: {
        Register: limit(options.rateLimits.register),
        Heartbeat: limit(options.rateLimits.heartbeat),
      },
    });
    // Every node known from the database or config is probed at once: the
    // master rebuilds its view of health instead of trusting an old one.
    for (const node of this.registry.list()) {
      this.health.set(node.name, 'unknown');
      this.apply(this.liveness.track(node.name, start, 'unknown'));
    }
  }

  /** Starts the liveness timer (every `tickMs`) and the last-seen flusher. */
  start(tickMs: number): void {
    this.timer = setInterval(() => this.apply(this.liveness.tick(this.now())), tickMs);
    this.timer.unref();
    this.flushTimer = setInterval(() => this.flush(), 1000);
    this.flushTimer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.flushTimer);
    this.flush();
  }

  /**
   * Registers (or re-registers) the caller's node.
   * @throws RateLimitedError, RegistryError (identity, allowlist, fields, capacity).
   */
  register(request: RegistrationRequest, identity: string): { warnings: string[] } {
    const now = this.now();
    this.limit(identity, 'Register', now);
    const result = this.registry.register(request, identity, now);
    this.options.store.putNode(result.node);
    const { name } = result.node;
    if (result.created || !result.previous?.registeredAt) {
      this.options.store.event(
        'registered',
        `${name} registered as ${result.node.role} at ${result.node.address}`,
        new Date(now),
        { node: name },
      );
      this.options.logger.info(
        { node: name, address: result.node.address, role: result.node.role },
        'node registered',
      );
    } else {
      const from = result.previousAddress ? ` (was ${result.previousAddress})` : '';
      this.options.store.event(
        're-registered',
        `${name} re-registered at ${result.node.address}${from}`,
        new Date(now),
        { node: name },
      );
      this.options.logger.info(
        { node: name, address: result.node.address, previousAddress: result.previousAddress },
        'node re-registered',
      );
    }
    this.health.set(name, this.health.get(name) ?? 'healthy');
    this.apply(this.liveness.track(name, now));
    this.apply(this.liveness.heartbeat(name, now));
    return { warnings: [...result.warnings] };
  }

  /**
   * Records a heartbeat from the caller's node.
   * @throws RateLimitedError; RegistryError `UNKNOWN_NODE` if the node must register (again).
   */
  heartbeat(name: string, identity: string, resources: Resources | undefined): Date {
    const now = this.now();
    this.limit(identity, 'Heartbeat', now);
    if (!this.registry.get(name)) {
      throw new RegistryError('UNKNOWN_NODE', `node ${name} is not registered; register first`, 'name');
    }
    this.seen.set(name, now);
    this.resources.set(name, { resources, at: now });
    if (this.health.get(name) === 'probing') this.health.set(name, 'healthy');
    this.apply(this.liveness.heartbeat(name, now));
    return new Date(now);
  }

  get(name: string): NodeRecord | undefined {
    return this.registry.get(name);
  }

  /** Every node, sorted by name. */
  list(): NodeView[] {
    return this.registry.list().map((record) => {
      const r = this.resources.get(record.name);
      return {
        record,
        health: this.health.get(record.name) ?? 'unknown',
        resources: r?.resources,
        lastHeartbeat: r ? new Date(r.at) : undefined,
      };
    });
  }

  /** The placement view: healthy means alive now (a node being probed still counts). */
  placementNodes(): PlacementNode[] {
    return this.list().map((n) => ({
      name: n.record.name,
      role: n.record.role,
      healthy: n.health === 'healthy' || n.health === 'probing',
      containers: n.resources?.containers ?? 0,
    }));
  }

  /** Adds containers placed since the last heartbeat, so back-to-back deploys spread out. */
  notePlaced(node: string, containers: number): void {
    const r = this.resources.get(node);
    if (r?.resources) r.resources = { ...r.resources, containers: r.resources.containers + containers };
  }

  healthOf(name: string): NodeHealth {
    return this.health.get(name) ?? 'unknown';
  }

  private limit(identity: string, rpc: 'Register' | 'Heartbeat', now: number): void {
    const decision = this.limiter.take(identity, rpc, now);
    if (!decision.allowed) throw new RateLimitedError(identity, rpc, decision.retryAfterMs);
  }

  private apply(actions: readonly LivenessAction[]): void {
    for (const action of actions) {
      const node = action.node;
      switch (action.type) {
        case 'probe':
          this.probe(node);
          break;
        case 'markHealthy':
          this.setHealth(node, 'healthy', `healthy (via ${action.via})`);
          break;
        case 'markUnhealthy':
          this.setHealth(node, 'unhealthy', `unhealthy: ${action.reason}`);
          break;
      }
    }
  }

  private probe(name: string): void {
    const record = this.registry.get(name);
    if (!record) return;
    if (this.health.get(name) === 'healthy') this.health.set(name, 'probing');
    const done = (ok: boolean) => {
      // The state machine only reports transitions, and "probing" counts as
      // healthy there, so a successful probe of a healthy node says nothing.
      if (ok && this.health.get(name) === 'probing') this.health.set(name, 'healthy');
      this.apply(this.liveness.probeResult(name, ok, this.now()));
    };
    void this.options.probe(record, this.options.probeTimeoutMs).then(done, () => done(false));
  }

  private setHealth(name: string, health: NodeHealth, message: string): void {
    const before = this.health.get(name);
    this.health.set(name, health);
    if (before === health) return;
    this.options.store.event('health', `${name} ${message}`, new Date(this.now()), { node: name });
    const log =
      health === 'unhealthy'
        ? this.options.logger.warn.bind(this.options.logger)
        : this.options.logger.info.bind(this.options.logger);
    log({ node: name, health, was: before }, 'node health changed');
  }

  private flush(): void {
    if (this.seen.size === 0) return;
    const batch = new Map(this.seen);
    this.seen.clear();
    try {
      this.options.store.touchNodes(batch);
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'could not record last-seen times');
    }
  }
}
