// What one compromised worker can and cannot do (SECURITY.md), against the
// real master and agents: orion's key, certificate and token are the
// attacker's, and a fake agent holding them records what the master sends.
import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createChannelCredentials,
  createTokenMiddleware,
  generateSigningKeyPair,
  mintToken,
} from '@mcp/auth';
import { nodeArchOf } from '@mcp/names';
import { AgentServiceDefinition, FindingKind, MasterServiceDefinition, NodeStatus } from '@mcp/proto';
import { ChannelCredentials, Status, createChannel, createClient, createClientFactory } from 'nice-grpc';
import {
  agentCsr,
  collectDeploy,
  httpdSpec,
  mcp,
  resetFleet,
  startFakeAgent,
  startFleet,
  type FakeAgent,
  type TestFleet,
} from './index.js';

let fleet: TestFleet;
let fake: FakeAgent | undefined;
const ARCH = nodeArchOf(process.arch)!;

beforeAll(async () => {
  fleet = await startFleet({
    nodes: [
      { name: 'rift', role: 'master' },
      { name: 'orion', role: 'worker' },
      { name: 'svc', role: 'edge' },
    ],
  });
  await fleet.waitForNodes(['rift', 'orion', 'svc']);
}, 120_000);
afterEach(async () => {
  // Whatever a test did to orion, the real agent takes its node back.
  await fake?.stop();
  fake = undefined;
  const orion = fleet.nodes.get('orion')!;
  if (!orion.process?.isRunning()) await orion.start();
  await fleet.waitForNodes(['orion']);
  await waitForAddress('orion', orion.address);
  await resetFleet(fleet);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

const read = (file: string) => readFile(join(fleet.dir, file), 'utf8');
const nodeOf = async (name: string) =>
  (await (await fleet.master$()).listNodes({})).nodes.find((n) => n.name === name)!;

async function waitForAddress(name: string, address: string): Promise<void> {
  for (let i = 0; i < 100 && (await nodeOf(name)).address !== address; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A client of `address` sending `token` as is, trusting the fleet CA. */
function clientWith<D extends typeof MasterServiceDefinition | typeof AgentServiceDefinition>(
  definition: D,
  address: string,
  token: string,
) {
  return createClientFactory()
    .use(createTokenMiddleware(token))
    .create(definition, createChannel(address, createChannelCredentials({ ca: fleet.caPem })));
}

/** The attacker on orion: its own token, for calls to the master. */
/** Orion's real agent stops; a fake holding orion's real key and certificate takes its place. */
async function fakeOrion(): Promise<FakeAgent> {
  await fleet.nodes.get('orion')!.stop();
  return startFakeAgent({
    fleetDir: fleet.dir,
    zone: fleet.zone,
    node: 'orion',
    tls: { cert: await read('agents/orion.pem'), key: await read('agents/orion.key') },
  });
}

async function asOrion() {
  return clientWith(
    MasterServiceDefinition,
    fleet.masterAddress,
    (await read('tokens/agent-orion.token')).trim(),
  );
}

const registration = (address: string) => ({
  name: 'orion',
  role: 'worker',
  address,
  arch: ARCH,
  agentVersion: '0.1.0',
});

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('credentials are bound to their receiver', () => {
  it('what the master sends orion is worthless at rift, at the master and in mcp --direct', async () => {
    // Orion moves its registration to an address it controls, with its real key and certificate.
    fake = await fakeOrion();
    await (await asOrion()).register(registration(fake.address));
    const master = await fleet.master$();
    await master.status({});
    await collectDeploy(master, httpdSpec('pinned', fleet.images.v1, { node: 'orion' }));
    expect(fake.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['Status', 'Deploy']));

    const captured = [...new Set(fake.calls.map((c) => c.token))];
    const config = await fleet.cliConfig();
    const ripTokenFile = join(fleet.dir, 'cli', 'direct', 'rift.token');
    const honest = await readFile(ripTokenFile, 'utf8');
    for (const token of captured) {
      // Made for orion alone, and short-lived.
      const claims = claimsOf(token);
      expect(claims).toMatchObject({ sub: 'mcp-master', kind: 'master', aud: 'agent-orion' });
      expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(300);
      const rift = clientWith(AgentServiceDefinition, fleet.nodes.get('rift')!.address, token);
      await expect(rift.status({})).rejects.toMatchObject({
        code: Status.UNAUTHENTICATED,
        details: expect.stringContaining('not meant for agent-rift'),
      });
      const asMaster = clientWith(MasterServiceDefinition, fleet.masterAddress, token);
      await expect(asMaster.listNodes({})).rejects.toMatchObject({
        code: Status.UNAUTHENTICATED,
        details: expect.stringContaining('not meant for mcp-master'),
      });
      await writeFile(ripTokenFile, `${token}\n`, { mode: 0o600 });
      const direct = await mcp(config, '--direct', '-n', 'rift', 'ps');
      expect(direct).toMatchObject({ code: 2, stderr: expect.stringContaining('not meant for agent-rift') });
    }
    // The honest credentials still work.
    await writeFile(ripTokenFile, honest, { mode: 0o600 });
    expect((await mcp(config, '--direct', '-n', 'rift', 'ps')).code).toBe(0);
    expect((await (await fleet.agent$('rift')).status({})).node).toBe('rift');
  });

  it("the operator's token for the master is refused by agents; a direct token for an agent is refused by the master", async () => {
    const forMaster = (await read('tokens/operator.token')).trim();
    const forRift = (await read('tokens/direct/operator/rift.token')).trim();
    const rift = fleet.nodes.get('rift')!.address;
    await expect(clientWith(AgentServiceDefinition, rift, forMaster).status({})).rejects.toMatchObject({
      code: Status.UNAUTHENTICATED,
    });
    await expect(
      clientWith(MasterServiceDefinition, fleet.masterAddress, forRift).listNodes({}),
    ).rejects.toMatchObject({
      code: Status.UNAUTHENTICATED,
    });
    await expect(
      clientWith(AgentServiceDefinition, fleet.nodes.get('orion')!.address, forRift).status({}),
    ).rejects.toMatchObject({ code: Status.UNAUTHENTICATED });
    // Each is accepted by its own receiver.
    expect(
      (await clientWith(MasterServiceDefinition, fleet.masterAddress, forMaster).listNodes({})).nodes,
    ).toHaveLength(3);
    expect((await clientWith(AgentServiceDefinition, rift, forRift).status({})).node).toBe('rift');
  });
});

describe('a node name is bound to its own agent', () => {
  it("orion re-registering at rift's address is refused, and rift's services are untouched", async () => {
    const { result } = await collectDeploy(
      await fleet.master$(),
      httpdSpec('riftsvc', fleet.images.v1, { node: 'rift' }),
    );
    expect(result.success).toBe(true);
    const riftAddress = fleet.nodes.get('rift')!.address;
    await expect((await asOrion()).register(registration(riftAddress))).rejects.toMatchObject({
      code: Status.FAILED_PRECONDITION,
      details: `address: ${riftAddress} is node "rift"'s address; two nodes never share one`,
    });
    expect((await nodeOf('orion')).address).toBe(fleet.nodes.get('orion')!.address);
    expect((await nodeOf('rift')).address).toBe(riftAddress);
    const { services } = await (await fleet.master$()).status({ service: 'riftsvc' });
    expect(services).toEqual([
      expect.objectContaining({
        name: 'riftsvc',
        node: 'rift',
        components: [expect.objectContaining({ state: 'running' })],
      }),
    ]);
  });

  it("an address that answers with another node's certificate is refused, and is sent nothing", async () => {
    fake = await startFakeAgent({
      fleetDir: fleet.dir,
      zone: fleet.zone,
      node: 'rift',
      tls: { cert: await read('agents/rift.pem'), key: await read('agents/rift.key') },
    });
    await expect((await asOrion()).register(registration(fake.address))).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
      details: expect.stringContaining(
        'answers with a certificate for rift.node.mcp.fleet.test, not orion.node.mcp.fleet.test',
      ),
    });
    expect(fake.calls).toEqual([]);
    expect((await nodeOf('orion')).address).toBe(fleet.nodes.get('orion')!.address);
  });

  it('checks on every call which node answers: an address that later answers as rift is sent nothing', async () => {
    fake = await fakeOrion();
    await (await asOrion()).register(registration(fake.address));
    const master = await fleet.master$();
    await master.status({});
    expect(fake.calls.map((c) => c.method)).toContain('Status');
    // The same address now answers with a certificate the fleet CA really
    // issued, valid for that address, but naming rift.
    const address = fake.address;
    await fake.stop();
    fake = await startFakeAgent({ fleetDir: fleet.dir, zone: fleet.zone, node: 'rift', address });
    const { findings } = await master.status({});
    expect(fake.calls).toEqual([]);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ node: 'orion', kind: FindingKind.FINDING_KIND_AGENT_UNREACHABLE }),
      ]),
    );
  });

  it('a real move to a new address of its own is accepted, with the old address in the warning', async () => {
    const old = fleet.nodes.get('orion')!.address;
    fake = await fakeOrion();
    const reply = await (await asOrion()).register(registration(fake.address));
    expect(reply.warnings.join(' ')).toContain(old);
    expect(await nodeOf('orion')).toMatchObject({
      address: fake.address,
      status: NodeStatus.NODE_STATUS_HEALTHY,
    });
  });
});

