// The CLI in direct mode against a real agent (podman, Caddy, an ACME CA):
// what people see, what scripts parse, and what happened on the node.
import { createServer, type Server } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mintToken } from '@mcp/auth';
import { makeTempDir, type TempDir } from '@mcp/testkit';
import {
  helloToml,
  internalName,
  mcp as run,
  mcpBinary,
  startAgentFixture,
  writeConfigDir,
  type AgentFixture,
} from './index.js';

let fx: AgentFixture;
let tmp: TempDir;
let config: string;
const mcp = (...argv: string[]) => run(config, '--direct', '-n', 'rift', ...argv);

async function container(name = 'mcp-hello-web'): Promise<{ state: string; startedAt: string } | undefined> {
  const { stdout } = await fx.sandbox.podman(['ps', '--all', '--format', 'json']);
  const found = (JSON.parse(stdout || '[]') as { Names: string[]; State: string; StartedAt: number }[]).find(
    (c) => c.Names[0] === name,
  );
  return found && { state: found.State, startedAt: String(found.StartedAt) };
}

beforeAll(async () => {
  fx = await startAgentFixture();
  tmp = await makeTempDir('mcp-cli-');
  config = await writeConfigDir(tmp.path, {
    nodes: { rift: fx.address },
    caPem: fx.pki.ca.cert,
    token: await mintToken(fx.signingKeyPem, {
      sub: 'alice',
      kind: 'human',
      audience: 'agent-rift',
      ttl: 600,
    }),
    services: {
      hello: helloToml(fx.images.v1.ref),
      // No route, so it does not collide with hello's internal name; fails at the pull.
      broken: 'name = "broken"\n\n[[components]]\nname = "app"\nimage = "localhost/mcp-test/nothere:v1"\n',
    },
  });
}, 180_000);
afterAll(async () => {
  await fx?.stop();
  await tmp?.remove();
});

