import { checkOption } from './checkOption.js';
import { checkRestartNotice } from './checkRestartNotice.js';
import { DeadlineHeap } from './DeadlineHeap.js';
import {
  DEFAULT_MAX_RESTART_WINDOW_MS,
  DEFAULT_MISSED_THRESHOLD_MS,
  DEFAULT_PROBE_TIMEOUT_MS,
} from './defaults.js';
import { newEntry, viewEntry, type LivenessEntry } from './LivenessEntry.js';
import type {
  LivenessAction,
  LivenessOptions,
  LivenessState,
  RecoveryCause,
  RestartNotice,
  UnhealthyReason,
} from './types.js';

const NONE: readonly LivenessAction[] = Object.freeze([]);

/**
 * The master's view of which nodes are alive, as a state machine driven by
 * events that carry the time (`now`, in ms, from a clock that does not jump
 * back). Each event returns the actions the daemon must take; the machine
 * itself never does I/O or reads a clock.
 *
 * Rules:
 * - A healthy node silent for `thresholdMs` gets exactly one `probe` and
 *   turns `probing`. A failed probe, or one unanswered for `probeTimeoutMs`
 *   (noticed by `tick`), marks it unhealthy. A successful probe keeps it
 *   healthy and restarts its silence clock.
 * - Any heartbeat or successful probe makes a node healthy again.
 *   `markHealthy` and `markUnhealthy` are emitted only when the node's health
 *   changes from what the daemon was last told.
 * - Recheck: an unhealthy node that stays silent is probed again
 *   `reprobeIntervalMs` after its last probe ended, so it can recover even if
 *   its heartbeat loop never comes back. Failed rechecks emit nothing more.
 * - Results nobody waits for: a failure reported when no probe is outstanding
 *   (it already timed out, or a heartbeat came first) is ignored; a success
 *   is always proof of life.
 * - Warm-up: from `startedAt` until every node tracked as `unknown` has
 *   answered a probe, failed one or sent a heartbeat (checked on events and on
 *   `tick`), or until `warmUpMs` has passed, whichever comes first. During
 *   warm-up nodes still change state and probes go out as usual, but no
 *   `markUnhealthy` is emitted; the event that ends warm-up emits one for
 *   every node unhealthy at that moment. Track the nodes known at start before
 *   the first `tick`: with none unknown, the first tick ends warm-up.
 * - Announced restarts: `expectRestart` turns a node `restarting` for a
 *   window. Meanwhile it is not probed (an outstanding probe is dropped),
 *   heartbeats and probe answers change nothing (the old process may still
 *   speak), and nothing is marked. A registration (`track`) ends the window:
 *   `restartEnded` (`registered`), then the node is healthy (`markHealthy` if
 *   it had been reported unhealthy). The window ending first emits
 *   `restartEnded` (`window-ended`) and a `probe` (`restart-overdue`), from
 *   the status the node had before, whose result counts as usual.
 *
 * Cost: `heartbeat` and `probeResult` are O(1) (O(log n) only if a recovery
 * moves a deadline earlier, which the defaults never do); `tick` is
 * O(k log n) for k nodes due, using a deadline heap that is updated lazily.
 */
export class LivenessMonitor {
  private readonly entries = new Map<string, LivenessEntry>();
  private readonly heap = new DeadlineHeap<LivenessEntry>();
  private readonly thresholdMs: number;
  private readonly probeTimeoutMs: number;
  private readonly reprobeIntervalMs: number;
  private readonly warmUpEndsAt: number;
  private readonly maxRestartWindowMs: number;
  private warming: boolean;
  private unknownCount = 0;

  /**
   * Starts the machine (and its warm-up) at `startedAt`.
   *
   * @throws HeartbeatError `INVALID_OPTION` if a duration is not positive (`warmUpMs` may be 0).
   */
  constructor(startedAt: number, options: LivenessOptions = {}) {
    const { thresholdMs = DEFAULT_MISSED_THRESHOLD_MS, probeTimeoutMs = DEFAULT_PROBE_TIMEOUT_MS } = options;
    this.thresholdMs = checkOption('thresholdMs', thresholdMs, '> 0');
    this.probeTimeoutMs = checkOption('probeTimeoutMs', probeTimeoutMs, '> 0');
    this.reprobeIntervalMs = checkOption(
      'reprobeIntervalMs',
      options.reprobeIntervalMs ?? thresholdMs,
      '> 0',
    );
    const warmUpMs = checkOption('warmUpMs', options.warmUpMs ?? thresholdMs + probeTimeoutMs, '>= 0');
    this.warmUpEndsAt = startedAt + warmUpMs;
    this.warming = warmUpMs > 0;
    this.maxRestartWindowMs = checkOption(
      'maxRestartWindowMs',
      options.maxRestartWindowMs ?? DEFAULT_MAX_RESTART_WINDOW_MS,
      '> 0',
    );
  }

