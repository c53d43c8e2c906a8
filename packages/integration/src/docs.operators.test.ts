// The operator's guide (docs/operators) starts what it says: every block
// marked `file=<name>` is read from the page and started as written, with
// only its host paths and addresses moved into a temporary directory and
// onto loopback. Caddy, Knot and podman are the real ones.
import { request } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CaddyDriver, PodmanRuntime } from '@mcp/agent';
import { createDnsProvider } from '@mcp/master';
import { parseMasterConfig } from '@mcp/spec';
import {
  buildTestImage,
  caddyAdmin,
  freePort,
  makeTempDir,
  startProcess,
  type ManagedProcess,
  type PodmanSandbox,
  type TempDir,
} from '@mcp/testkit';
import { execa } from 'execa';
import { BINARIES } from './index.js';

const DOCS = fileURLToPath(new URL('../../../docs/operators/', import.meta.url));

/** The blocks of a page marked ```<lang> file=<name>, by name. */
async function docFiles(page: string): Promise<Map<string, string>> {
  const text = await readFile(join(DOCS, page), 'utf8');
  const blocks = text.matchAll(/^```\w+ file=(\S+)\n([\s\S]*?)^```$/gm);
  return new Map([...blocks].map((m) => [m[1]!, m[2]!]));
}

/** `text` with each `from` replaced by its `to`, everywhere. */
function moved(text: string, places: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(places)) out = out.replaceAll(from, to);
  return out;
}

let temp: TempDir;
const processes: ManagedProcess[] = [];
beforeAll(async () => {
  temp = await makeTempDir('mcp-docs-');
});
afterAll(async () => {
  for (const p of processes.splice(0).reverse()) await p.stop();
  await temp?.remove();
});

