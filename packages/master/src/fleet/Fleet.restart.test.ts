// Announced restarts (ExpectRestart), agent instance ids and what agents
// report wrong with themselves, with a fake clock and a fake probe.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { HeartbeatError } from '@mcp/heartbeat';
import { pino } from 'pino';
import { MasterStore } from '../store/MasterStore.js';
import { Fleet } from './Fleet.js';

let now: number;
let store: MasterStore;
let probes: { node: string; answer(ok: boolean): void }[];
let fleet: Fleet;

const THRESHOLD = 900;
const PROBE_TIMEOUT = 500;
const WINDOW = 5000;

function makeFleet(): Fleet {
  return new Fleet({
    store,
    logger: pino({ level: 'silent' }),
    allowlist: ['agent-orion', 'agent-rift'],
    thresholdMs: THRESHOLD,
    probeTimeoutMs: PROBE_TIMEOUT,
    warmUpMs: 0,
    // One registration a minute, as the default: a restart must not wait for it.
    rateLimits: { register: { count: 1, periodMs: 60_000 }, heartbeat: { count: 50, periodMs: 1000 } },
    probe: (node) => new Promise<boolean>((resolve) => probes.push({ node: node.name, answer: resolve })),
    now: () => now,
  });
}

async function advance(ms: number): Promise<void> {
  now += ms;
  fleet.tick();
  await Promise.resolve();
}

beforeEach(() => {
  now = 1_000_000;
  store = new MasterStore(':memory:', () => new Date(now));
  probes = [];
  fleet = makeFleet();
});
afterEach(() => {
  fleet.stop();
  store.close();
});

const register = (name: string, instanceId: string) =>
  fleet.register(
    { name, role: 'worker', address: '100.64.0.2:9444', arch: 'amd64', agentVersion: '0.1.0' },
    `agent-${name}`,
    () => Promise.resolve(),
    instanceId,
  );
const heartbeat = (name: string, instanceId = '', problems: string[] = []) =>
  fleet.heartbeat(name, `agent-${name}`, undefined, { instanceId, problems });
const view = (node: string) => fleet.list().find((n) => n.record.name === node)!;
const announce = (withinMs = WINDOW, reason = 'mcp agent upgrade: 0.1.0 -> 0.2.0') =>
  fleet.expectRestart({ node: 'orion', withinMs, reason, by: 'alice' });
const restartEvents = () =>
  store
    .events()
    .filter((e) => e.kind === 'restart' || e.kind === 'health')
    .map((e) => `${e.kind}: ${e.message}`)
    .reverse();

