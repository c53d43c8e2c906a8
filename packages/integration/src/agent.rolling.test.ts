// Redeploys without downtime, against the real things: podman, Caddy as the
// node proxy, an ACME CA, a real agent over gRPC. A client loop asks the
// node proxy for the page all the while; every answer must come from the
// old version or the new one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentServiceClient } from '@mcp/proto';
import { parseServiceSpec, specToProto } from '@mcp/spec';
import { startClientLoop, stopClientLoops } from './fixtures/clientLoop.js';
import { startAgentFixture, internalName, type AgentFixture } from './index.js';

const host = internalName('web');
let fx: AgentFixture;
let agent: AgentServiceClient;

/** `hello` with one web component; `health` and `top` are extra TOML. */
const hello = (image: string, { health = '', top = '', cmd = '' } = {}) =>
  parseServiceSpec(
    `name = "hello"
${top}
[[components]]
name = "web"
image = "${image}"
${cmd}
health = { path = "/healthz", interval = "100ms", drain = "300ms"${health ? `, ${health}` : ''} }
[[components.routes]]
port = 8080
`,
    { file: 'hello.toml' },
  );

async function containers(): Promise<{ Names: string[]; State: string; Image: string }[]> {
  const { stdout } = await fx.sandbox.podman(['ps', '--all', '--format', 'json']);
  return JSON.parse(stdout || '[]') as { Names: string[]; State: string; Image: string }[];
}
const names = async () => (await containers()).map((c) => `${c.Names[0]} ${c.State} ${c.Image}`).sort();

const clientLoop = (versions: readonly string[]) => startClientLoop(() => fx.fetch(host), versions);
afterEach(stopClientLoops);

beforeAll(async () => {
  fx = await startAgentFixture();
  agent = await fx.client();
  const first = await agent.deploy({ spec: specToProto(hello(fx.images.v1.ref)) });
  expect(first.steps.filter((s) => !s.success)).toEqual([]);
}, 120_000);
afterAll(async () => {
  await fx?.stop();
});