describe('docs/operators/caddy.md', () => {
  it('a Caddy started as the drop-in says, on the config as written, is one the agent sets up itself', async () => {
    const files = await docFiles('caddy.md');
    const dir = join(temp.path, 'caddy');
    const socket = join(dir, 'admin.sock');
    await mkdir(dir);
    const config = join(dir, 'mcp.json');
    await writeFile(config, moved(files.get('caddy.json')!, { '/srv/mcp/caddy/admin.sock': socket }));
    const exec = /^ExecStart=(\S.*)$/m.exec(files.get('caddy.service.d/mcp.conf')!)![1]!;
    const [command, ...args] = moved(exec, { '/etc/caddy/mcp.json': config }).split(' ');
    expect(command).toBe('/usr/bin/caddy');
    const caddy = await startProcess(command!, args, {
      logPath: join(dir, 'caddy.log'),
      env: { XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') },
    });
    processes.push(caddy);
    const listen = `127.0.0.1:${await freePort()}`;
    const driver = new CaddyDriver({ adminSocket: socket, listen: [listen] });
    await caddy.waitReady(
      () =>
        driver.ping().then(
          () => true,
          () => false,
        ),
      {
        timeoutMs: 10_000,
        description: `Caddy's admin API on ${socket}`,
      },
    );
    await driver.ensureReady();
    await driver.upsertRoute({
      id: 'mcp-stopped.hello.web',
      hostnames: ['web.svc.mcp.metacircular.net'],
      upstream: '',
      respond: { status: 503, body: 'service hello is stopped\n' },
    });
    expect([...(await driver.listRouteIds())]).toEqual(['mcp-stopped.hello.web']);
    const apps = (await caddyAdmin(socket).config('apps')) as {
      http: { servers: { mcp: { listen: string[]; tls_connection_policies: unknown[] } } };
      pki: { certificate_authorities: { local: { install_trust: boolean } } };
    };
    expect(apps.http.servers.mcp).toMatchObject({
      listen: [listen],
      tls_connection_policies: [{ protocol_min: 'tls1.3' }],
    });
    expect(apps.pki.certificate_authorities.local.install_trust).toBe(false);
  });
});

describe('docs/operators/dns.md', () => {
  it("Knot on the page's config, key and zone takes the master's signed updates", async () => {
    const files = await docFiles('dns.md');
    const dir = join(temp.path, 'knot');
    const port = await freePort({ host: '127.0.0.1', udp: true });
    const places = {
      '/etc/knot': join(dir, 'etc'),
      '/var/lib/knot': join(dir, 'lib'),
      '/run/knot': join(dir, 'run'),
      '/srv/mcp/fleet': dir,
      '100.64.0.1@53': `127.0.0.1@${port}`,
      '100.64.0.1:53': `127.0.0.1:${port}`,
    };
    for (const sub of ['etc', 'lib', 'run']) await mkdir(join(dir, sub), { recursive: true });
    // The key as the page makes it, and the secret the master reads.
    const key = await execa('keymgr', ['-t', 'mcp-update', 'hmac-sha256']);
    await writeFile(join(dir, 'etc', 'mcp-update.key'), key.stdout);
    const secret = await execa('awk', ['/secret:/ { print $2 }', join(dir, 'etc', 'mcp-update.key')]);
    await writeFile(join(dir, 'tsig.secret'), `${secret.stdout}\n`, { mode: 0o600 });
    const conf = join(dir, 'etc', 'knot.conf');
    await writeFile(conf, moved(files.get('knot.conf')!, places));
    await writeFile(join(dir, 'lib', 'metacircular.net.zone'), files.get('metacircular.net.zone')!);
    const knot = await startProcess('knotd', ['--config', conf], { logPath: join(dir, 'knotd.log') });
    processes.push(knot);
    const dig = async (name: string, type: string) =>
      (await execa('dig', ['@127.0.0.1', '-p', String(port), '+short', '+norecurse', name, type])).stdout;
    await knot.waitReady(async () => (await dig('metacircular.net', 'SOA')) !== '', {
      timeoutMs: 10_000,
      description: 'the SOA of metacircular.net',
    });

    // The master's config: what init writes, plus the page's [dns] table.
    const init = join(temp.path, 'fleet');
    const made = await execa(BINARIES.master, [
      'init',
      '--dir',
      init,
      '--node',
      'rift',
      '--zone',
      'metacircular.net',
      '--address',
      '127.0.0.1',
    ]);
    expect(made.exitCode).toBe(0);
    const toml = `${await readFile(join(init, 'config', 'mcp-master.toml'), 'utf8')}\n${moved(files.get('mcp-master-dns.toml')!, places)}`;
    const config = parseMasterConfig(toml, { file: 'mcp-master.toml', home: '/root' });
    const dns = createDnsProvider(config.dns, { zone: config.zone });
    expect(await dns.setA('web.svc.mcp.metacircular.net', ['100.64.0.2'])).toMatchObject({ applied: true });
    expect(await dig('web.svc.mcp.metacircular.net', 'A')).toBe('100.64.0.2');
    // Kept across a restart (zonefile-sync: 0, journal-content: all).
    await knot.stop();
    const again = await startProcess('knotd', ['--config', conf], { logPath: join(dir, 'knotd.log') });
    processes.push(again);
    await again.waitReady(async () => (await dig('web.svc.mcp.metacircular.net', 'A')) === '100.64.0.2', {
      timeoutMs: 10_000,
      description: 'the record after a restart',
    });
  });
});

describe('docs/operators/podman.md', () => {
  it('podman outside systemd, configured as the page says, runs a container the agent way', async () => {
    const files = await docFiles('podman.md');
    const dir = join(temp.path, 'podman');
    await mkdir(dir);
    const places = { '/srv/mcp/podman': dir };
    await writeFile(join(dir, 'containers.conf'), files.get('containers.conf')!);
    const runtimeToml = moved(files.get('mcp-agent-runtime.toml')!, places);
    const globalArgs = JSON.parse(/^global_args = (.*)$/m.exec(runtimeToml)![1]!) as string[];
    const containersConf = JSON.parse(/^containers_conf = (.*)$/m.exec(runtimeToml)![1]!) as string;
    const env = { CONTAINERS_CONF: containersConf };
    const podman: PodmanSandbox['podman'] = async (args, options = {}) => {
      const r = await execa('podman', [...globalArgs, ...args], { env, input: options.input, reject: false });
      if (r.exitCode !== 0 && options.reject !== false) throw new Error(`podman ${args[0]}: ${r.stderr}`);
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? -1 };
    };
    try {
      const image = await buildTestImage({ podman } as PodmanSandbox, {
        tag: 'localhost/mcp-test/httpd:v1.0.0',
      });
      const runtime = new PodmanRuntime({ globalArgs, containersConf });
      const port = await freePort();
      await runtime.run({
        name: 'mcp-hello-web',
        image: image.ref,
        labels: { 'mcp.service': 'hello' },
        env: { PORT: '8080' },
        volumes: [],
        cmd: [],
        restart: 'no',
        ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 8080 }],
      });
      const page = await new Promise<string>((resolve, reject) => {
        const attempt = (left: number) =>
          request({ host: '127.0.0.1', port, path: '/' }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve(body));
          })
            .on('error', (error) => (left > 0 ? setTimeout(() => attempt(left - 1), 100) : reject(error)))
            .end();
        attempt(50);
      });
      expect(page).toBe('hello from v1.0.0\n');
      expect((await runtime.list('mcp.service')).map((c) => [c.name, c.state])).toEqual([
        ['mcp-hello-web', 'running'],
      ]);
    } finally {
      await podman(['rm', '--all', '--force', '--time', '0'], { reject: false });
      await podman(['system', 'reset', '--force'], { reject: false });
    }
  });
});