describe('Fleet: an announced restart', () => {
  beforeEach(async () => {
    await register('orion', 'old');
  });

  it('shows the node restarting until the window ends, and gives it nothing new', () => {
    const shown = announce();
    expect(shown).toMatchObject({ state: 'restarting', restartUntil: new Date(now + WINDOW) });
    expect(fleet.deployNodes()[0]).toMatchObject({ name: 'orion', healthy: false });
    expect(restartEvents()).toEqual([
      'restart: orion restart announced by alice, expected within 5 s: mcp agent upgrade: 0.1.0 -> 0.2.0',
    ]);
  });

  it('is neither probed nor marked unhealthy while the agent is away, however long past the threshold', async () => {
    announce();
    for (let t = 0; t < WINDOW - 100; t += 100) await advance(100);
    expect(probes).toEqual([]);
    expect(view('orion').state).toBe('restarting');
    expect(restartEvents().filter((e) => e.startsWith('health'))).toEqual([]);
  });

  it('ends when a new agent process registers, within the rate limit it would otherwise hit', async () => {
    announce();
    await advance(1500);
    await expect(register('orion', 'new')).resolves.toEqual({ warnings: [] });
    expect(view('orion')).toMatchObject({ state: 'healthy', instanceId: 'new', restartUntil: undefined });
    expect(fleet.deployNodes()[0]!.healthy).toBe(true);
    expect(restartEvents().at(-1)).toBe(
      'restart: orion registered again 1.5 s after its restart was announced',
    );
    // The pass was for one registration only.
    await expect(register('orion', 'newer')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('does not end on the old process registering again, nor on its last heartbeats', async () => {
    announce();
    heartbeat('orion', 'old');
    await register('orion', 'old');
    expect(view('orion').state).toBe('restarting');
  });

  it('probes the node when the window passes without a registration, and a failed probe marks it unhealthy', async () => {
    announce();
    await advance(WINDOW);
    expect(probes.map((p) => p.node)).toEqual(['orion']);
    expect(view('orion').state).toBe('probing');
    probes[0]!.answer(false);
    await Promise.resolve();
    expect(view('orion').state).toBe('unhealthy');
    expect(restartEvents().slice(1)).toEqual([
      'restart: orion did not register again within its restart window (5.0 s); probing it',
      'health: orion unhealthy: probe-failed',
    ]);
  });

  it('without an announcement, the same absence is a silence: probed at the threshold', async () => {
    await advance(THRESHOLD);
    expect(view('orion').state).toBe('probing');
    expect(probes.map((p) => p.node)).toEqual(['orion']);
  });

  it.each<[string, () => unknown, string | RegExp]>([
    [
      'a node it does not know',
      () => fleet.expectRestart({ node: 'rift', withinMs: WINDOW, reason: '', by: 'alice' }),
      'UNKNOWN_NODE',
    ],
    ['a window of 0', () => announce(0), 'INVALID_RESTART'],
    ['a window over an hour', () => announce(3_600_001), 'INVALID_RESTART'],
    ['a reason with a newline', () => announce(WINDOW, 'ok\nforged'), 'INVALID_RESTART'],
  ])('refuses %s, changing nothing', (_, call, code) => {
    expect(call).toThrow(expect.objectContaining({ code }));
    expect(view('orion').state).toBe('healthy');
    expect(restartEvents()).toEqual([]);
  });

  it('throws HeartbeatError for a bad window, which the error boundary maps to INVALID_ARGUMENT', () => {
    expect(() => announce(0)).toThrow(HeartbeatError);
  });
});

describe('Fleet: agent instance ids', () => {
  it.each<[string, string, string, string | undefined]>([
    ['the registered process', 'a1', 'a1', undefined],
    ['an agent that does not say', 'a1', '', undefined],
    ['another process than the one registered', 'a1', 'b2', 'UNKNOWN_NODE'],
  ])('a heartbeat from %s', async (_, registered, beating, refused) => {
    await register('orion', registered);
    const call = () => heartbeat('orion', beating);
    if (refused) expect(call).toThrow(expect.objectContaining({ code: refused }));
    else expect(call).not.toThrow();
    expect(view('orion').instanceId).toBe(registered);
  });

  it('learns the process from heartbeats after the master restarted', async () => {
    await register('orion', 'a1');
    fleet.stop();
    fleet = makeFleet();
    expect(view('orion').instanceId).toBe('');
    heartbeat('orion', 'a1');
    expect(view('orion').instanceId).toBe('a1');
    expect(() => heartbeat('orion', 'b2')).toThrow(expect.objectContaining({ code: 'UNKNOWN_NODE' }));
  });
});

describe('Fleet: what the agent reports wrong with itself', () => {
  it('keeps the last heartbeat’s problems, and forgets them once it reports none', async () => {
    await register('orion', 'a1');
    heartbeat('orion', 'a1', ['proxy: connect ENOENT /run/caddy/admin.sock']);
    expect(view('orion')).toMatchObject({
      state: 'healthy',
      problems: ['proxy: connect ENOENT /run/caddy/admin.sock'],
    });
    // A degraded node still takes new work; only its liveness decides that.
    expect(fleet.deployNodes()[0]!.healthy).toBe(true);
    heartbeat('orion', 'a1');
    expect(view('orion').problems).toEqual([]);
  });

  it('forgets them when another process registers, keeps them when the same one does again', async () => {
    await register('orion', 'a1');
    heartbeat('orion', 'a1', ['proxy: down']);
    now += 60_000; // past the registration rate limit
    await register('orion', 'a1');
    expect(view('orion').problems).toEqual(['proxy: down']);
    now += 60_000;
    await register('orion', 'b2');
    expect(view('orion')).toMatchObject({ state: 'healthy', problems: [] });
  });
});
