// The fleet's rules with a fake clock and a fake probe: registration,
// rate limits, liveness and the events they leave, without processes.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { MasterStore } from '../store/MasterStore.js';
import { Fleet } from './Fleet.js';

let now: number;
let store: MasterStore;
let probes: { node: string; answer(ok: boolean): void }[];
let fleet: Fleet;

const request = (name: string, address = '100.64.0.2:9444') => ({
  name,
  role: 'worker',
  address,
  arch: 'amd64',
  agentVersion: '0.1.0',
});

function makeFleet(): Fleet {
  return new Fleet({
    store,
    logger: pino({ level: 'silent' }),
    allowlist: ['agent-orion', 'agent-rift'],
    thresholdMs: 900,
    probeTimeoutMs: 500,
    warmUpMs: 0,
    rateLimits: { register: { count: 2, periodMs: 1000 }, heartbeat: { count: 5, periodMs: 1000 } },
    probe: (node) => new Promise<boolean>((resolve) => probes.push({ node: node.name, answer: resolve })),
    now: () => now,
  });
}

/** Moves the fake clock and lets the liveness machine act on it. */
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

const verified = () => Promise.resolve();
const register = (name: string, address?: string, verify = verified) =>
  fleet.register(request(name, address), `agent-${name}`, verify);

const stateOf = (node: string) => fleet.list().find((n) => n.record.name === node)?.state;
const events = () =>
  store
    .events()
    .map((e) => `${e.kind}: ${e.message}`)
    .reverse();

describe('Fleet: registration', () => {
  it('registers a node as healthy and records it', async () => {
    await register('orion');
    expect(stateOf('orion')).toBe('healthy');
    expect(store.listNodes().map((n) => n.name)).toEqual(['orion']);
    expect(events()).toEqual(['registered: orion registered as worker at 100.64.0.2:9444']);
  });

  it('logs a re-registration with the old address', async () => {
    await register('orion');
    now += 10;
    const { warnings } = await register('orion', '100.64.0.9:9444');
    expect(warnings.join(' ')).toContain('100.64.0.2:9444');
    expect(events().at(-1)).toBe(
      're-registered: orion re-registered at 100.64.0.9:9444 (was 100.64.0.2:9444)',
    );
  });

  it('refuses a third registration within the period, then allows one once it has passed', async () => {
    await register('orion');
    await register('orion');
    await expect(register('orion')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('Register too often'),
    });
    now += 500;
    await expect(register('orion')).resolves.toMatchObject({ warnings: [] });
  });

  it('limits each identity on its own', async () => {
    await register('orion');
    await register('orion');
    await expect(register('rift', '100.64.0.1:9444')).resolves.toEqual({ warnings: [] });
  });
});

describe('Fleet: registration checks the address before anything changes', () => {
  it('records nothing when the address does not answer as the node', async () => {
    const refused = () => Promise.reject(new Error('answers as rift'));
    await expect(register('orion', undefined, refused)).rejects.toThrow('answers as rift');
    expect(store.listNodes()).toEqual([]);
    expect(stateOf('orion')).toBeUndefined();
    await register('orion');
    expect(stateOf('orion')).toBe('healthy');
  });

  it('does not ask the address when the registry refuses first', async () => {
    let asked = false;
    const verify = () => {
      asked = true;
      return Promise.resolve();
    };
    await expect(fleet.register(request('eve'), 'agent-eve', verify)).rejects.toMatchObject({
      code: 'NOT_ALLOWLISTED',
    });
    expect(asked).toBe(false);
  });
});

describe('Fleet: heartbeats and liveness', () => {
  it('refuses a heartbeat from a node that is not registered', () => {
    expect(() => fleet.heartbeat('orion', 'agent-orion', undefined)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_NODE' }),
    );
  });

  it('goes healthy → probing → unhealthy → healthy, by the one state machine', async () => {
    await register('orion');
    await advance(900);
    expect(stateOf('orion')).toBe('probing');
    expect(probes.map((p) => p.node)).toEqual(['orion']);
    probes[0]!.answer(false);
    await Promise.resolve();
    expect(stateOf('orion')).toBe('unhealthy');
    expect(fleet.deployNodes().find((n) => n.name === 'orion')?.healthy).toBe(false);
    now += 10;
    fleet.heartbeat('orion', 'agent-orion', {
      cpuMillicores: 1,
      memoryAvailableBytes: 2,
      diskAvailableBytes: 3,
      containers: 4,
    });
    expect(stateOf('orion')).toBe('healthy');
    expect(fleet.deployNodes().find((n) => n.name === 'orion')).toMatchObject({
      healthy: true,
      containers: 4,
    });
    expect(events().filter((e) => e.startsWith('health'))).toEqual([
      'health: orion unhealthy: probe-failed',
      'health: orion healthy (via heartbeat)',
    ]);
  });

  it('counts a probe that is not answered in time as failed', async () => {
    await register('orion');
    await advance(900);
    await advance(500);
    expect(stateOf('orion')).toBe('unhealthy');
  });

  it('stays healthy while heartbeats come in time', async () => {
    await register('orion');
    for (let i = 0; i < 5; i++) {
      await advance(300);
      fleet.heartbeat('orion', 'agent-orion', undefined);
    }
    expect(stateOf('orion')).toBe('healthy');
    expect(probes).toEqual([]);
  });

  it('probes the nodes it knows from its database when it starts, and shows them unknown until they answer', async () => {
    await register('orion');
    fleet.stop();
    fleet = makeFleet();
    expect(stateOf('orion')).toBe('unknown');
    expect(probes.map((p) => p.node)).toEqual(['orion']);
    probes[0]!.answer(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(stateOf('orion')).toBe('healthy');
  });

  it('spreads back-to-back deploys by counting what was placed since the last heartbeat', async () => {
    await register('orion');
    fleet.heartbeat('orion', 'agent-orion', {
      cpuMillicores: 0,
      memoryAvailableBytes: 0,
      diskAvailableBytes: 0,
      containers: 1,
    });
    fleet.notePlaced('orion', 2);
    expect(fleet.deployNodes()[0]!.containers).toBe(3);
  });
});
