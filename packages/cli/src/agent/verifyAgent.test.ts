import { describe, expect, it } from '@jest/globals';
import { NodeStatus, type NodeInfo } from '@mcp/proto';
import type { NodeWatcher } from './NodeWatcher.js';
import { UpgradeError } from './UpgradeError.js';
import { soak, waitForRegistration, type Clock, type VerifyOptions } from './verifyAgent.js';

const HEALTHY = NodeStatus.NODE_STATUS_HEALTHY;
type Seen = Partial<NodeInfo> | 'unreachable';

/** A master whose answers follow `script` by time; a fake clock that jumps on sleep. */
function setup(script: [atMs: number, seen: Seen][]) {
  let t = 0;
  const clock: Clock = {
    now: () => t,
    sleep: (ms) => {
      t += ms;
      return Promise.resolve();
    },
  };
  const watcher: NodeWatcher = {
    list: () => Promise.resolve([]),
    node: (name) => {
      const seen = [...script].reverse().find(([at]) => at <= t)?.[1];
      if (seen === 'unreachable') return Promise.reject(new Error('UNAVAILABLE'));
      return Promise.resolve(
        seen &&
          ({
            name,
            agentVersion: '',
            agentInstanceId: '',
            problems: [],
            status: HEALTHY,
            ...seen,
          } as NodeInfo),
      );
    },
    expectRestart: () => Promise.resolve(undefined),
    close: () => undefined,
  };
  const options: VerifyOptions = {
    watcher,
    node: 'orion',
    version: '0.2.0',
    registeredBefore: new Date(1000),
    timeoutMs: 5000,
    soakMs: 2000,
    pollMs: 100,
    clock,
  };
  return { options, now: () => t };
}
const at = (ms: number) => new Date(ms);
const old: Seen = { agentVersion: '0.1.0', registeredAt: at(1000), lastHeartbeat: at(1100) };
const back: Seen = { agentVersion: '0.2.0', registeredAt: at(3000), lastHeartbeat: at(3200) };
/** The same, from masters and agents that name the agent process. */
const oldP1: Seen = { ...old, agentInstanceId: 'p1' };
const backP2: Seen = { ...back, agentInstanceId: 'p2' };
const registration = { registeredAt: at(3000), instanceId: '' };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'passed',
    (e: unknown) => (e instanceof UpgradeError ? e.code : String(e)),
  );

describe('waitForRegistration', () => {
  it.each<[string, [number, Seen][], string]>([
    [
      'a new registration with the version, a heartbeat after it, healthy',
      [
        [0, old],
        [1500, back],
      ],
      'passed',
    ],
    ['the old registration still', [[0, old]], 'NOT_REGISTERED'],
    ['registered with the old version', [[0, { ...back, agentVersion: '0.1.0' }]], 'NOT_REGISTERED'],
    ['registered but no heartbeat since', [[0, { ...back, lastHeartbeat: at(3000) }]], 'NOT_REGISTERED'],
    [
      'registered, heartbeating, but unhealthy',
      [[0, { ...back, status: NodeStatus.NODE_STATUS_UNHEALTHY }]],
      'NOT_REGISTERED',
    ],
    [
      'back after the master was away for a while',
      [
        [0, 'unreachable'],
        [3000, back],
      ],
      'passed',
    ],
    [
      'back only after the deadline',
      [
        [0, old],
        [6000, back],
      ],
      'NOT_REGISTERED',
    ],
  ])('%s: %s', async (_, script, expected) => {
    expect(await codeOf(waitForRegistration(setup(script).options))).toBe(expected);
  });

  it.each<[string, Partial<VerifyOptions>, [number, Seen][], string]>([
    [
      'a new agent process',
      { instanceBefore: 'p1' },
      [
        [0, oldP1],
        [1500, backP2],
      ],
      'passed',
    ],
    [
      'the process from before, registering again (the master had forgotten it)',
      { instanceBefore: 'p1' },
      [[0, { ...backP2, agentInstanceId: 'p1' }]],
      'NOT_REGISTERED',
    ],
    ['a master that names no process', { instanceBefore: 'p1' }, [[0, back]], 'NOT_REGISTERED'],
    ['no process known before: the time decides', { instanceBefore: '' }, [[0, backP2]], 'passed'],
    [
      'degraded, though it was not before',
      {},
      [[0, { ...back, status: NodeStatus.NODE_STATUS_DEGRADED, problems: ['proxy: down'] }]],
      'NOT_REGISTERED',
    ],
    [
      'degraded, as it was before',
      { degradedOk: true },
      [[0, { ...back, status: NodeStatus.NODE_STATUS_DEGRADED, problems: ['proxy: down'] }]],
      'passed',
    ],
    [
      'still restarting as the master sees it',
      { instanceBefore: 'p1' },
      [[0, { ...backP2, status: NodeStatus.NODE_STATUS_RESTARTING }]],
      'NOT_REGISTERED',
    ],
  ])('by instance and status: %s: %s', async (_, extra, script, expected) => {
    const { options } = setup(script);
    expect(await codeOf(waitForRegistration({ ...options, ...extra }))).toBe(expected);
  });

  it('resolves with the registration and the process that made it', async () => {
    const { options } = setup([[0, backP2]]);
    await expect(waitForRegistration({ ...options, instanceBefore: 'p1' })).resolves.toEqual({
      registeredAt: at(3000),
      instanceId: 'p2',
    });
  });

  it('says what the master saw last', async () => {
    await expect(waitForRegistration(setup([[0, old]]).options)).rejects.toThrow(
      'orion did not register and heartbeat with version 0.2.0 within 5s: the master last saw version 0.1.0 registered at 00:00:01.000, healthy',
    );
  });
});

