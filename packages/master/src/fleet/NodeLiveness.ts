import {
  LivenessMonitor,
  type LivenessAction,
  type LivenessState,
  type LivenessStatus,
  type ProbeReason,
  type RestartNotice,
} from '@mcp/heartbeat';
import type { Resources } from '@mcp/proto';

/** How liveness is judged, and what it acts through. */
export interface NodeLivenessOptions {
  thresholdMs: number;
  probeTimeoutMs: number;
  warmUpMs: number;
  /** Nodes known when the master starts (its database, its config): probed at once. */
  known: readonly string[];
  /** Asks the node's agent whether it is alive; resolves false on any failure or timeout. */
  probe(node: string, timeoutMs: number): Promise<boolean>;
  /** Told each time a node turns healthy or unhealthy. */
  onChange(node: string, health: 'healthy' | 'unhealthy', message: string): void;
  /** Told when an announced restart ends: the agent registered again, or the window passed. */
  onRestartEnded(node: string, message: string): void;
  /** Told as each probe goes out. */
  onProbe(node: string, reason: ProbeReason): void;
  /** Milliseconds since the epoch, from a clock that does not jump back. */
  now: () => number;
}

/**
 * Who is alive: `@mcp/heartbeat`'s state machine fed by registrations,
 * heartbeats and probe answers. Its state is the one answer to "how is this
 * node": `unknown` (not heard from since the master started), `healthy`,
 * `probing` (silent for the threshold, a probe is out), `unhealthy`, or
 * `restarting` (an operator announced its agent's restart; not probed).
 * Resources and heartbeat times are kept here too, in memory only.
 */
export class NodeLiveness {
  private readonly monitor: LivenessMonitor;
  private readonly reports = new Map<
    string,
    { resources: Resources | undefined; problems: readonly string[]; at: number }
  >();
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: NodeLivenessOptions) {
    this.monitor = new LivenessMonitor(options.now(), {
      thresholdMs: options.thresholdMs,
      probeTimeoutMs: options.probeTimeoutMs,
      warmUpMs: options.warmUpMs,
    });
    for (const node of options.known) this.apply(this.monitor.track(node, options.now(), 'unknown'));
  }

  /**
   * A node just registered: it is alive now (heard from, with no new resource
   * figures). `sameProcess`: the agent that registered before, registering
   * again (the master had forgotten it); that does not end a restart window,
   * since the process the operator is restarting has not gone yet.
   */
  registered(node: string, now: number, sameProcess = false): void {
    this.seen.set(node, now);
    const before = this.reports.get(node);
    // What a previous process found wrong is not this one's to answer for.
    const problems = sameProcess ? (before?.problems ?? []) : [];
    this.reports.set(node, { resources: before?.resources, problems, at: now });
    const restarting = this.monitor.state(node)?.status === 'restarting';
    this.apply(sameProcess && restarting ? this.monitor.heartbeat(node, now) : this.monitor.track(node, now));
  }

  /** A heartbeat arrived with the node's resources and what the agent finds wrong with itself. */
  heartbeat(node: string, now: number, resources: Resources | undefined, problems: readonly string[]): void {
    this.seen.set(node, now);
    this.reports.set(node, { resources, problems, at: now });
    this.apply(this.monitor.heartbeat(node, now));
  }

  /**
   * An operator announced that `node`'s agent is about to restart.
   * @throws HeartbeatError `INVALID_RESTART` for a window or reason out of range.
   */
  expectRestart(node: string, now: number, notice: RestartNotice): void {
    this.apply(this.monitor.expectRestart(node, now, notice));
  }

  /** Advances the state machine: probes silent nodes, fails late probes. */
  tick(now: number): void {
    this.apply(this.monitor.tick(now));
  }

  status(node: string): LivenessStatus {
    return this.monitor.state(node)?.status ?? 'unknown';
  }

  /** The state machine's view of one node (status, restart window), or undefined if untracked. */
  state(node: string): LivenessState | undefined {
    return this.monitor.state(node);
  }

  /** What the node's agent last said is wrong with it (its proxy, its container runtime); empty: nothing. */
  problems(node: string): readonly string[] {
    return this.reports.get(node)?.problems ?? [];
  }

  resources(node: string): Resources | undefined {
    return this.reports.get(node)?.resources;
  }

  /** When the node was last heard from: its last heartbeat or registration. */
  lastHeartbeat(node: string): Date | undefined {
    const report = this.reports.get(node);
    return report ? new Date(report.at) : undefined;
  }

  /** Adds containers placed since the node's last heartbeat, so back-to-back deploys spread out. */
  notePlaced(node: string, containers: number): void {
    const report = this.reports.get(node);
    if (report?.resources) {
      report.resources = { ...report.resources, containers: report.resources.containers + containers };
    }
  }

  /** The heartbeat times since the last call, for the database; clears them. */
  takeSeen(): Map<string, number> {
    const batch = new Map(this.seen);
    this.seen.clear();
    return batch;
  }

  private apply(actions: readonly LivenessAction[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'probe':
          this.options.onProbe(action.node, action.reason);
          this.probe(action.node);
          break;
        case 'markHealthy':
          this.options.onChange(action.node, 'healthy', `healthy (via ${action.via})`);
          break;
        case 'markUnhealthy':
          this.options.onChange(action.node, 'unhealthy', `unhealthy: ${action.reason}`);
          break;
        case 'restartEnded': {
          const after = `${(action.afterMs / 1000).toFixed(1)} s`;
          this.options.onRestartEnded(
            action.node,
            action.via === 'registered'
              ? `registered again ${after} after its restart was announced`
              : `did not register again within its restart window (${after}); probing it`,
          );
          break;
        }
      }
    }
  }

  private probe(node: string): void {
    const done = (ok: boolean) => this.apply(this.monitor.probeResult(node, ok, this.options.now()));
    void this.options.probe(node, this.options.probeTimeoutMs).then(done, () => done(false));
  }
}
