// The agent against the real things: podman (sandboxed storage), Caddy, an
// ACME CA (Caddy's acme_server), TLS 1.3 gRPC with real tokens. The cases
// run in order and build on each other, as an operator's session would.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthStatus, type AgentServiceClient } from '@mcp/proto';
import { parseServiceSpec, specToProto } from '@mcp/spec';
import { waitFor } from '@mcp/testkit';
import { TEST_HEALTH } from './fixtures/testHealth.js';
import { startAgentFixture, internalName, type AgentFixture } from './index.js';

const hello = (image: string, extra = '') =>
  parseServiceSpec(
    `name = "hello"
[[components]]
name = "web"
image = "${image}"
${extra.includes('health') ? '' : TEST_HEALTH}
${extra}
[[components.routes]]
port = 8080
mode = "l7"
`,
    { file: 'hello.toml' },
  );

let fx: AgentFixture;
let agent: AgentServiceClient;
const host = internalName('web');

async function containers(): Promise<{ Names: string[]; State: string; Id: string }[]> {
  const { stdout } = await fx.sandbox.podman(['ps', '--all', '--format', 'json']);
  return JSON.parse(stdout || '[]') as { Names: string[]; State: string; Id: string }[];
}
async function caddyIds(path: string): Promise<string[]> {
  const items = (await fx.caddy.admin.config(path)) as { '@id'?: string }[] | null;
  return (items ?? []).map((x) => x['@id'] ?? '');
}
const routeIds = () => caddyIds(`apps/http/servers/${fx.caddy.serverName}/routes`);
const certIds = () => caddyIds('apps/tls/certificates/load_pem');

beforeAll(async () => {
  fx = await startAgentFixture();
  agent = await fx.client();
}, 120_000);
afterAll(async () => {
  await fx?.stop();
});

describe('deploy', () => {
  it('runs the container and serves it through Caddy over TLS 1.3 with an ACME certificate', async () => {
    const reply = await agent.deploy({ spec: specToProto(hello(fx.images.v1.ref)) });
    expect(reply.steps.filter((s) => !s.success)).toEqual([]);
    expect(reply.changed).toBe(true);
    const page = await fx.fetch(host);
    expect(page).toMatchObject({ status: 200, body: 'hello from v1.0.0\n', protocol: 'TLSv1.3' });
    const route = reply.status!.components[0]!.routes[0]!;
    expect(route.certSerial.toLowerCase()).toBe(page.certSerial.toLowerCase());
    expect(route.hostPort).toBeGreaterThanOrEqual(10000);
    expect(route.hostPort).toBeLessThanOrEqual(60000);
    expect((await containers()).map((c) => [c.Names[0], c.State])).toEqual([['mcp-hello-web', 'running']]);
  });

  it('changes nothing when the same spec is deployed again', async () => {
    const before = (await containers())[0]!.Id;
    const reply = await agent.deploy({ spec: specToProto(hello(fx.images.v1.ref)) });
    expect(reply.changed).toBe(false);
    expect((await containers())[0]!.Id).toBe(before);
  });

  it('replaces the container for a new tag on the other host port of the route, under the same name', async () => {
    const [before] = (await agent.status({ service: 'hello' })).services;
    const reply = await agent.deploy({ spec: specToProto(hello(fx.images.v2.ref)) });
    expect(reply.steps.every((s) => s.success)).toBe(true);
    expect(reply.changed).toBe(true);
    const hostPort = reply.status!.components[0]!.routes[0]!.hostPort;
    expect(hostPort).not.toBe(before!.components[0]!.routes[0]!.hostPort);
    expect(hostPort).toBeGreaterThanOrEqual(10000);
    expect((await fx.fetch(host)).body).toBe('hello from v1.0.1\n');
    expect((await containers()).map((c) => c.Names[0])).toEqual(['mcp-hello-web']);
  });
});