  /**
   * Adds a node. `healthy` (the default) means it just proved it is alive, as
   * on registration: no action, silence clock starts at `now`. `unknown` means
   * it is known but not heard from (bootstrap config, the master's database at
   * start): it is probed at once. Tracking a tracked node as `healthy` counts
   * as a heartbeat; as `unknown` it changes nothing.
   */
  track(node: string, now: number, initial: 'healthy' | 'unknown' = 'healthy'): readonly LivenessAction[] {
    const existing = this.entries.get(node);
    if (existing?.status === 'restarting' && initial === 'healthy') {
      const ended: LivenessAction = {
        type: 'restartEnded',
        node,
        via: 'registered',
        afterMs: now - existing.since,
      };
      this.endWindow(existing);
      return [ended, ...this.alive(existing, now, 'track')];
    }
    if (existing) return initial === 'healthy' ? this.alive(existing, now, 'track') : NONE;
    const entry = newEntry(node, now, initial);
    entry.due = this.dueOf(entry);
    this.entries.set(node, entry);
    this.heap.push(entry);
    if (initial === 'healthy') return NONE;
    this.unknownCount++;
    return [{ type: 'probe', node, reason: 'unknown' }];
  }

  /**
   * An operator announced that the node's agent is about to restart: it is
   * `restarting` until it registers again (`track`) or `notice.withinMs`
   * passes. Announcing again moves the window's end (from `now`). Untracked
   * nodes are ignored. Returns what ending warm-up emits, if this does (an
   * `unknown` node no longer holds it).
   *
   * @throws HeartbeatError `INVALID_RESTART` for a window not in (0, `maxRestartWindowMs`] or a bad reason.
   */
  expectRestart(node: string, now: number, notice: RestartNotice): readonly LivenessAction[] {
    const { withinMs, reason } = checkRestartNotice(notice, this.maxRestartWindowMs);
    const entry = this.entries.get(node);
    if (!entry) return NONE;
    if (entry.status !== 'restarting') {
      if (entry.status === 'unknown') this.unknownCount--;
      entry.statusBefore = entry.status;
      entry.status = 'restarting';
      entry.since = now;
      entry.probeSentAt = undefined;
    }
    entry.restartUntil = now + withinMs;
    entry.restartReason = reason;
    this.reschedule(entry);
    if (!this.settled()) return NONE;
    const out: LivenessAction[] = [];
    this.endWarmUp(out);
    return out;
  }

  /** Stops watching a node; a late result for it is ignored. Returns whether it was tracked. */
  forget(node: string): boolean {
    const entry = this.entries.get(node);
    if (!entry) return false;
    if (entry.status === 'unknown') this.unknownCount--;
    this.entries.delete(node);
    this.heap.remove(entry);
    return true;
  }

  /** A heartbeat arrived. O(1). Heartbeats from untracked nodes are ignored: `track` them first. */
  heartbeat(node: string, now: number): readonly LivenessAction[] {
    const entry = this.entries.get(node);
    if (!entry) return NONE;
    if (entry.status === 'healthy') {
      // The hot path: the heap keeps the older, earlier deadline; tick moves it on lazily.
      if (entry.lastSeenAt === undefined || now > entry.lastSeenAt) entry.lastSeenAt = now;
      return NONE;
    }
    if (entry.status === 'restarting') {
      // The old process's last words: only a registration ends the window.
      if (entry.lastSeenAt === undefined || now > entry.lastSeenAt) entry.lastSeenAt = now;
      return NONE;
    }
    return this.alive(entry, now, 'heartbeat');
  }

  /** The answer to a `probe` action: `ok` if the node's health check succeeded. O(1). */
  probeResult(node: string, ok: boolean, now: number): readonly LivenessAction[] {
    const entry = this.entries.get(node);
    if (!entry || entry.status === 'restarting') return NONE;
    if (ok) return this.alive(entry, now, 'probe');
    if (entry.probeSentAt === undefined) return NONE;
    const out: LivenessAction[] = [];
    this.fail(entry, now, 'probe-failed', out);
    this.reschedule(entry);
    if (this.settled()) this.endWarmUp(out);
    return out;
  }

  /**
   * Advances time: sends probes to nodes silent for the threshold and to
   * unhealthy nodes due a recheck, fails probes past their timeout, and ends
   * warm-up when it is over. Call it often (every few hundred ms), or at
   * `nextDeadline()`. Allocates nothing when there is nothing to do.
   */
  tick(now: number): readonly LivenessAction[] {
    let out: LivenessAction[] | undefined;
    if (this.warming && now >= this.warmUpEndsAt) this.endWarmUp((out = []));
    for (let entry = this.heap.peek(); entry && entry.due <= now; entry = this.heap.peek()) {
      const due = this.dueOf(entry);
      if (due <= now) this.expire(entry, now, (out ??= []));
      entry.due = this.dueOf(entry);
      this.heap.update(entry);
    }
    if (this.settled()) this.endWarmUp((out ??= []));
    return out ?? NONE;
  }

  /** The earliest time `tick` may have work, or undefined with nothing tracked and warm-up over. */
  nextDeadline(): number | undefined {
    const due = this.heap.peek()?.due;
    if (!this.warming) return due;
    return due === undefined ? this.warmUpEndsAt : Math.min(due, this.warmUpEndsAt);
  }

