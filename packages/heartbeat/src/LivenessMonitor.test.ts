import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_MISSED_THRESHOLD_MS, DEFAULT_PROBE_TIMEOUT_MS } from './defaults.js';
import { HeartbeatError } from './HeartbeatError.js';
import { LivenessMonitor } from './LivenessMonitor.js';
import type { LivenessAction, LivenessOptions } from './types.js';

const T = DEFAULT_MISSED_THRESHOLD_MS; // 90 000
const P = DEFAULT_PROBE_TIMEOUT_MS; // 5 000

/** A monitor past warm-up, watching node `a` (healthy, last seen at 0). */
function settled(options: LivenessOptions = {}): LivenessMonitor {
  const monitor = new LivenessMonitor(0, { warmUpMs: 0, ...options });
  monitor.track('a', 0);
  return monitor;
}

/** Ticks every `step` ms over (from, to] and collects what comes out. */
function tickThrough(monitor: LivenessMonitor, from: number, to: number, step = 100): LivenessAction[] {
  const out: LivenessAction[] = [];
  for (let now = from + step; now <= to; now += step) out.push(...monitor.tick(now));
  return out;
}

/** mulberry32: a small seeded PRNG, so random runs repeat exactly. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('LivenessMonitor: silence, probes and recovery', () => {
  it('never probes a node that keeps beating', () => {
    const monitor = settled();
    const out: LivenessAction[] = [];
    for (let now = 1000; now <= 100 * 30_000; now += 1000) {
      if (now % 30_000 === 0) out.push(...monitor.heartbeat('a', now));
      out.push(...monitor.tick(now));
    }
    expect(out).toEqual([]);
    expect(monitor.state('a')?.status).toBe('healthy');
  });

  it('probes a silent node exactly once, at the threshold', () => {
    const monitor = settled();
    expect(tickThrough(monitor, 0, T - 100)).toEqual([]);
    expect(monitor.tick(T)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
    expect(monitor.state('a')).toMatchObject({ status: 'probing', since: T, probeSentAt: T });
    expect(tickThrough(monitor, T, T + P - 1, 1)).toEqual([]);
  });

  it.each<[string, (m: LivenessMonitor) => readonly LivenessAction[], string]>([
    ['a failed probe', (m) => m.probeResult('a', false, T + 10), 'probe-failed'],
    ['a probe unanswered for the timeout', (m) => m.tick(T + P), 'probe-timeout'],
  ])('%s marks the node unhealthy', (_, event, reason) => {
    const monitor = settled();
    monitor.tick(T);
    expect(event(monitor)).toEqual([{ type: 'markUnhealthy', node: 'a', reason, lastSeenAt: 0 }]);
    expect(monitor.state('a')).toMatchObject({ status: 'unhealthy', reason, probeSentAt: undefined });
  });

  it('a successful probe keeps the node healthy and restarts its silence clock', () => {
    const monitor = settled();
    monitor.tick(T);
    expect(monitor.probeResult('a', true, T + 1000)).toEqual([]);
    expect(monitor.state('a')).toMatchObject({ status: 'healthy', lastSeenAt: T + 1000 });
    expect(tickThrough(monitor, T, 2 * T + 900)).toEqual([]);
    expect(monitor.tick(2 * T + 1000)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
  });

  it.each<[string, (m: LivenessMonitor, now: number) => readonly LivenessAction[], string]>([
    ['a heartbeat', (m, now) => m.heartbeat('a', now), 'heartbeat'],
    ['a re-registration', (m, now) => m.track('a', now), 'track'],
    ['a late successful probe', (m, now) => m.probeResult('a', true, now), 'probe'],
  ])('recovers from unhealthy through %s, reporting it once', (_, event, via) => {
    const monitor = settled();
    monitor.tick(T);
    monitor.tick(T + P);
    expect(event(monitor, T + P + 1)).toEqual([{ type: 'markHealthy', node: 'a', via }]);
    expect(event(monitor, T + P + 2)).toEqual([]);
    expect(monitor.state('a')).toMatchObject({ status: 'healthy', since: T + P + 1, reason: undefined });
    expect(monitor.tick(T + P + 2 + T)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
  });

  it('rechecks a silent unhealthy node once per reprobe interval and recovers on a good answer', () => {
    const monitor = settled();
    monitor.tick(T);
    monitor.probeResult('a', false, T); // unhealthy at T
    const out = tickThrough(monitor, T, 3 * T + P, 10);
    // Rechecks at 2T and at 3T + P: each counts from the end of the last, which timed out at 2T + P.
    expect(out).toEqual([
      { type: 'probe', node: 'a', reason: 'recheck' },
      { type: 'probe', node: 'a', reason: 'recheck' },
    ]);
    expect(monitor.state('a')).toMatchObject({ status: 'unhealthy', probeSentAt: 3 * T + P, since: T });
    expect(monitor.probeResult('a', true, 3 * T + P + 3)).toEqual([
      { type: 'markHealthy', node: 'a', via: 'probe' },
    ]);
  });

  it('honours a custom reprobe interval', () => {
    const monitor = settled({ thresholdMs: 100, probeTimeoutMs: 10, reprobeIntervalMs: 1000 });
    monitor.tick(100);
    monitor.tick(110); // timed out: unhealthy
    expect(tickThrough(monitor, 110, 1109, 1)).toEqual([]);
    expect(monitor.tick(1110)).toEqual([{ type: 'probe', node: 'a', reason: 'recheck' }]);
    expect(monitor.heartbeat('a', 1111)).toEqual([{ type: 'markHealthy', node: 'a', via: 'heartbeat' }]);
    expect(monitor.tick(1210)).toEqual([]);
    expect(monitor.tick(1211)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
  });

  it('a node that recovers between rechecks is next probed one threshold after it was last seen', () => {
    const monitor = settled({ thresholdMs: 100, probeTimeoutMs: 10, reprobeIntervalMs: 1000 });
    monitor.tick(100);
    monitor.tick(110); // unhealthy; next recheck would be at 1110
    monitor.heartbeat('a', 120);
    expect(monitor.nextDeadline()).toBe(220);
    expect(monitor.tick(220)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
  });

  it('a heartbeat while probing ends the probe; its late failure is ignored', () => {
    const monitor = settled();
    monitor.tick(T);
    expect(monitor.heartbeat('a', T + 1)).toEqual([]);
    expect(monitor.state('a')).toMatchObject({ status: 'healthy', probeSentAt: undefined });
    expect(monitor.probeResult('a', false, T + 2)).toEqual([]);
    expect(monitor.tick(T + P)).toEqual([]);
    expect(monitor.state('a')?.status).toBe('healthy');
  });

  it('ignores events for nodes it does not track, and forgets nodes', () => {
    const monitor = settled();
    expect(monitor.heartbeat('ghost', 1)).toEqual([]);
    expect(monitor.probeResult('ghost', true, 1)).toEqual([]);
    expect(monitor.probeResult('ghost', false, 1)).toEqual([]);
    expect(monitor.state('ghost')).toBeUndefined();
    monitor.tick(T);
    expect(monitor.forget('a')).toBe(true);
    expect(monitor.forget('a')).toBe(false);
    expect(monitor.probeResult('a', false, T + 1)).toEqual([]);
    expect(monitor.tick(10 * T)).toEqual([]);
    expect(monitor.size).toBe(0);
    expect(monitor.nextDeadline()).toBeUndefined();
  });

  it('tracking an already tracked node as unknown changes nothing', () => {
    const monitor = settled();
    expect(monitor.track('a', 5, 'unknown')).toEqual([]);
    expect(monitor.state('a')).toMatchObject({ status: 'healthy', lastSeenAt: 0 });
  });

  it('a heartbeat with an older timestamp does not move the silence clock back', () => {
    const monitor = settled();
    monitor.heartbeat('a', 1000);
    monitor.heartbeat('a', 500);
    expect(monitor.state('a')?.lastSeenAt).toBe(1000);
  });

  it('reports its state per node and as a snapshot sorted by name (timeouts count from the tick that sees them)', () => {
    const monitor = new LivenessMonitor(0, { warmUpMs: 0 });
    monitor.track('zeta', 0);
    monitor.track('alpha', 0, 'unknown');
    monitor.track('mid', 0);
    monitor.tick(T);
    expect(monitor.snapshot()).toEqual([
      {
        node: 'alpha',
        status: 'unhealthy',
        since: T,
        lastSeenAt: undefined,
        probeSentAt: undefined,
        reason: 'probe-timeout',
      },
      { node: 'mid', status: 'probing', since: T, lastSeenAt: 0, probeSentAt: T, reason: undefined },
      { node: 'zeta', status: 'probing', since: T, lastSeenAt: 0, probeSentAt: T, reason: undefined },
    ]);
  });

  it('tells the daemon when to tick next', () => {
    const monitor = new LivenessMonitor(0, { thresholdMs: 100, probeTimeoutMs: 10, warmUpMs: 50 });
    expect(monitor.nextDeadline()).toBe(50);
    monitor.track('a', 0);
    expect(monitor.nextDeadline()).toBe(50);
    monitor.tick(50);
    expect(monitor.nextDeadline()).toBe(100);
    monitor.tick(100);
    expect(monitor.nextDeadline()).toBe(110);
  });

  it('allocates nothing on a tick with nothing to do', () => {
    const monitor = settled();
    expect(monitor.tick(1)).toBe(monitor.tick(2));
    expect(Object.isFrozen(monitor.tick(3))).toBe(true);
  });

  it.each<[keyof LivenessOptions, number]>([
    ['thresholdMs', 0],
    ['thresholdMs', Number.NaN],
    ['probeTimeoutMs', -1],
    ['reprobeIntervalMs', 0],
    ['warmUpMs', -1],
    ['warmUpMs', Number.POSITIVE_INFINITY],
  ])('refuses %s = %p', (option, value) => {
    expect(() => new LivenessMonitor(0, { [option]: value })).toThrow(HeartbeatError);
    expect(() => new LivenessMonitor(0, { [option]: value })).toThrow(new RegExp(`^${option}: `));
  });
});

describe('LivenessMonitor: warm-up', () => {
  const opts: LivenessOptions = { thresholdMs: 100, probeTimeoutMs: 10 }; // warm-up 110 ms

  it('probes every node known at start', () => {
    const monitor = new LivenessMonitor(0, opts);
    expect(['a', 'b'].flatMap((n) => monitor.track(n, 0, 'unknown'))).toEqual([
      { type: 'probe', node: 'a', reason: 'unknown' },
      { type: 'probe', node: 'b', reason: 'unknown' },
    ]);
    expect(monitor.state('a')).toMatchObject({ status: 'unknown', probeSentAt: 0, lastSeenAt: undefined });
    expect(monitor.warmingUp).toBe(true);
  });

  it('holds alerts until every known node has a result, then raises them together', () => {
    const monitor = new LivenessMonitor(0, opts);
    for (const n of ['a', 'b', 'c', 'd']) monitor.track(n, 0, 'unknown');
    expect(monitor.probeResult('a', false, 1)).toEqual([]);
    expect(monitor.probeResult('b', true, 2)).toEqual([{ type: 'markHealthy', node: 'b', via: 'probe' }]);
    expect(monitor.heartbeat('c', 3)).toEqual([{ type: 'markHealthy', node: 'c', via: 'heartbeat' }]);
    expect(monitor.state('a')?.status).toBe('unhealthy');
    expect(monitor.warmingUp).toBe(true);
    // d never answers: its timeout is the last result, and ends warm-up.
    expect(monitor.tick(10)).toEqual([
      { type: 'markUnhealthy', node: 'a', reason: 'probe-failed', lastSeenAt: undefined },
      { type: 'markUnhealthy', node: 'd', reason: 'probe-timeout', lastSeenAt: undefined },
    ]);
    expect(monitor.warmingUp).toBe(false);
  });

  it('ends on the event that brings the last result', () => {
    const monitor = new LivenessMonitor(0, opts);
    monitor.track('a', 0, 'unknown');
    monitor.track('b', 0, 'unknown');
    monitor.probeResult('a', false, 1);
    expect(monitor.probeResult('b', false, 2)).toEqual([
      { type: 'markUnhealthy', node: 'a', reason: 'probe-failed', lastSeenAt: undefined },
      { type: 'markUnhealthy', node: 'b', reason: 'probe-failed', lastSeenAt: undefined },
    ]);
  });

  it('ends when its time is up, even with probes outstanding', () => {
    const monitor = new LivenessMonitor(0, { ...opts, warmUpMs: 5 });
    monitor.track('a', 0, 'unknown');
    monitor.track('b', 0, 'unknown');
    monitor.probeResult('a', false, 1);
    expect(monitor.tick(4)).toEqual([]);
    expect(monitor.tick(5)).toEqual([
      { type: 'markUnhealthy', node: 'a', reason: 'probe-failed', lastSeenAt: undefined },
    ]);
    expect(monitor.warmingUp).toBe(false);
    expect(monitor.probeResult('b', false, 6)).toEqual([
      { type: 'markUnhealthy', node: 'b', reason: 'probe-failed', lastSeenAt: undefined },
    ]);
  });

  it.each<[string, (m: LivenessMonitor, now: number) => readonly LivenessAction[]]>([
    ['a heartbeat', (m, now) => m.heartbeat('a', now)],
    ['a re-registration', (m, now) => m.track('a', now)],
    ['a successful probe', (m, now) => m.probeResult('a', true, now)],
  ])('a node that fails and recovers by %s during warm-up raises nothing', (_, recover) => {
    const monitor = new LivenessMonitor(0, { ...opts, warmUpMs: 1000 });
    monitor.track('a', 0); // registered: healthy
    monitor.track('b', 95, 'unknown'); // keeps warm-up on until its probe ends at 105
    expect(monitor.tick(100)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
    expect(monitor.probeResult('a', false, 101)).toEqual([]);
    expect(monitor.state('a')?.status).toBe('unhealthy');
    expect(recover(monitor, 102)).toEqual([]);
    expect(monitor.tick(105)).toEqual([
      { type: 'markUnhealthy', node: 'b', reason: 'probe-timeout', lastSeenAt: undefined },
    ]);
    expect(monitor.state('a')?.status).toBe('healthy');
  });

  it('with no node known at start, ends on the first tick', () => {
    const monitor = new LivenessMonitor(0, opts);
    expect(monitor.tick(1)).toEqual([]);
    expect(monitor.warmingUp).toBe(false);
  });

  it('is off with warmUpMs = 0', () => {
    const monitor = new LivenessMonitor(0, { ...opts, warmUpMs: 0 });
    monitor.track('a', 0, 'unknown');
    expect(monitor.warmingUp).toBe(false);
    expect(monitor.probeResult('a', false, 1)).toEqual([
      { type: 'markUnhealthy', node: 'a', reason: 'probe-failed', lastSeenAt: undefined },
    ]);
  });
});

describe('LivenessMonitor: announced restarts', () => {
  const W = 60_000; // the window: an upgrade's verify timeout

  /** `a` healthy since 0 (T = 90 s, P = 5 s), its restart announced at 1000 for W. */
  function restarting(options: LivenessOptions = {}): LivenessMonitor {
    const monitor = settled(options);
    expect(monitor.expectRestart('a', 1000, { withinMs: W, reason: 'upgrade to 0.2.0' })).toEqual([]);
    return monitor;
  }

  it('shows the node restarting, with the window and the reason', () => {
    expect(restarting().state('a')).toEqual({
      node: 'a',
      status: 'restarting',
      since: 1000,
      lastSeenAt: 0,
      probeSentAt: undefined,
      reason: undefined,
      restartUntil: 1000 + W,
      restartReason: 'upgrade to 0.2.0',
    });
  });

  it('neither probes nor marks a node silent for the whole window, however long past the threshold', () => {
    const monitor = restarting({ thresholdMs: 1000, probeTimeoutMs: 100 });
    expect(tickThrough(monitor, 1000, W + 999, 10)).toEqual([]);
    expect(monitor.state('a')?.status).toBe('restarting');
  });

  it.each<[string, (m: LivenessMonitor, now: number) => readonly LivenessAction[]]>([
    ["the old process's heartbeat", (m, now) => m.heartbeat('a', now)],
    ["the old process's answer to an earlier probe", (m, now) => m.probeResult('a', true, now)],
    ['a failed probe', (m, now) => m.probeResult('a', false, now)],
    ['tracking it as unknown', (m, now) => m.track('a', now, 'unknown')],
  ])('does not end the window on %s', (_, event) => {
    const monitor = restarting();
    expect(event(monitor, 2000)).toEqual([]);
    expect(monitor.state('a')).toMatchObject({ status: 'restarting', restartUntil: 1000 + W });
  });

  it('ends on the registration: restartEnded, then healthy with a fresh silence clock', () => {
    const monitor = restarting();
    expect(monitor.track('a', 4200)).toEqual([
      { type: 'restartEnded', node: 'a', via: 'registered', afterMs: 3200 },
    ]);
    expect(monitor.state('a')).toEqual({
      node: 'a',
      status: 'healthy',
      since: 4200,
      lastSeenAt: 4200,
      probeSentAt: undefined,
      reason: undefined,
      restartUntil: undefined,
      restartReason: undefined,
    });
    expect(tickThrough(monitor, 4200, 4200 + T - 100)).toEqual([]);
    expect(monitor.tick(4200 + T)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
  });

  it('when the window ends first, probes at once and counts the answer as usual', () => {
    const monitor = restarting();
    expect(monitor.tick(1000 + W - 1)).toEqual([]);
    expect(monitor.tick(1000 + W)).toEqual([
      { type: 'restartEnded', node: 'a', via: 'window-ended', afterMs: W },
      { type: 'probe', node: 'a', reason: 'restart-overdue' },
    ]);
    expect(monitor.state('a')).toMatchObject({ status: 'probing', probeSentAt: 1000 + W });
    expect(monitor.tick(1000 + W + P)).toEqual([
      { type: 'markUnhealthy', node: 'a', reason: 'probe-timeout', lastSeenAt: 0 },
    ]);
  });

  it('a restart with no announcement is still a silence: probed at the threshold, then unhealthy', () => {
    const monitor = settled();
    expect(monitor.tick(T)).toEqual([{ type: 'probe', node: 'a', reason: 'silent' }]);
    expect(monitor.tick(T + P)).toEqual([
      { type: 'markUnhealthy', node: 'a', reason: 'probe-timeout', lastSeenAt: 0 },
    ]);
  });

  it('drops an outstanding probe: its late failure marks nothing', () => {
    const monitor = settled();
    monitor.tick(T); // probing
    expect(monitor.expectRestart('a', T + 1, { withinMs: W })).toEqual([]);
    expect(monitor.probeResult('a', false, T + 2)).toEqual([]);
    expect(monitor.tick(T + P + 10)).toEqual([]);
    expect(monitor.state('a')).toMatchObject({ status: 'restarting', probeSentAt: undefined });
  });

  it('an unhealthy node stays reported unhealthy through the window, and recovers on registering', () => {
    const monitor = settled();
    monitor.tick(T);
    monitor.tick(T + P); // unhealthy, reported
    expect(monitor.expectRestart('a', T + P, { withinMs: W })).toEqual([]);
    expect(monitor.state('a')).toMatchObject({ status: 'restarting', reason: undefined });
    expect(monitor.track('a', T + P + 10)).toEqual([
      { type: 'restartEnded', node: 'a', via: 'registered', afterMs: 10 },
      { type: 'markHealthy', node: 'a', via: 'track' },
    ]);
  });

  it('an unhealthy node whose window ends is unhealthy again, rechecked at once, not reported twice', () => {
    const monitor = settled();
    monitor.tick(T);
    monitor.tick(T + P);
    monitor.expectRestart('a', T + P, { withinMs: W });
    expect(monitor.tick(T + P + W)).toEqual([
      { type: 'restartEnded', node: 'a', via: 'window-ended', afterMs: W },
      { type: 'probe', node: 'a', reason: 'restart-overdue' },
    ]);
    expect(monitor.state('a')).toMatchObject({ status: 'unhealthy', reason: 'probe-timeout' });
    expect(monitor.probeResult('a', false, T + P + W + 1)).toEqual([]);
  });

  it('announcing again moves the end of the window, from now', () => {
    const monitor = restarting();
    expect(monitor.expectRestart('a', 2000, { withinMs: 10_000, reason: 'rollback' })).toEqual([]);
    expect(monitor.state('a')).toMatchObject({
      since: 1000,
      restartUntil: 12_000,
      restartReason: 'rollback',
    });
    expect(monitor.tick(12_000)).toEqual([
      { type: 'restartEnded', node: 'a', via: 'window-ended', afterMs: 11_000 },
      { type: 'probe', node: 'a', reason: 'restart-overdue' },
    ]);
  });

  it('during warm-up, an unknown node announced restarting no longer holds warm-up; its overdue probe does', () => {
    const monitor = new LivenessMonitor(0, { thresholdMs: 100, probeTimeoutMs: 10, warmUpMs: 1000 });
    monitor.track('a', 0, 'unknown');
    monitor.track('b', 0, 'unknown');
    monitor.probeResult('b', false, 1); // unhealthy, held back
    expect(monitor.expectRestart('a', 2, { withinMs: 50 })).toEqual([
      { type: 'markUnhealthy', node: 'b', reason: 'probe-failed', lastSeenAt: undefined },
    ]);
    expect(monitor.warmingUp).toBe(false);
    expect(monitor.tick(52)).toEqual([
      { type: 'restartEnded', node: 'a', via: 'window-ended', afterMs: 50 },
      { type: 'probe', node: 'a', reason: 'restart-overdue' },
    ]);
    expect(monitor.state('a')?.status).toBe('unknown');
    expect(monitor.tick(62)).toEqual([
      { type: 'markUnhealthy', node: 'a', reason: 'probe-timeout', lastSeenAt: undefined },
    ]);
  });

  it('reports a node unhealthy at the window end if warm-up ended while it was restarting', () => {
    const monitor = new LivenessMonitor(0, { thresholdMs: 100, probeTimeoutMs: 10, warmUpMs: 30 });
    monitor.track('a', 0, 'unknown');
    monitor.track('b', 0, 'unknown'); // holds warm-up until its probe times out
    monitor.probeResult('a', false, 1); // unhealthy, not reported: warm-up
    monitor.expectRestart('a', 2, { withinMs: 100 });
    // Warm-up ends by time: b is reported, a (restarting) is not yet.
    expect(monitor.tick(30)).toEqual([
      { type: 'markUnhealthy', node: 'b', reason: 'probe-timeout', lastSeenAt: undefined },
    ]);
    expect(monitor.tick(102)).toEqual([
      { type: 'restartEnded', node: 'a', via: 'window-ended', afterMs: 100 },
      { type: 'probe', node: 'a', reason: 'restart-overdue' },
      { type: 'markUnhealthy', node: 'a', reason: 'probe-failed', lastSeenAt: undefined },
    ]);
  });

  it('ignores a node it does not track', () => {
    const monitor = settled();
    expect(monitor.expectRestart('ghost', 1, { withinMs: W })).toEqual([]);
    expect(monitor.state('ghost')).toBeUndefined();
  });

  it.each<[string, number, string, RegExp]>([
    ['a zero window', 0, '', /^within: /],
    ['a negative window', -1, '', /^within: /],
    ['a window past the maximum', 3_600_001, '', /^within: .*at most 3600 s/],
    ['a NaN window', Number.NaN, '', /^within: /],
    ['a reason too long', W, 'x'.repeat(201), /^reason: .*201 characters/],
    ['a reason with a newline', W, 'upgrade\nforged: entry', /^reason: /],
    ['a reason with an escape sequence', W, 'upgrade \u001b[2J', /^reason: /],
  ])('refuses %s, changing nothing', (_, withinMs, reason, message) => {
    const monitor = settled();
    const call = () => monitor.expectRestart('a', 1, { withinMs, reason });
    expect(call).toThrow(HeartbeatError);
    expect(call).toThrow(message);
    expect(monitor.state('a')?.status).toBe('healthy');
  });

  it('takes a smaller maximum window as an option', () => {
    const monitor = settled({ maxRestartWindowMs: 1000 });
    expect(() => monitor.expectRestart('a', 1, { withinMs: 1001 })).toThrow(/at most 1 s/);
    expect(monitor.expectRestart('a', 1, { withinMs: 1000 })).toEqual([]);
    expect(() => new LivenessMonitor(0, { maxRestartWindowMs: 0 })).toThrow(/^maxRestartWindowMs: /);
  });
});