describe('soak', () => {
  it.each<[string, [number, Seen][], string]>([
    ['healthy throughout', [[0, back]], 'passed'],
    [
      'the master away for a moment',
      [
        [0, back],
        [500, 'unreachable'],
        [700, back],
      ],
      'passed',
    ],
    [
      'registered again (restarted)',
      [
        [0, back],
        [800, { ...back, registeredAt: at(3800), lastHeartbeat: at(3900) }],
      ],
      'SOAK_FAILED',
    ],
    [
      'turned unhealthy',
      [
        [0, back],
        [1500, { ...back, status: NodeStatus.NODE_STATUS_PROBING }],
      ],
      'SOAK_FAILED',
    ],
  ])('%s: %s', async (_, script, expected) => {
    const { options } = setup(script);
    expect(await codeOf(soak(options, registration))).toBe(expected);
  });

  it.each<[string, [number, Seen][], string]>([
    [
      'the same process registering again (the master forgot it)',
      [
        [0, backP2],
        [800, { ...backP2, registeredAt: at(3800) }],
      ],
      'passed',
    ],
    [
      'another process',
      [
        [0, backP2],
        [800, { ...backP2, agentInstanceId: 'p3', registeredAt: at(3800) }],
      ],
      'SOAK_FAILED',
    ],
  ])('with a process id: %s: %s', async (_, script, expected) => {
    const { options } = setup(script);
    expect(await codeOf(soak(options, { registeredAt: at(3000), instanceId: 'p2' }))).toBe(expected);
  });

  it('names what the master says is wrong when the node turns degraded', async () => {
    const { options } = setup([
      [0, back],
      [500, { ...back, status: NodeStatus.NODE_STATUS_DEGRADED, problems: ['proxy: connect ENOENT'] }],
    ]);
    await expect(soak(options, registration)).rejects.toThrow(
      'orion turned degraded (proxy: connect ENOENT) 0.5s into the 2s soak',
    );
  });

  it('lasts the soak period and names what changed', async () => {
    const ok = setup([[0, back]]);
    await soak(ok.options, registration);
    expect(ok.now()).toBe(2000);
    const { options } = setup([
      [0, back],
      [800, { ...back, registeredAt: at(3800) }],
    ]);
    await expect(soak(options, registration)).rejects.toThrow(
      'orion registered again at 00:00:03.800 (the agent restarted) 0.8s into the 2s soak',
    );
  });
});