describe('stop, start, drift and repair', () => {
  it('stop puts a 503 in place of the route, then stops the container', async () => {
    const reply = await agent.stop({ service: 'hello' });
    expect(reply.steps.every((s) => s.success)).toBe(true);
    expect(await routeIds()).toEqual(['mcp-stopped.hello.web']);
    expect((await containers())[0]!.State).toBe('exited');
    // Without that route Caddy would answer the name, whose certificate it
    // still has, with an empty 200: a stopped service that looks up.
    expect(await fx.fetch(host)).toMatchObject({ status: 503, body: 'service hello is stopped\n' });
    const [status] = (await agent.status({ service: 'hello' })).services;
    expect(status).toMatchObject({ active: false, drift: false });
  });

  it('start starts the container, then restores the route', async () => {
    await agent.start({ service: 'hello' });
    expect((await containers())[0]!.State).toBe('running');
    expect(await routeIds()).toEqual(['mcp-route.hello.web']);
    expect((await fx.fetch(host)).body).toBe('hello from v1.0.1\n');
  });

  it('reports a container killed behind its back as drift', async () => {
    await fx.sandbox.podman(['stop', '--time', '1', 'mcp-hello-web']);
    // The agent learns of it from podman's event stream, milliseconds later.
    await waitFor(async () => (await agent.status({ service: 'hello' })).services[0]!.drift, {
      timeoutMs: 3000,
      intervalMs: 20,
    });
    const [status] = (await agent.status({ service: 'hello' })).services;
    expect(status!.drift).toBe(true);
    expect(status!.driftReasons).toContain('mcp-hello-web is exited, should be running');
    // A redeploy of the same spec repairs it.
    const reply = await agent.deploy({ spec: specToProto(hello(fx.images.v2.ref)) });
    expect(reply.changed).toBe(true);
    expect((await agent.status({ service: 'hello' })).services[0]!.drift).toBe(false);
  });

  it('restores routes and certificates within one monitor interval after Caddy restarts empty', async () => {
    // Held while Caddy comes back empty, so the test sees it empty before the monitor's next check.
    await fx.agent.monitor.stop();
    await fx.caddy.restart({ empty: true });
    expect(await routeIds()).toEqual([]);
    fx.agent.monitor.start();
    await waitFor(async () => (await routeIds()).length === 1 && (await certIds()).length === 1, {
      timeoutMs: 3000,
      intervalMs: 100,
    });
    expect((await fx.fetch(host)).body).toBe('hello from v1.0.1\n');
  });
});

describe("the host's trust store", () => {
  it('Caddy is always told not to install its CA into it, even if that setting is lost', async () => {
    await fx.caddy.admin.request('DELETE', '/config/apps/pki');
    await waitFor(
      async () =>
        (await fx.caddy.admin.config('apps/pki/certificate_authorities/local/install_trust')) === false,
      { timeoutMs: 3000, intervalMs: 100 },
    );
  });
});

describe('certificate renewal', () => {
  it('renews once the renewal fraction of the lifetime is left, and serves the new certificate', async () => {
    const before = (await fx.fetch(host)).certSerial;
    // Caddy's ACME certificates live 12 hours: with 99.99% as the renewal
    // fraction every certificate is due, so the next monitor tick renews it.
    await fx.restartAgent({ renewFraction: 0.9999 });
    agent = await fx.client();
    await waitFor(async () => (await fx.fetch(host)).certSerial !== before, {
      timeoutMs: 5000,
      intervalMs: 100,
    });
    // Back to the default (a third): nothing is due, so what is recorded is what is served.
    await fx.restartAgent();
    agent = await fx.client();
    const [status] = (await agent.status({ service: 'hello' })).services;
    const served = (await fx.fetch(host)).certSerial.toLowerCase();
    expect(status!.components[0]!.routes[0]!.certSerial.toLowerCase()).toBe(served);
    expect(served).not.toBe(before.toLowerCase());
  });
});

describe('health', () => {
  it('reports healthy with the container count', async () => {
    expect(await agent.healthCheck({})).toMatchObject({
      status: HealthStatus.HEALTH_STATUS_HEALTHY,
      containers: 1,
    });
  });

  it('reports degraded, naming the proxy, while Caddy is down', async () => {
    await fx.caddy.process.stop();
    const health = await agent.healthCheck({});
    expect(health).toMatchObject({ status: HealthStatus.HEALTH_STATUS_DEGRADED, containers: 1 });
    expect(health.problems).toEqual([expect.stringMatching(/^proxy: Caddy admin API at .* unreachable/)]);
    await fx.caddy.restart();
    expect((await agent.healthCheck({})).status).toBe(HealthStatus.HEALTH_STATUS_HEALTHY);
    expect((await fx.fetch(host)).body).toBe('hello from v1.0.1\n');
  });
});

describe('undeploy', () => {
  it('leaves no container, route or certificate behind', async () => {
    const reply = await agent.undeploy({ service: 'hello' });
    expect(reply.steps.map((s) => [s.step, s.success])).toEqual([
      ['routes', true],
      ['certificates', true],
      ['containers', true],
      ['record', true],
    ]);
    expect(await containers()).toEqual([]);
    expect(await routeIds()).toEqual([]);
    expect(await certIds()).toEqual([]);
    expect((await agent.status({})).services).toEqual([]);
    await expect(agent.undeploy({ service: 'hello' })).rejects.toMatchObject({ code: 5 /* NOT_FOUND */ });
  });
});