describe('certificates follow placement', () => {
  it("orion may not have a name of rift's service, may have its own, and the edge no name it was not assigned", async () => {
    const master = await fleet.master$();
    await collectDeploy(master, httpdSpec('onrift', fleet.images.v1, { node: 'rift' }));
    await collectDeploy(master, httpdSpec('onorion', fleet.images.v1, { node: 'orion' }));
    const orion = await asOrion();
    await expect(
      orion.issueCertificate({ name: 'orion', csrPem: await agentCsr(['onrift.svc.mcp.fleet.test']) }),
    ).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
      details:
        'agent-orion (worker) may not get a certificate for "onrift.svc.mcp.fleet.test": ' +
        'it belongs to service onrift, which the master put on rift, not on orion',
    });
    const own = await orion.issueCertificate({
      name: 'orion',
      csrPem: await agentCsr(['onorion.svc.mcp.fleet.test']),
    });
    expect(own.certificateChainPem).toContain('BEGIN CERTIFICATE');
    // A renewal passes the same check.
    const again = await orion.issueCertificate({
      name: 'orion',
      csrPem: await agentCsr(['onorion.svc.mcp.fleet.test']),
    });
    expect(again.serial).not.toBe(own.serial);
    const edge = clientWith(
      MasterServiceDefinition,
      fleet.masterAddress,
      (await read('tokens/agent-svc.token')).trim(),
    );
    await expect(
      edge.issueCertificate({ name: 'svc', csrPem: await agentCsr(['www.example.test']) }),
    ).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
      details: expect.stringContaining('the master has put nothing served under that name on svc'),
    });
  });
});

