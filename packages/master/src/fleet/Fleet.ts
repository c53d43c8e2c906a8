// Over 200 lines on purpose: Fleet is the one place where registration,
// liveness, restart notices and rate limits meet, and each public method is
// a short composition of NodeDirectory, NodeLiveness and CallLimits; split
// further, the order of those calls (which the tests pin) would be spread
// over files.
import { takesNewWork, type LivenessStatus } from '@mcp/heartbeat';
import { agentIdentity } from '@mcp/names';
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
  /** The agent process heard from last (random per start); empty if unknown. */
  instanceId: string;
  /** While `restarting`: when the announced window ends. */
  restartUntil: Date | undefined;
  /** What the agent last reported wrong with itself; empty when nothing is. */
  problems: readonly string[];
}

/** An operator's notice that a node's agent is about to restart. */
export interface RestartAnnouncement {
  node: string;
  /** How long it may be away, in ms. */
  withinMs: number;
  reason: string;
  /** Who announced it, for the event log. */
  by: string;
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
  /** The agent process each node last registered (or, after a master restart, heartbeat) from. */
  private readonly instances = new Map<string, string>();
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
      onRestartEnded: (node, message) => {
        options.store.event('restart', `${node} ${message}`, new Date(this.now()), { node });
        options.logger.info({ node }, `restart ended: ${message}`);
      },
      onProbe: (node, reason) => options.logger.info({ node, reason }, 'probing node'),
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
   * node), then the record. Nothing changes unless all pass. `instanceId`
   * names the agent process (empty: an agent that does not say); the one
   * that registered before, registering again, does not end a restart window.
   * @throws RateLimitedError, RegistryError, or whatever `verify` throws.
   */
  async register(
    request: RegistrationRequest,
    identity: string,
    verify: () => Promise<void>,
    instanceId = '',
  ): Promise<{ warnings: string[] }> {
    this.limits.take(identity, 'Register', this.now());
    this.directory.check(request, identity);
    await verify();
    const now = this.now();
    const result = this.directory.register(request, identity, now);
    const name = result.node.name;
    const sameProcess = instanceId !== '' && this.instances.get(name) === instanceId;
    if (instanceId) this.instances.set(name, instanceId);
    else this.instances.delete(name);
    this.liveness.registered(name, now, sameProcess);
    this.options.onRegistered?.(result.node, result.previous);
    return { warnings: [...result.warnings] };
  }

  /**
   * Records a heartbeat from the caller's node: its resources, and what its
   * agent finds wrong with itself (`problems`, empty: nothing). A heartbeat
   * from another agent process than the one registered (`instanceId`) is
   * refused, so that process registers itself; an empty one is not checked.
   * @throws RateLimitedError; RegistryError `UNKNOWN_NODE` if the node must register (again).
   */
  heartbeat(
    name: string,
    identity: string,
    resources: Resources | undefined,
    report: { instanceId?: string; problems?: readonly string[] } = {},
  ): Date {
    const now = this.now();
    this.limits.take(identity, 'Heartbeat', now);
    if (!this.directory.get(name)) {
      throw new RegistryError('UNKNOWN_NODE', `node ${name} is not registered; register first`, 'name');
    }
    const { instanceId = '' } = report;
    const known = this.instances.get(name);
    if (instanceId && known && instanceId !== known) {
      throw new RegistryError(
        'UNKNOWN_NODE',
        `node ${name}: this agent process (${instanceId}) is not the one registered (${known}); register first`,
        'agent_instance_id',
      );
    }
    // A master that restarted learns the process from its heartbeats.
    if (instanceId && !known) this.instances.set(name, instanceId);
    this.liveness.heartbeat(name, now, resources, report.problems ?? []);
    return new Date(now);
  }

  /**
   * An operator is about to restart `node`'s agent: it shows `restarting`,
   * is neither probed nor marked unhealthy and gets nothing new until it
   * registers again or `withinMs` passes, and that registration is let
   * through the rate limit. Recorded in the event log with who announced it.
   * @throws RegistryError `UNKNOWN_NODE`; HeartbeatError `INVALID_RESTART` for a window or reason out of range.
   */
  expectRestart(notice: RestartAnnouncement): NodeView {
    const { node, withinMs, reason, by } = notice;
    const record = this.directory.get(node);
    if (!record) throw new RegistryError('UNKNOWN_NODE', `node ${node} is not registered`, 'node');
    const now = this.now();
    this.liveness.expectRestart(node, now, { withinMs, reason });
    this.limits.allowOnce(agentIdentity(node), 'Register', now + withinMs);
    const why = reason ? `: ${reason}` : '';
    this.options.store.event(
      'restart',
      `${node} restart announced by ${by}, expected within ${withinMs / 1000} s${why}`,
      new Date(now),
      { node },
    );
    this.options.logger.info({ node, withinMs, reason, by }, 'restart announced');
    return this.view(record);
  }

  get(name: string): NodeRecord | undefined {
    return this.directory.get(name);
  }

  /** Every node, sorted by name. */
  list(): NodeView[] {
    return this.directory.list().map((record) => this.view(record));
  }

  /** The nodes as deploys are planned on: those that take new work (see `takesNewWork`). */
  deployNodes(): DeployNode[] {
    return this.list().map((n) => ({
      name: n.record.name,
      role: n.record.role,
      address: n.record.address,
      proxyPort: n.record.proxyPort,
      healthy: takesNewWork(n.state),
      condition: n.state === 'unknown' ? 'unknown (silent since the master started)' : n.state,
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

  private view(record: NodeRecord): NodeView {
    const { name } = record;
    const state = this.liveness.state(name);
    return {
      record,
      state: state?.status ?? 'unknown',
      resources: this.liveness.resources(name),
      lastHeartbeat: this.liveness.lastHeartbeat(name),
      instanceId: this.instances.get(name) ?? '',
      restartUntil: state?.restartUntil === undefined ? undefined : new Date(state.restartUntil),
      problems: this.liveness.problems(name),
    };
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
