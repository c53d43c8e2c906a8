// The link's messages to a fake master: what Register and Heartbeat carry.
import { describe, expect, it } from '@jest/globals';
import type { HeartbeatRequest, MasterServiceClient, RegisterRequest, Resources } from '@mcp/proto';
import { ClientError, Status } from 'nice-grpc';
import { pino } from 'pino';
import { MasterLink, type MasterLinkOptions } from './MasterLink.js';

const RESOURCES: Resources = {
  cpuMillicores: 1,
  memoryAvailableBytes: 2,
  diskAvailableBytes: 3,
  containers: 4,
};

/** A master that records calls; `refuseHeartbeats` answers the first n with NOT_FOUND. */
function fakeMaster(refuseHeartbeats = 0) {
  const calls: (['register', Partial<RegisterRequest>] | ['heartbeat', Partial<HeartbeatRequest>])[] = [];
  let refused = 0;
  const client = {
    register: (request: Partial<RegisterRequest>) => {
      calls.push(['register', request]);
      return Promise.resolve({ heartbeatInterval: undefined, warnings: [] });
    },
    heartbeat: (request: Partial<HeartbeatRequest>) => {
      calls.push(['heartbeat', request]);
      if (refused++ < refuseHeartbeats)
        return Promise.reject(
          new ClientError('/mcp.v1.MasterService/Heartbeat', Status.NOT_FOUND, 'register first'),
        );
      return Promise.resolve({ receivedAt: new Date() });
    },
  } as unknown as MasterServiceClient;
  return { client, calls };
}

async function run(options: Partial<MasterLinkOptions>, master = fakeMaster(), heartbeats = 3) {
  const link = new MasterLink({
    client: master.client,
    node: 'orion',
    role: 'worker',
    address: '127.0.0.1:9444',
    arch: 'amd64',
    version: '0.2.0',
    proxyPort: 8443,
    heartbeatIntervalMs: 2,
    backoff: { baseMs: 1, maxMs: 2 },
    resources: () => Promise.resolve(RESOURCES),
    logger: pino({ level: 'silent' }),
    ...options,
  });
  link.start();
  while (master.calls.filter(([kind]) => kind === 'heartbeat').length < heartbeats) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await link.stop();
  return { link, calls: master.calls };
}

describe('MasterLink', () => {
  it('names its process in Register and every Heartbeat, with one id for the life of the link', async () => {
    const { link, calls } = await run({});
    expect(link.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(calls.map(([, request]) => request.agentInstanceId))).toEqual(new Set([link.instanceId]));
    expect(calls[0]).toEqual([
      'register',
      expect.objectContaining({ name: 'orion', agentVersion: '0.2.0', agentInstanceId: link.instanceId }),
    ]);
  });

  it('keeps its id when the master forgets it and it registers again', async () => {
    const { link, calls } = await run({}, fakeMaster(1));
    expect(calls.map(([kind]) => kind).slice(0, 3)).toEqual(['register', 'heartbeat', 'register']);
    expect(calls[2]![1].agentInstanceId).toBe(link.instanceId);
  });

  it('gets a new id for each start (each link), unless one is given', async () => {
    const [a, b] = [await run({}), await run({})];
    expect(a.link.instanceId).not.toBe(b.link.instanceId);
    expect((await run({ instanceId: 'fixed' })).link.instanceId).toBe('fixed');
  });

  it.each<[string, Partial<MasterLinkOptions>, string[]]>([
    ['no problems function', {}, []],
    ['a healthy agent', { problems: () => Promise.resolve([]) }, []],
    [
      'a proxy that is down',
      { problems: () => Promise.resolve(['proxy: connect ENOENT /run/caddy.sock']) },
      ['proxy: connect ENOENT /run/caddy.sock'],
    ],
    ['a self-check that throws', { problems: () => Promise.reject(new Error('bug')) }, []],
  ])('sends what is wrong with the agent in each heartbeat: %s', async (_, options, problems) => {
    const { calls } = await run(options);
    const beats = calls.filter(([kind]) => kind === 'heartbeat').map(([, request]) => request);
    expect(beats.length).toBeGreaterThan(0);
    for (const beat of beats) expect(beat).toMatchObject({ resources: RESOURCES, problems });
  });
});