describe('an agent refuses work meant for another node', () => {
  it('rift refuses a spec pinned to orion, and runs one pinned to itself', async () => {
    const rift = await fleet.agent$('rift');
    await expect(
      rift.deploy({ spec: httpdSpec('elsewhere', fleet.images.v1, { node: 'orion' }) }),
    ).rejects.toMatchObject({
      code: Status.FAILED_PRECONDITION,
      details: expect.stringContaining('pinned to orion; this is rift'),
    });
    const own = httpdSpec('here', fleet.images.v1, { node: 'rift' });
    own.components[0]!.routes = [];
    own.components[0]!.health = undefined;
    expect((await rift.deploy({ spec: own })).steps.every((s) => s.success)).toBe(true);
    await rift.undeploy({ service: 'here' });
  });
});

describe('earlier refusals still hold', () => {
  it.each<[string, () => Promise<string>, Status]>([
    [
      'a token from another key',
      () =>
        mintToken(generateSigningKeyPair().privateKeyPem, {
          sub: 'operator',
          kind: 'human',
          audience: 'mcp-master',
          ttl: 60,
        }),
      Status.UNAUTHENTICATED,
    ],
    [
      'an expired token',
      () =>
        mintToken(fleet.signingKeyPem, {
          sub: 'operator',
          kind: 'human',
          audience: 'mcp-master',
          ttl: 60,
          now: Date.now() - 3_600_000,
        }),
      Status.UNAUTHENTICATED,
    ],
    [
      'a token from another issuer',
      () =>
        mintToken(fleet.signingKeyPem, {
          sub: 'operator',
          kind: 'human',
          audience: 'mcp-master',
          ttl: 60,
          issuer: 'evil',
        }),
      Status.UNAUTHENTICATED,
    ],
    [
      "an agent's token on an operator RPC",
      () => read('tokens/agent-orion.token').then((t) => t.trim()),
      Status.PERMISSION_DENIED,
    ],
  ])('the master refuses %s, and takes the operator token', async (_, token, code) => {
    const client = clientWith(MasterServiceDefinition, fleet.masterAddress, await token());
    await expect(client.listNodes({})).rejects.toMatchObject({ code });
    const operator = clientWith(
      MasterServiceDefinition,
      fleet.masterAddress,
      (await read('tokens/operator.token')).trim(),
    );
    expect((await operator.listNodes({})).nodes.length).toBeGreaterThan(0);
  });

  it('the master refuses TLS 1.2 and plaintext, and completes TLS 1.3', async () => {
    const [host, port] = fleet.masterAddress.split(':');
    const handshake = (maxVersion: 'TLSv1.2' | 'TLSv1.3') =>
      new Promise<string>((resolve) => {
        const socket = tlsConnect({
          host,
          port: Number(port),
          ca: fleet.caPem,
          maxVersion,
          ALPNProtocols: ['h2'],
        });
        socket.once('secureConnect', () => {
          resolve(socket.getProtocol() ?? 'none');
          socket.destroy();
        });
        socket.once('error', (error) => resolve(`error: ${error.message}`));
      });
    expect(await handshake('TLSv1.3')).toBe('TLSv1.3');
    expect(await handshake('TLSv1.2')).toMatch(/^error: .*(version|protocol)/i);
    const plain = createClient(
      MasterServiceDefinition,
      createChannel(fleet.masterAddress, ChannelCredentials.createInsecure()),
    );
    await expect(plain.listNodes({}, { signal: AbortSignal.timeout(3000) })).rejects.toMatchObject({
      code: Status.UNAVAILABLE,
    });
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), host, () => socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
      const timer = setTimeout(() => (socket.destroy(), resolve(false)), 5000);
      socket.on('close', () => (clearTimeout(timer), resolve(true)));
      socket.on('error', () => undefined);
    });
    expect(closed).toBe(true);
  });
});
