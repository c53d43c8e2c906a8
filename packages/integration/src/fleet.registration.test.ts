// Master and agents as real processes: registration, identity, rate limits.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AGENT_VERSION } from '@mcp/agent';
import { nodeArchOf } from '@mcp/names';
import { NodeStatus } from '@mcp/proto';
import { Status } from 'nice-grpc';
import { agentCsr, startFakeAgent, startFleet, type FakeAgent, type TestFleet } from './index.js';

let fleet: TestFleet;
/** This machine's architecture, as the agents report it. */
const ARCH = nodeArchOf(process.arch);

beforeAll(async () => {
  fleet = await startFleet({
    nodes: [
      { name: 'rift', role: 'master' },
      { name: 'orion', role: 'worker' },
      { name: 'svc', role: 'edge' },
    ],
    allowedAgents: ['agent-rift', 'agent-orion', 'agent-svc', 'agent-mallory', 'agent-trudy'],
    rateLimits: { register: '2/1s', heartbeat: '10/1s' },
  });
}, 120_000);
const fakes: FakeAgent[] = [];
/** An agent endpoint for `node` that passes the master's registration check. */
const endpointFor = async (node: string) => {
  const fake = await startFakeAgent({ fleetDir: fleet.dir, zone: fleet.zone, node });
  fakes.push(fake);
  return fake.address;
};
afterAll(async () => {
  for (const fake of fakes) await fake.stop();
  await fleet?.stop();
});

describe('registration', () => {
  it('agents register on start and are listed with role, arch, version and health', async () => {
    await fleet.waitForNodes(['rift', 'orion', 'svc']);
    const { nodes } = await (await fleet.master$()).listNodes({});
    expect(nodes.map((n) => [n.name, n.role, n.arch, n.agentVersion, NodeStatus[n.status]])).toEqual([
      ['orion', 'worker', ARCH, AGENT_VERSION, 'NODE_STATUS_HEALTHY'],
      ['rift', 'master', ARCH, AGENT_VERSION, 'NODE_STATUS_HEALTHY'],
      ['svc', 'edge', ARCH, AGENT_VERSION, 'NODE_STATUS_HEALTHY'],
    ]);
    const orion = nodes.find((n) => n.name === 'orion')!;
    expect(orion.address).toBe(fleet.nodes.get('orion')!.address);
    expect(orion.lastHeartbeat!.getTime()).toBeGreaterThan(Date.now() - 5000);
    expect(orion.resources!.memoryAvailableBytes).toBeGreaterThan(0);
  });

  const register = (name: string, address = '127.0.0.1:9999') => ({
    name,
    role: 'worker',
    address,
    arch: 'amd64',
    agentVersion: '0.1.0',
  });

  it.each<[string, string, string, Status]>([
    ['an identity not on the allowlist', 'agent-eve', 'eve', Status.PERMISSION_DENIED],
    ['an agent registering another node', 'agent-orion', 'rift', Status.PERMISSION_DENIED],
    ['an operator token', 'operator', 'operator', Status.PERMISSION_DENIED],
  ])('refuses %s', async (_, sub, node, code) => {
    const kind = sub.startsWith('agent-') ? 'agent' : 'human';
    const client = await fleet.master$({ sub, kind });
    await expect(client.register(register(node))).rejects.toMatchObject({ code });
    const { nodes } = await (await fleet.master$()).listNodes({});
    expect(nodes.find((n) => n.name === node)?.address).not.toBe('127.0.0.1:9999');
  });

  it('lists the edge node in EdgeStatus with its health, and no edge routes yet', async () => {
    const master = await fleet.master$();
    expect((await master.edgeStatus({})).edges).toEqual([
      {
        node: 'svc',
        status: NodeStatus.NODE_STATUS_HEALTHY,
        routes: [],
        missingHostnames: [],
        unexpectedHostnames: [],
        differingHostnames: [],
      },
    ]);
    expect((await master.listEdgeRoutes({})).routes).toEqual([]);
  });

  it('refuses a heartbeat for another node', async () => {
    const client = await fleet.master$({ sub: 'agent-orion', kind: 'agent' });
    await expect(client.heartbeat({ name: 'rift' })).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
    });
  });

  it('answers a heartbeat flood with RESOURCE_EXHAUSTED', async () => {
    const client = await fleet.master$({ sub: 'agent-mallory', kind: 'agent' });
    await client.register(register('mallory', await endpointFor('mallory')));
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => client.heartbeat({ name: 'mallory' })),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(15);
    expect(refused[0]).toMatchObject({ reason: { code: Status.RESOURCE_EXHAUSTED } });
  });

  it("refuses names of the wrong form for the caller's role, and a CSR that is not one", async () => {
    // Which names a node may have beyond their form follows placement: fleet.identity.test.ts.
    const worker = await fleet.master$({ sub: 'agent-orion', kind: 'agent' });
    const edge = await fleet.master$({ sub: 'agent-svc', kind: 'agent' });
    const internal = await agentCsr(['web.svc.mcp.fleet.test']);
    const outside = await agentCsr(['www.example.test']);
    await expect(worker.issueCertificate({ name: 'orion', csrPem: outside })).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
      details: expect.stringContaining('workers only get names under svc.mcp.fleet.test'),
    });
    await expect(edge.issueCertificate({ name: 'svc', csrPem: internal })).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
      details: expect.stringContaining('internal names'),
    });
    await expect(worker.issueCertificate({ name: 'svc', csrPem: outside })).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
    });
    await expect(worker.issueCertificate({ name: 'orion', csrPem: 'not a csr' })).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
    });
  });

  it('logs a re-registration with the old address', async () => {
    const client = await fleet.master$({ sub: 'agent-trudy', kind: 'agent' });
    const first = await endpointFor('trudy');
    await client.register(register('trudy', first));
    const reply = await client.register(register('trudy', await endpointFor('trudy')));
    expect(reply.warnings.join(' ')).toContain(first);
  });
});