describe('LivenessMonitor: properties', () => {
  it('with 30% of heartbeats lost and probes answering, never marks a node unhealthy', () => {
    const opts = { thresholdMs: 90, probeTimeoutMs: 5, warmUpMs: 0 }; // the defaults, in ms instead of s
    let probes = 0;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = prng(seed);
        const monitor = new LivenessMonitor(0, opts);
        const nodes = Array.from({ length: 8 }, (_, i) => `n${i}`);
        for (const n of nodes) monitor.track(n, 0);
        const answerAt = new Map<string, number>();
        for (let now = 1; now <= 1000 * 30; now++) {
          nodes.forEach((n, i) => {
            if ((now + i) % 30 === 0 && random() >= 0.3) monitor.heartbeat(n, now);
          });
          for (const [n, at] of answerAt) {
            if (at === now) {
              answerAt.delete(n);
              expect(monitor.probeResult(n, true, now)).toEqual([]);
            }
          }
          for (const action of monitor.tick(now)) {
            expect(action.type).toBe('probe');
            probes++;
            answerAt.set(action.node, now + 1 + Math.floor(random() * 4)); // 1–4 ms: within the timeout
          }
        }
      }),
      { numRuns: 10 },
    );
    expect(probes).toBeGreaterThan(0); // three losses in a row do happen, and get probed
  });

  type Event =
    | { kind: 'heartbeat' | 'ok' | 'fail' | 'track' | 'forget' | 'expect'; node: string; dt: number }
    | { kind: 'tick'; dt: number };
  const names = ['a', 'b', 'c', 'd'];
  const event: fc.Arbitrary<Event> = fc.oneof(
    fc.record({
      kind: fc.constantFrom('heartbeat', 'ok', 'fail', 'track', 'forget', 'expect'),
      node: fc.constantFrom(...names),
      dt: fc.nat(30),
    }),
    fc.record({ kind: fc.constant('tick'), dt: fc.nat(30) }),
    fc.record({ kind: fc.constant('tick'), dt: fc.nat(30) }),
  );

  const optionSets = [
    { thresholdMs: 20, probeTimeoutMs: 5, reprobeIntervalMs: 15, warmUpMs: 40 },
    { thresholdMs: 20, probeTimeoutMs: 5, reprobeIntervalMs: 60, warmUpMs: 40 },
    { thresholdMs: 20, probeTimeoutMs: 30, reprobeIntervalMs: 3, warmUpMs: 10 },
    { thresholdMs: 1, probeTimeoutMs: 1, reprobeIntervalMs: 1, warmUpMs: 0 },
  ];

  it('keeps its promises under any sequence of events', () => {
    fc.assert(
      fc.property(fc.constantFrom(...optionSets), fc.array(event, { maxLength: 200 }), (opts, events) => {
        const monitor = new LivenessMonitor(0, opts);
        const reported = new Map<string, boolean | undefined>();
        for (const n of ['a', 'b']) {
          monitor.track(n, 0, 'unknown');
          reported.set(n, undefined);
        }
        let now = 0;
        let warmUpOver = false;
        for (const e of events) {
          now += e.dt;
          const before = new Map(monitor.snapshot().map((s) => [s.node, s]));
          let out: readonly LivenessAction[];
          if (e.kind === 'tick') out = monitor.tick(now);
          else if (e.kind === 'heartbeat') out = monitor.heartbeat(e.node, now);
          else if (e.kind === 'ok' || e.kind === 'fail')
            out = monitor.probeResult(e.node, e.kind === 'ok', now);
          else if (e.kind === 'track') {
            if (!before.has(e.node)) reported.set(e.node, true);
            out = monitor.track(e.node, now);
          } else if (e.kind === 'expect') {
            out = monitor.expectRestart(e.node, now, { withinMs: 1 + 2 * e.dt });
          } else {
            monitor.forget(e.node);
            reported.delete(e.node);
            out = [];
          }
          const probed = new Set<string>();
          for (const action of out) {
            if (action.type === 'restartEnded') {
              // Only from a restarting node, and only a registration or the window's end closes it.
              expect(before.get(action.node)?.status).toBe('restarting');
              expect(action.via).toBe(e.kind === 'tick' ? 'window-ended' : 'registered');
            } else if (action.type === 'probe') {
              // One probe at a time per node.
              expect(before.get(action.node)?.probeSentAt).toBeUndefined();
              expect(probed.has(action.node)).toBe(false);
              probed.add(action.node);
            } else {
              // Health reports alternate, and none is held back past warm-up.
              const healthy = action.type === 'markHealthy';
              expect(reported.get(action.node)).not.toBe(healthy);
              reported.set(action.node, healthy);
              if (!healthy) expect(monitor.warmingUp).toBe(false);
            }
          }
          // Warm-up happens once: it may end on any event (the one that brings the last
          // result), and a node that is unknown again later (a restart window that ran out)
          // does not start it again.
          if (warmUpOver) expect(monitor.warmingUp).toBe(false);
          if (e.kind === 'tick')
            expect(monitor.warmingUp).toBe(
              !warmUpOver && now < opts.warmUpMs && monitor.snapshot().some((s) => s.status === 'unknown'),
            );
          warmUpOver ||= !monitor.warmingUp;
          if (e.kind !== 'tick') continue;
          for (const s of monitor.snapshot()) {
            // Nothing is overdue after a tick, and what the daemon was told matches the state.
            if (s.status === 'restarting') expect(s.restartUntil).toBeGreaterThan(now);
            else if (s.probeSentAt !== undefined)
              expect(s.probeSentAt + opts.probeTimeoutMs).toBeGreaterThan(now);
            else if (s.status === 'healthy') expect(s.lastSeenAt! + opts.thresholdMs).toBeGreaterThan(now);
            if (s.status === 'unhealthy' && !monitor.warmingUp) expect(reported.get(s.node)).toBe(false);
            if (s.status === 'healthy' || s.status === 'probing') expect(reported.get(s.node)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles 10,000 nodes: beating ones are never probed, silent ones once each', () => {
    const monitor = new LivenessMonitor(0, { warmUpMs: 0 });
    for (let i = 0; i < 10_000; i++) monitor.track(`node-${i}`, 0);
    const count = new Map<string, number>();
    for (let now = 250; now <= 100_000; now += 250) {
      // Even nodes beat every 30 s (120 ticks), spread evenly over the ticks; odd nodes are silent.
      for (let i = 2 * ((now / 250) % 120); i < 10_000; i += 240) monitor.heartbeat(`node-${i}`, now);
      for (const action of monitor.tick(now)) {
        const key = `${action.type} ${Number(action.node.slice(5)) % 2 ? 'odd' : 'even'}`;
        count.set(key, (count.get(key) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(count)).toEqual({ 'probe odd': 5000, 'markUnhealthy odd': 5000 });
  });
});
