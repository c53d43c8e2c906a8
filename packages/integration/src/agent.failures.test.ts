// What the agent refuses and how it fails: nothing half-done is left behind.
import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mintToken, createTokenMiddleware } from '@mcp/auth';
import { AgentServiceDefinition, type AgentServiceClient, type ServiceSpec } from '@mcp/proto';
import { parseServiceSpec, specToProto } from '@mcp/spec';
import { ChannelCredentials, Status, createChannel, createClient, createClientFactory } from 'nice-grpc';
import { AcmeProvider } from '@mcp/agent';
import { startAgentFixture, internalName, type AgentFixture } from './index.js';

let fx: AgentFixture;
let agent: AgentServiceClient;

const spec = (image: string): ServiceSpec =>
  specToProto(
    parseServiceSpec(
      `name = "hello"\n[[components]]\nname = "web"\nimage = "${image}"\n[[components.routes]]\nport = 8080\n`,
    ),
  );

async function containerStates(): Promise<string[]> {
  const { stdout } = await fx.sandbox.podman(['ps', '--all', '--format', 'json']);
  return (JSON.parse(stdout || '[]') as { Names: string[]; State: string }[]).map(
    (c) => `${c.Names[0]} ${c.State}`,
  );
}

beforeAll(async () => {
  fx = await startAgentFixture();
  agent = await fx.client();
}, 120_000);
afterAll(async () => {
  await fx?.stop();
});

describe('bad spec fields are INVALID_ARGUMENT naming the field', () => {
  const valid = () => spec('localhost/mcp-test/httpd:v1.0.0');
  it.each<[string, (s: ServiceSpec) => void, string]>([
    ['service name', (s) => (s.name = 'Hello_World'), 'name:'],
    ['component name', (s) => (s.components[0]!.name = '-web'), 'components[0].name:'],
    [
      'image without tag',
      (s) => (s.components[0]!.image = 'localhost/mcp-test/httpd'),
      'components[0].image:',
    ],
    ['image latest', (s) => (s.components[0]!.image = 'httpd:latest'), 'components[0].image:'],
    ['port 0', (s) => (s.components[0]!.routes[0]!.port = 0), 'components[0].routes[0].port:'],
    ['port too big', (s) => (s.components[0]!.routes[0]!.port = 70000), 'components[0].routes[0].port:'],
    ['mode', (s) => (s.components[0]!.routes[0]!.mode = 'l8'), 'components[0].routes[0].mode:'],
    ['tier', (s) => (s.tier = 'gold'), 'tier:'],
    ['restart policy', (s) => (s.components[0]!.restart = 'sometimes'), 'components[0].restart:'],
    [
      'public without hostname',
      (s) => (s.components[0]!.routes[0]!.public = true),
      'components[0].routes[0]',
    ],
    ['reserved env', (s) => (s.components[0]!.env = { PORT: '1' }), 'components[0].env'],
    ['l4 on the Caddy driver', (s) => (s.components[0]!.routes[0]!.mode = 'l4'), 'does not support l4'],
  ])('%s', async (_, mutate, message) => {
    const bad = valid();
    mutate(bad);
    await expect(agent.deploy({ spec: bad })).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining(message),
    });
    expect(await containerStates()).toEqual([]);
  });

  it('a missing spec and a bad service name', async () => {
    await expect(agent.deploy({})).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: 'spec: required',
    });
    await expect(agent.stop({ service: '../etc' })).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining('service:'),
    });
  });
});