describe('a service through its life', () => {
  it('deploys by name: steps, a summary, and the page is served', async () => {
    const r = await mcp('deploy', 'hello');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`deploying hello to rift (${fx.address}) ...\n`);
    expect(r.stdout).toMatch(/^ok {3}containers +created mcp-hello-web$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('hello deployed on rift');
    expect((await fx.fetch(internalName('web'))).body).toBe('hello from v1.0.0\n');
  });

  it('a redeploy says unchanged; --json is one JSON document and nothing on stderr', async () => {
    expect((await mcp('deploy', 'hello')).stdout).toMatch(/\nhello unchanged on rift\n$/);
    const r = await mcp('deploy', 'hello', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(r.stdout) as {
      steps: { step: string }[];
      status: { components: { state: string }[] };
    };
    expect(json).toMatchObject({ service: 'hello', node: 'rift', changed: false, success: true });
    expect(json.steps.map((s) => s.step)).toContain('containers');
    expect(json.status.components[0]?.state).toBe('running');
  });

  it('ps lists the container with its port mapping', async () => {
    const status = JSON.parse((await mcp('status', 'hello', '--json')).stdout);
    const hostPort: number = status.services[0].components[0].routes[0].hostPort;
    const r = await mcp('ps');
    expect(r.code).toBe(0);
    const [header, row, ...rest] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^CONTAINER +SERVICE +NODE +STATE +UP +IMAGE +PORTS$/);
    expect(row).toMatch(
      new RegExp(`^mcp-hello-web +hello +rift +running +\\d+[smhd] +${fx.images.v1.ref} +${hostPort}->8080$`),
    );
    expect(rest).toEqual([]);
    expect(JSON.parse((await mcp('ps', '--json')).stdout)).toEqual([
      expect.objectContaining({
        service: 'hello',
        component: 'web',
        containerName: 'mcp-hello-web',
        state: 'running',
      }),
    ]);
  });

  it('status shows the route and the certificate expiry', async () => {
    const json = JSON.parse((await mcp('status', 'hello', '--json')).stdout);
    expect(json).toMatchObject({ node: 'rift', drift: false });
    const expiry = new Date(json.services[0].components[0].routes[0].certExpiresAt as string);
    const shown = `${expiry.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const r = await mcp('status', 'hello');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^hello +rift +running +1/1 +${shown} +healthy +ok$`, 'm'));
    expect(r.stdout).toContain(`  web: https://${internalName('web')} -> host port `);
    expect(r.stdout).toContain(`cert until ${shown}`);
  });

  it('stop, start and restart exit 0 and do what they say', async () => {
    const stop = await mcp('stop', 'hello');
    expect(stop).toMatchObject({ code: 0, stderr: '' });
    expect(stop.stdout).toMatch(/\nhello stopped on rift\n$/);
    expect((await container())?.state).toBe('exited');
    expect((await mcp('status')).stdout).toMatch(/^hello +rift +stopped +0\/1 .* ok$/m);

    expect((await mcp('start', 'hello')).stdout).toMatch(/\nhello started on rift\n$/);
    expect((await container())?.state).toBe('running');
    expect((await fx.fetch(internalName('web'))).status).toBe(200);

    const before = await container();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // podman's StartedAt has 1 s resolution
    expect((await mcp('restart', 'hello')).code).toBe(0);
    const after = await container();
    expect(after?.state).toBe('running');
    expect(after?.startedAt).not.toBe(before?.startedAt);
  });

  it('status exits 1 and says why when a service drifts', async () => {
    await fx.sandbox.podman(['stop', '--time', '1', 'mcp-hello-web']);
    const r = await mcp('status');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^hello +rift +running +0\/1 .* DRIFT$/m);
    expect(r.stdout).toContain('  hello: drift: mcp-hello-web is exited, should be running');
    const json = await mcp('status', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      drift: true,
      services: [{ name: 'hello', drift: true }],
    });
    expect((await mcp('start', 'hello')).code).toBe(0);
    expect((await mcp('status')).code).toBe(0);
  });

  it('deploys by path: a new image replaces the old one', async () => {
    await mkdir(join(tmp.path, 'elsewhere'));
    const file = join(tmp.path, 'elsewhere', 'hello.toml');
    await writeFile(file, helloToml(fx.images.v2.ref));
    const r = await mcp('deploy', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nhello deployed on rift\n$/);
    expect((await fx.fetch(internalName('web'))).body).toBe('hello from v1.0.1\n');
  });

  it('a failed step exits 1 and is shown as FAIL', async () => {
    const r = await mcp('deploy', 'broken');
    expect(r.code).toBe(1);
    // An image that cannot be had fails first, once, naming image and registry.
    expect(r.stdout).toMatch(
      /^FAIL images +image localhost\/mcp-test\/nothere:v1 could not be pulled from registry localhost: \S/m,
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('broken: deploy FAILED on rift');
    const json = await mcp('deploy', 'broken', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ service: 'broken', success: false });
  });

  it('undeploys: the container is gone, and the service is unknown afterwards', async () => {
    const r = await mcp('undeploy', 'hello');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nhello undeployed on rift\n$/);
    expect(await container()).toBeUndefined();
    expect(await mcp('ps')).toMatchObject({ code: 0, stdout: 'no containers on rift\n' });
    expect(await mcp('status', 'hello')).toMatchObject({
      code: 2,
      stderr: 'mcp: rift: service hello is not deployed on rift\n',
    });
    expect((await mcp('stop', 'hello')).code).toBe(2);
  });
});

describe('the built binary', () => {
  it('prints JSON on stdout and nothing on stderr (no TLS warning)', async () => {
    const r = await mcpBinary(['--config', config, '--direct', '-n', 'rift', 'status', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ node: 'rift', drift: false, services: [], findings: [] });
  });

  it('--help exits 0 with examples; an unknown command exits 2', async () => {
    const help = await mcpBinary(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(await mcpBinary(['frobnicate'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'mcp: unknown command "frobnicate"; see mcp --help\n',
    });
  });

  it('gives up on a node that never answers after --timeout, and exits at once', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const other = await writeConfigDir(join(tmp.path, 'silent'), {
        nodes: { rift: `127.0.0.1:${port}` },
        caPem: fx.pki.ca.cert,
        token: 'a.b.c',
      });
      const r = await mcpBinary(['--config', other, '--direct', '-n', 'rift', 'ps', '--timeout', '1']);
      expect(r).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `mcp: cannot reach rift (127.0.0.1:${port}): no connection within 1s\n`,
      });
      expect(r.ms).toBeLessThan(10_000);
    } finally {
      silent.close();
    }
  });
});