describe('a rolling redeploy', () => {
  it('serves every request from the old or the new version across 5 redeploys, alternating host ports', async () => {
    const { v1, v2 } = fx.images;
    const loop = clientLoop([v1.version, v2.version]);
    const hostPorts: number[] = [];
    for (const image of [v2, v1, v2, v1, v2]) {
      const reply = await agent.deploy({ spec: specToProto(hello(image.ref)) });
      expect(reply.steps.filter((s) => !s.success)).toEqual([]);
      expect(reply.steps.find((s) => s.step === 'containers')?.detail).toMatch(/^switched mcp-hello-web/);
      hostPorts.push(reply.status!.components[0]!.routes[0]!.hostPort);
      expect((await fx.fetch(host)).body).toBe(`hello from ${image.version}\n`);
    }
    const traffic = await loop.stop();
    expect(traffic.failures).toEqual([]);
    expect(traffic.ok).toBeGreaterThan(20);
    expect([...traffic.versions].sort()).toEqual([v1.version, v2.version]);
    // Two ports, taking turns.
    expect(new Set(hostPorts).size).toBe(2);
    expect(hostPorts[0]).not.toBe(hostPorts[1]);
    expect(hostPorts[2]).toBe(hostPorts[0]);
    expect(await names()).toEqual([`mcp-hello-web running ${v2.ref}`]);
    // Status shows the component's health as the switch's last check saw it.
    const [status] = (await agent.status({ service: 'hello' })).services;
    expect(status!.components[0]).toMatchObject({
      health: 'healthy',
      healthDetail: `GET http://127.0.0.1:${hostPorts[4]}/healthz: 200`,
    });
  }, 120_000);

  it('fails a new image that never gets healthy by its deadline, with the check and its log, and keeps the old one', async () => {
    const { v1, v2 } = fx.images;
    const loop = clientLoop([v2.version]);
    const broken = hello(v1.ref, {
      health: 'deadline = "2s"',
      cmd: `cmd = ["/bin/sh", "-c", "trap 'exit 0' TERM; echo booting but never listening; sleep 600 & wait"]`,
    });
    const started = Date.now();
    const reply = await agent.deploy({ spec: specToProto(broken) });
    const took = Date.now() - started;
    const failed = reply.steps.find((s) => !s.success);
    expect(failed?.step).toBe('containers');
    expect(failed?.error).toMatch(
      /mcp-hello-web-mcp-next: not healthy within 2s \(last check: GET http:\/\/127\.0\.0\.1:\d+\/healthz: /,
    );
    expect(failed?.error).toContain('its log ends:\nbooting but never listening');
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(10_000);
    const traffic = await loop.stop();
    expect(traffic.failures).toEqual([]);
    expect(traffic.ok).toBeGreaterThan(5);
    expect(await names()).toEqual([`mcp-hello-web running ${v2.ref}`]);
    expect((await fx.fetch(host)).body).toBe(`hello from ${v2.version}\n`);
  }, 60_000);
});

describe('strategy recreate', () => {
  it('removes the old container before the new one starts', async () => {
    const { v1 } = fx.images;
    const since = new Date(Date.now() - 1000).toISOString();
    const reply = await agent.deploy({ spec: specToProto(hello(v1.ref, { top: 'strategy = "recreate"' })) });
    expect(reply.steps.filter((s) => !s.success)).toEqual([]);
    expect(reply.steps.find((s) => s.step === 'containers')?.detail).toBe('recreated mcp-hello-web');
    const { stdout } = await fx.sandbox.podman([
      'events',
      '--since',
      since,
      '--until',
      new Date(Date.now() + 1000).toISOString(),
      '--filter',
      'type=container',
      '--format',
      '{{.Status}} {{.Name}}',
    ]);
    const events = stdout.split('\n').filter((line) => /^(start|stop|died|remove) /.test(line));
    const oldStopped = events.findIndex((e) => /^(stop|died) mcp-hello-web$/.test(e));
    const newStarted = events.findIndex((e) => e === 'start mcp-hello-web');
    expect(oldStopped).toBeGreaterThanOrEqual(0);
    expect(newStarted).toBeGreaterThan(oldStopped);
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start mcp-hello-web']);
    expect(await names()).toEqual([`mcp-hello-web running ${v1.ref}`]);
  }, 60_000);
});

describe('an agent killed mid-switch', () => {
  it('ends with exactly one container serving the route after it starts again', async () => {
    const { v1, v2 } = fx.images;
    let reached!: () => void;
    const healthy = new Promise<void>((resolve) => (reached = resolve));
    await fx.restartAgent({
      beforeSwitch: () => {
        reached();
        return new Promise<void>(() => undefined);
      },
    });
    agent = await fx.client();
    const loop = clientLoop([v1.version]);
    // Killed between "new container healthy" and "route switched".
    void agent.deploy({ spec: specToProto(hello(v2.ref)) }).catch(() => undefined);
    await healthy;
    expect(await names()).toEqual([
      `mcp-hello-web running ${v1.ref}`,
      `mcp-hello-web-mcp-next running ${v2.ref}`,
    ]);
    await fx.killAgent();
    await fx.restartAgent();
    agent = await fx.client();
    const traffic = await loop.stop();
    expect(traffic.failures).toEqual([]);
    expect(await names()).toEqual([`mcp-hello-web running ${v1.ref}`]);
    expect((await fx.fetch(host)).body).toBe(`hello from ${v1.version}\n`);
    // And the next deploy goes through as usual.
    const reply = await agent.deploy({ spec: specToProto(hello(v2.ref)) });
    expect(reply.steps.filter((s) => !s.success)).toEqual([]);
    expect(await names()).toEqual([`mcp-hello-web running ${v2.ref}`]);
  }, 90_000);
});