describe('rollback', () => {
  it('keeps the previous version serving when the new image cannot be had', async () => {
    const first = await agent.deploy({ spec: spec(fx.images.v1.ref) });
    expect(first.steps.filter((s) => !s.success)).toEqual([]);
    const reply = await agent.deploy({ spec: spec('localhost/mcp-test/httpd:v9.9.9') });
    const failed = reply.steps.find((s) => !s.success)!;
    expect(failed.step).toBe('images');
    expect(failed.error).toMatch(
      /^image localhost\/mcp-test\/httpd:v9\.9\.9 could not be pulled from registry localhost: /,
    );
    expect(reply.steps.at(-1)).toMatchObject({ step: 'rollback', success: true });
    expect(await containerStates()).toEqual(['mcp-hello-web running']);
    expect((await fx.fetch(internalName('web'))).body).toBe('hello from v1.0.0\n');
    await agent.undeploy({ service: 'hello' });
  });

  it('reports an image that cannot be pulled once, and leaves nothing behind', async () => {
    // Nothing listens on port 1: podman retries three times, a warning each,
    // before its error; only the error is the reason.
    const image = 'localhost:1/mcp-test/httpd:v1.0.0';
    const reply = await agent.deploy({ spec: spec(image) });
    expect(reply.steps.map((s) => `${s.step} ${s.success}`)).toEqual(['images false', 'rollback true']);
    const { error } = reply.steps[0]!;
    expect(error).toMatch(
      /^image localhost:1\/mcp-test\/httpd:v1\.0\.0 could not be pulled from registry localhost:1: .*connection refused$/,
    );
    expect(error).not.toMatch(/retrying|\n/);
    expect(error.split(image)).toHaveLength(2);
    expect(await containerStates()).toEqual([]);
    expect(await readdir(join(fx.dataDir, 'certs')).catch(() => [])).toEqual([]);
    expect((await fx.caddy.admin.config('apps/tls/certificates/load_pem')) ?? []).toEqual([]);
    expect((await agent.status({})).services).toEqual([]);
  });

  it('refuses a second service that would take the same internal hostname', async () => {
    await agent.deploy({ spec: spec(fx.images.v1.ref) });
    const other = spec(fx.images.v1.ref);
    other.name = 'other';
    const reply = await agent.deploy({ spec: other });
    expect(reply.steps.find((s) => !s.success)).toMatchObject({
      step: 'ports',
      error: expect.stringContaining('web.svc.mcp.fleet.test is already served by service hello'),
    });
    expect(await containerStates()).toEqual(['mcp-hello-web running']);
    await agent.undeploy({ service: 'hello' });
  });

  it('fails the deploy when the ACME directory is unreachable, leaving nothing running', async () => {
    await fx.restartAgent({
      certificateProvider: new AcmeProvider({
        directoryUrl: 'https://127.0.0.1:1/acme/local/directory',
        accountKeyPath: `${fx.sandbox.dir}/unreachable-account.key`,
        http01Listen: '127.0.0.1:0',
      }),
    });
    agent = await fx.client();
    const reply = await agent.deploy({ spec: spec(fx.images.v1.ref) });
    expect(reply.steps.find((s) => !s.success)).toMatchObject({ step: 'certificates' });
    expect(reply.steps.find((s) => !s.success)!.error).toMatch(/127\.0\.0\.1:1/);
    expect(await containerStates()).toEqual([]);
    const routes = await fx.caddy.admin.config(`apps/http/servers/${fx.caddy.serverName}/routes`);
    expect(routes ?? []).toEqual([]);
    expect((await agent.status({})).services).toEqual([]);
    await fx.restartAgent();
    agent = await fx.client();
  });
});

describe('a CA outage', () => {
  it('does not stop a service from stopping, even with its certificate due', async () => {
    expect((await agent.deploy({ spec: spec(fx.images.v1.ref) })).steps.every((s) => s.success)).toBe(true);
    await fx.restartAgent({
      renewFraction: 0.9999,
      monitorIntervalMs: 3_600_000,
      certificateProvider: new AcmeProvider({
        directoryUrl: 'https://127.0.0.1:1/acme/local/directory',
        accountKeyPath: `${fx.sandbox.dir}/unreachable-account.key`,
        http01Listen: '127.0.0.1:0',
      }),
    });
    agent = await fx.client();
    const stopped = await agent.stop({ service: 'hello' });
    expect(stopped.steps.filter((s) => !s.success)).toEqual([]);
    expect(await containerStates()).toEqual(['mcp-hello-web exited']);
    await fx.restartAgent();
    agent = await fx.client();
    await agent.undeploy({ service: 'hello' });
  });
});

describe('roles', () => {
  it('an edge node refuses to host containers', async () => {
    await fx.restartAgent({
      role: 'edge',
      edge: { allowedDomains: ['example.test'], allowedCidrs: [], caPem: fx.pki.ca.cert },
    });
    const edge = await fx.client();
    await expect(edge.deploy({ spec: spec(fx.images.v1.ref) })).rejects.toMatchObject({
      code: Status.FAILED_PRECONDITION,
      details: expect.stringContaining('edge nodes never host containers'),
    });
    expect(await containerStates()).toEqual([]);
    await fx.restartAgent();
    agent = await fx.client();
  });
});