  /** Whether warm-up is still on (alerts are being held back). */
  get warmingUp(): boolean {
    return this.warming;
  }

  /** How many nodes are tracked. */
  get size(): number {
    return this.entries.size;
  }

  /** One node's liveness, or undefined if it is not tracked. */
  state(node: string): LivenessState | undefined {
    const entry = this.entries.get(node);
    return entry && viewEntry(entry);
  }

  /** Every tracked node's liveness, sorted by node name. */
  snapshot(): LivenessState[] {
    return [...this.entries.values()]
      .map(viewEntry)
      .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  }

  private dueOf(entry: LivenessEntry): number {
    if (entry.restartUntil !== undefined) return entry.restartUntil;
    if (entry.probeSentAt !== undefined) return entry.probeSentAt + this.probeTimeoutMs;
    if (entry.status === 'unhealthy') return entry.probeEndedAt + this.reprobeIntervalMs;
    return entry.lastSeenAt! + this.thresholdMs;
  }

  /**
   * Moves the entry's heap key earlier if its deadline now is; a later
   * deadline is left for `tick` to pick up, which keeps events O(1).
   */
  private reschedule(entry: LivenessEntry): void {
    const due = this.dueOf(entry);
    if (due < entry.due) {
      entry.due = due;
      this.heap.update(entry);
    }
  }

  /** Heartbeat, successful probe or re-registration: the node is alive at `now`. */
  private alive(entry: LivenessEntry, now: number, via: RecoveryCause): readonly LivenessAction[] {
    if (entry.lastSeenAt === undefined || now > entry.lastSeenAt) entry.lastSeenAt = now;
    entry.probeSentAt = undefined;
    if (entry.status === 'unknown') this.unknownCount--;
    if (entry.status !== 'healthy') {
      entry.status = 'healthy';
      entry.since = now;
      entry.reason = undefined;
    }
    this.reschedule(entry);
    let out: LivenessAction[] | undefined;
    if (entry.reported !== true) {
      entry.reported = true;
      out = [{ type: 'markHealthy', node: entry.node, via }];
    }
    if (this.settled()) this.endWarmUp((out ??= []));
    return out ?? NONE;
  }

  /** The entry's deadline has passed: its probe timed out, or it is due one. */
  private expire(entry: LivenessEntry, now: number, out: LivenessAction[]): void {
    if (entry.status === 'restarting') {
      this.windowEnded(entry, now, out);
    } else if (entry.probeSentAt !== undefined) {
      this.fail(entry, now, 'probe-timeout', out);
    } else if (entry.status === 'unhealthy') {
      entry.probeSentAt = now;
      out.push({ type: 'probe', node: entry.node, reason: 'recheck' });
    } else {
      entry.status = 'probing';
      entry.since = now;
      entry.probeSentAt = now;
      out.push({ type: 'probe', node: entry.node, reason: 'silent' });
    }
  }

  /** Closes the window without a verdict; the caller sets the status. */
  private endWindow(entry: LivenessEntry): void {
    entry.restartUntil = undefined;
    entry.restartReason = undefined;
  }

  /** The window passed without a registration: back to the status before, with a probe out. */
  private windowEnded(entry: LivenessEntry, now: number, out: LivenessAction[]): void {
    out.push({ type: 'restartEnded', node: entry.node, via: 'window-ended', afterMs: now - entry.since });
    this.endWindow(entry);
    const before = entry.statusBefore;
    entry.status = before === 'healthy' ? 'probing' : before;
    if (before === 'unknown') this.unknownCount++;
    entry.since = now;
    entry.probeSentAt = now;
    out.push({ type: 'probe', node: entry.node, reason: 'restart-overdue' });
    // Warm-up may have ended during the window, skipping this node.
    if (before === 'unhealthy' && !this.warming) this.report(entry, out);
  }

  private fail(entry: LivenessEntry, now: number, reason: UnhealthyReason, out: LivenessAction[]): void {
    entry.probeSentAt = undefined;
    entry.probeEndedAt = now;
    if (entry.status === 'unhealthy') return;
    if (entry.status === 'unknown') this.unknownCount--;
    entry.status = 'unhealthy';
    entry.since = now;
    entry.reason = reason;
    if (!this.warming) this.report(entry, out);
  }

  private report(entry: LivenessEntry, out: LivenessAction[]): void {
    if (entry.reported === false) return;
    entry.reported = false;
    out.push({
      type: 'markUnhealthy',
      node: entry.node,
      reason: entry.reason!,
      lastSeenAt: entry.lastSeenAt,
    });
  }

  /** Warm-up is on but every node known at start has been heard from or has failed a probe. */
  private settled(): boolean {
    return this.warming && this.unknownCount === 0;
  }

  private endWarmUp(out: LivenessAction[]): void {
    this.warming = false;
    for (const entry of this.entries.values()) if (entry.status === 'unhealthy') this.report(entry, out);
  }
}
