import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Status } from 'nice-grpc';
import type { CallerKind } from './types.js';
import { outcome, startAuthFixture, type AuthFixture } from './testing/authFixture.js';

let f: AuthFixture;
let direct: AuthFixture;
beforeAll(async () => {
  [f, direct] = await Promise.all([startAuthFixture(), startAuthFixture({ agentAllowsHumans: true })]);
});
afterAll(() => Promise.all([f.close(), direct.close()]));

type Call = (clients: ReturnType<AuthFixture['clients']>) => Promise<unknown>;

const agentDeploy: Call = (c) => c.agent.deploy({});
const masterStatus: Call = (c) => c.master.status({});
const expectRestart: Call = (c) => c.master.expectRestart({ node: 'orion', withinSeconds: 60 });
const register =
  (name: string): Call =>
  (c) =>
    c.master.register({ name });

describe('createAuthMiddleware: authorization', () => {
  it.each<[string, string, CallerKind, Call]>([
    ['the master calls an agent RPC', 'mcp-master', 'master', agentDeploy],
    ['a human calls a master operator RPC', 'alice', 'human', masterStatus],
    ['the master calls a master operator RPC', 'mcp-master', 'master', masterStatus],
    ['an agent registers itself', 'agent-orion', 'agent', register('orion')],
    ['a human announces a restart', 'alice', 'human', expectRestart],
  ])('allows: %s', async (_, sub, kind, call) => {
    f.server.seen.length = 0;
    expect(await outcome(call(f.clients(await f.token(sub, kind))))).toEqual({
      code: Status.OK,
      details: '',
    });
    expect(f.server.seen).toEqual([{ sub, kind }]);
  });

  it.each<[string, string, CallerKind, Call, RegExp]>([
    ['a human calls an agent RPC (no direct mode)', 'alice', 'human', agentDeploy, /AgentService\/Deploy/],
    ['an agent calls an operator RPC', 'agent-orion', 'agent', masterStatus, /MasterService\/Status/],
    ['an agent calls another agent', 'agent-orion', 'agent', agentDeploy, /AgentService\/Deploy/],
    ['a human registers a node', 'alice', 'human', register('orion'), /MasterService\/Register/],
    ['the master registers a node', 'mcp-master', 'master', register('orion'), /MasterService\/Register/],
    ['an agent registers another node', 'agent-orion', 'agent', register('rift'), /node "rift"/],
    [
      'an agent announces its own restart',
      'agent-orion',
      'agent',
      expectRestart,
      /MasterService\/ExpectRestart/,
    ],
    ['the master announces a restart', 'mcp-master', 'master', expectRestart, /MasterService\/ExpectRestart/],
    [
      'anyone calls a method not in the table',
      'mcp-master',
      'master',
      (c) => c.unlisted.ping(new Uint8Array()),
      /not in the authorization table/,
    ],
  ])('refuses with PERMISSION_DENIED: %s', async (_, sub, kind, call, names) => {
    const result = await outcome(call(f.clients(await f.token(sub, kind))));
    expect(result.code).toBe(Status.PERMISSION_DENIED);
    expect(result.details).toMatch(names);
    if (!/table/.test(result.details)) expect(result.details).toContain(sub);
  });

  it.each<[string, string, CallerKind, Call, string]>([
    [
      'a human refused an agent RPC is told how the agent allows direct mode',
      'alice',
      'human',
      agentDeploy,
      'alice (human) may not call /mcp.v1.AgentService/Deploy; it is for master (this agent refuses ' +
        'direct calls; to allow mcp --direct, set [auth] allow_direct = true in its mcp-agent.toml and restart it)',
    ],
    [
      'another agent is not: direct mode would not let it in',
      'agent-orion',
      'agent',
      agentDeploy,
      'agent-orion (agent) may not call /mcp.v1.AgentService/Deploy; it is for master',
    ],
  ])('%s', async (_, sub, kind, call, details) => {
    expect(await outcome(call(f.clients(await f.token(sub, kind))))).toEqual({
      code: Status.PERMISSION_DENIED,
      details,
    });
  });

  it('logs a refusal by a handler (requireNodeIdentity) with the caller', async () => {
    f.logs.length = 0;
    await outcome(register('rift')(f.clients(await f.token('agent-orion', 'agent'))));
    expect(f.logs).toEqual([
      {
        message: 'call refused',
        fields: expect.objectContaining({
          code: 'PERMISSION_DENIED',
          sub: 'agent-orion',
          method: '/mcp.v1.MasterService/Register',
        }),
      },
    ]);
  });

  it('lets humans call agent RPCs when the agent allows direct mode', async () => {
    direct.server.seen.length = 0;
    const alice = direct.clients(await direct.token('alice', 'human'));
    await expect(alice.agent.deploy({})).resolves.toEqual(expect.anything());
    expect(direct.server.seen).toEqual([{ sub: 'alice', kind: 'human' }]);
    const orion = direct.clients(await direct.token('agent-orion', 'agent'));
    expect((await outcome(orion.agent.deploy({}))).code).toBe(Status.PERMISSION_DENIED);
  });
});