describe('authentication and authorization', () => {
  const channel = () => createChannel(fx.address, ChannelCredentials.createSsl(Buffer.from(fx.pki.ca.cert)));

  it.each<[string, () => Promise<string | undefined>, Status]>([
    ['no token', () => Promise.resolve(undefined), Status.UNAUTHENTICATED],
    ['garbage token', () => Promise.resolve('not.a.jwt'), Status.UNAUTHENTICATED],
    [
      'token from another key',
      async () => {
        const { generateSigningKeyPair } = await import('@mcp/auth');
        return mintToken(generateSigningKeyPair().privateKeyPem, {
          sub: 'mcp-master',
          kind: 'master',
          audience: 'agent-rift',
          ttl: 60,
        });
      },
      Status.UNAUTHENTICATED,
    ],
    [
      'expired token',
      () =>
        mintToken(fx.signingKeyPem, {
          sub: 'mcp-master',
          kind: 'master',
          audience: 'agent-rift',
          ttl: 60,
          now: Date.now() - 3_600_000,
        }),
      Status.UNAUTHENTICATED,
    ],
    [
      'an agent calling another agent',
      () =>
        mintToken(fx.signingKeyPem, { sub: 'agent-orion', kind: 'agent', audience: 'agent-rift', ttl: 60 }),
      Status.PERMISSION_DENIED,
    ],
    [
      "the master's token for another agent",
      () =>
        mintToken(fx.signingKeyPem, { sub: 'mcp-master', kind: 'master', audience: 'agent-orion', ttl: 60 }),
      Status.UNAUTHENTICATED,
    ],
    [
      "the master's token for the master",
      () =>
        mintToken(fx.signingKeyPem, { sub: 'mcp-master', kind: 'master', audience: 'mcp-master', ttl: 60 }),
      Status.UNAUTHENTICATED,
    ],
    [
      "an operator's token for the master",
      () => mintToken(fx.signingKeyPem, { sub: 'alice', kind: 'human', audience: 'mcp-master', ttl: 60 }),
      Status.UNAUTHENTICATED,
    ],
  ])('%s is refused', async (_, token, code) => {
    const value = await token();
    const factory = value ? createClientFactory().use(createTokenMiddleware(value)) : createClientFactory();
    const client = factory.create(AgentServiceDefinition, channel());
    await expect(client.status({})).rejects.toMatchObject({ code });
  });

  it('a human is refused unless the agent allows direct mode', async () => {
    await fx.restartAgent({ allowDirect: false });
    const human = await fx.client({ sub: 'alice', kind: 'human' });
    await expect(human.status({})).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
      details: expect.stringContaining('set [auth] allow_direct = true in its mcp-agent.toml'),
    });
    await fx.restartAgent({ allowDirect: true });
    const allowed = await fx.client({ sub: 'alice', kind: 'human' });
    expect((await allowed.status({})).node).toBe('rift');
    agent = await fx.client();
  });
});

describe('transport', () => {
  /** A raw TLS handshake with the agent, capped at `maxVersion`: the protocol agreed, or the error. */
  function handshake(maxVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
    const [h, p] = fx.address.split(':');
    return new Promise((resolve) => {
      const socket = tlsConnect({
        host: h,
        port: Number(p),
        ca: fx.pki.ca.cert,
        maxVersion,
        ALPNProtocols: ['h2'],
      });
      socket.once('secureConnect', () => {
        resolve(socket.getProtocol() ?? 'none');
        socket.destroy();
      });
      socket.once('error', (error) => resolve(`error: ${error.message}`));
    });
  }

  it('refuses a TLS 1.2 client, and completes a TLS 1.3 handshake', async () => {
    expect(await handshake('TLSv1.3')).toBe('TLSv1.3');
    expect(await handshake('TLSv1.2')).toMatch(/^error: .*(version|protocol)/i);
  });

  it('refuses a plaintext client, while the same call over TLS 1.3 succeeds', async () => {
    expect((await (await fx.client()).healthCheck({})).agentVersion).not.toBe('');
    const plain = createClient(
      AgentServiceDefinition,
      createChannel(fx.address, ChannelCredentials.createInsecure()),
    );
    await expect(plain.healthCheck({}, { signal: AbortSignal.timeout(3000) })).rejects.toMatchObject({
      code: Status.UNAVAILABLE,
    });
    // On the wire: the server hangs up on a cleartext HTTP/2 preface without one HTTP/2 frame.
    const [h, p] = fx.address.split(':');
    const reply = await new Promise<{ bytes: string; closedByServer: boolean }>((resolve) => {
      const socket = connect(Number(p), h, () => socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
      let bytes = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ bytes, closedByServer: false });
      }, 5000);
      socket.on('data', (d: Buffer) => (bytes += d.toString('latin1')));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ bytes, closedByServer: true });
      });
      socket.on('error', () => undefined);
    });
    expect(reply.closedByServer).toBe(true);
    // An HTTP/2 server would answer with a SETTINGS frame: 3 length bytes, then type 0x04.
    expect(reply.bytes.charCodeAt(3)).not.toBe(0x04);
  });
});
