// The seed's fleet end to end, as an operator meets it: rift (master +
// worker), orion, hyperborea (the arm64 agent binary under qemu) and svc
// (edge, the amd64 agent binary), each in a network namespace with an address in 100.64.0.0/10,
// Knot for the internal zone, the example services deployed with the real
// CLI. One story, in order: each step starts from where the last one left
// the fleet. What is left on the nodes is checked against podman, Caddy's
// admin API and Knot directly, not through MCP.
import { X509Certificate } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NodeStatus } from '@mcp/proto';
import { waitFor } from '@mcp/testkit';
import { execa } from 'execa';
import {
  EXAMPLE_IMAGE,
  httpsGet,
  mcp,
  startSeedFleet,
  type FleetNode,
  type SeedFleet,
  type TestFleet,
} from './index.js';

const HEARTBEAT = { interval: '500ms', threshold: '1500ms', probeTimeout: '500ms', warmup: '3s' };
const WWW = 'www.example.test';
let seed: SeedFleet;
let fleet: TestFleet;
let config: string;

beforeAll(async () => {
  seed = await startSeedFleet({ network: 'netns', heartbeat: HEARTBEAT });
  fleet = seed.fleet;
  config = seed.config;
  for (const service of seed.services) {
    const r = await mcp(config, 'deploy', service);
    if (r.code !== 0) throw new Error(`mcp deploy ${service}: ${r.stdout}${r.stderr}`);
  }
}, 300_000);
afterAll(async () => {
  await fleet?.stop();
}, 120_000);

const node = (name: string): FleetNode => fleet.nodes.get(name)!;
const internal = (component: string) => `${component}.svc.mcp.${fleet.zone}`;

/** Everything MCP made on a node, read from podman and Caddy themselves. */
async function onNode(name: string) {
  const n = node(name);
  const ps = JSON.parse((await n.sandbox.podman(['ps', '-a', '--format', 'json'])).stdout || '[]') as {
    Names: string[];
    Id: string;
    State: string;
  }[];
  const ids = (items: unknown) => ((items ?? []) as { '@id'?: string }[]).map((i) => i['@id'] ?? '?').sort();
  return {
    containers: ps
      .filter((c) => c.Names[0]!.startsWith('mcp-'))
      .map((c) => `${c.Names[0]} ${c.Id.slice(0, 12)} ${c.State}`)
      .sort(),
    routes: ids(await n.caddy.admin.config(`apps/http/servers/${n.caddy.serverName}/routes`)),
    certificates: ids(await n.caddy.admin.config('apps/tls/certificates/load_pem')),
  };
}
type NodeState = Awaited<ReturnType<typeof onNode>>;
const everyNode = async (): Promise<Record<string, NodeState>> =>
  Object.fromEntries(
    await Promise.all(
      [...fleet.nodes.keys()].map(async (n): Promise<[string, NodeState]> => [n, await onNode(n)]),
    ),
  );

async function nodeList() {
  const r = await mcp(config, 'node', 'list', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as {
    name: string;
    role: string;
    arch: string;
    agentVersion: string;
    status: string;
  }[];
}
const statusOf = async (name: string) => (await nodeList()).find((n) => n.name === name)?.status;

async function placements(): Promise<Record<string, string>> {
  const { services } = await (await fleet.master$()).status({});
  return Object.fromEntries(services.map((s) => [s.name, s.node]));
}

async function curlEdge(hostname = WWW) {
  const r = await execa('curl', ['-sS', '--max-time', '5', ...seed.curlThroughEdge(hostname)], {
    reject: false,
    stripFinalNewline: false,
  });
  return { code: r.exitCode, body: r.stdout, stderr: r.stderr };
}

/** GET https://<component>.svc.mcp.<zone>/ from the node's proxy, trusting the fleet CA. */
const internalPage = (nodeName: string, component: string) =>
  httpsGet({
    address: node(nodeName).ip,
    port: node(nodeName).caddy.port,
    hostname: internal(component),
    caPem: fleet.caPem,
  });

async function writeService(name: string, toml: string): Promise<string> {
  const file = join(fleet.dir, `${name}.toml`);
  await writeFile(file, toml);
  return file;
}
const extraService = (name: string, pin = '') =>
  `name = "${name}"\n${pin ? `node = "${pin}"\n` : ''}[[components]]\nname = "${name}"\nimage = "${EXAMPLE_IMAGE}"\n[[components.routes]]\nport = 8080\n`;

describe('the seed fleet, end to end', () => {
  it('mcp node list shows the four nodes with role, arch, agent version and health', async () => {
    const nodes = await nodeList();
    expect(nodes.map((n) => [n.name, n.role, n.arch, n.status])).toEqual([
      ['hyperborea', 'worker', seed.hyperboreaArch, 'healthy'],
      ['orion', 'worker', 'amd64', 'healthy'],
      ['rift', 'master', 'amd64', 'healthy'],
      ['svc', 'edge', 'amd64', 'healthy'],
    ]);
    for (const n of nodes) expect(n.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
    // svc's agent is the single-file amd64 binary, not Node.js running the workspace.
    const { readlink } = await import('node:fs/promises');
    expect(await readlink(`/proc/${node('svc').process!.pid}/exe`)).toMatch(/\/mcp-agent-linux-x64$/);
    // Every node is where the namespaces put it.
    for (const n of fleet.nodes.values())
      expect(n.ip.startsWith(fleet.lab!.subnet.replace('0/24', ''))).toBe(true);
  });

  it('puts the core service on rift, spreads the workers by container count, and nothing on svc', async () => {
    // Deployed in name order: hello (all empty: the first worker by name), status (core: rift),
    // www (orion is the only node left with no container).
    expect(await placements()).toEqual({ hello: 'hyperborea', status: 'rift', www: 'orion' });
    expect((await onNode('svc')).containers).toEqual([]);
    expect((await internalPage('rift', 'status')).body).toBe('status: every node is reporting\n');
    expect((await internalPage('hyperborea', 'hello')).body).toBe('hello from the fleet\n');
    // DNS: each internal name points at its node.
    expect(await fleet.knot!.query(internal('www'))).toEqual([node('orion').ip]);
  });

  it('serves the public service through svc over TLS 1.3 with a certificate for its name only', async () => {
    const page = await curlEdge();
    expect(page).toMatchObject({ code: 0, body: 'www: served through the edge\n' });
    const svc = node('svc');
    const { stdout } = await execa('sh', [
      '-c',
      `openssl s_client -connect ${svc.ip}:${svc.caddy.port} -servername ${WWW} -tls1_3 </dev/null 2>/dev/null | openssl x509`,
    ]);
    expect(new X509Certificate(stdout).subjectAltName).toBe(`DNS:${WWW}`);
    const edgeList = JSON.parse((await mcp(config, 'edge', 'list', '--json')).stdout) as {
      hostname: string;
      edgeNode: string;
    }[];
    expect(edgeList).toEqual([expect.objectContaining({ hostname: WWW, edgeNode: 'svc' })]);
  });

  it('marks orion unhealthy when its agent dies, keeps its containers serving, avoids it, and takes it back', async () => {
    const killed = Date.now();
    await node('orion').kill();
    await waitFor(async () => (await statusOf('orion')) === 'unhealthy', {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'orion unhealthy',
    });
    // threshold + probe timeout + one tick, and some slack for the polling.
    expect(Date.now() - killed).toBeLessThan(1500 + 500 + 500 + 1500);
    expect((await curlEdge()).body).toBe('www: served through the edge\n');
    const r = await mcp(config, 'deploy', await writeService('extra', extraService('extra')));
    expect(r.code).toBe(0);
    expect((await placements()).extra).not.toBe('orion');
    expect((await mcp(config, 'undeploy', 'extra')).code).toBe(0);
    await node('orion').start();
    await fleet.waitForNodes(['orion'], NodeStatus.NODE_STATUS_HEALTHY, 20_000);
  });

  it('marks orion unhealthy when its link is cut; a deploy pinned to it fails and says why; back when restored', async () => {
    const orion = node('orion').netns!;
    await orion.setLink(false);
    try {
      await waitFor(async () => (await statusOf('orion')) === 'unhealthy', {
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      const r = await mcp(config, 'deploy', await writeService('pinned', extraService('pinned', 'orion')));
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain('pinned to "orion", which is unhealthy');
      expect((await placements()).pinned).toBeUndefined();
    } finally {
      await orion.setLink(true);
    }
    await fleet.waitForNodes(['orion'], NodeStatus.NODE_STATUS_HEALTHY, 30_000);
  });

  it('keeps placements and edge routes across a master restart, redeploying nothing', async () => {
    const before = await everyNode();
    const placed = await placements();
    await fleet.master.stop();
    await fleet.master.start();
    await fleet.waitForNodes(['rift', 'orion', 'hyperborea', 'svc'], NodeStatus.NODE_STATUS_HEALTHY, 30_000);
    expect(await placements()).toEqual(placed);
    expect(await everyNode()).toEqual(before);
    expect((await curlEdge()).code).toBe(0);
    const status = JSON.parse((await mcp(config, 'status', '--json')).stdout) as { findings: unknown[] };
    expect(status.findings).toEqual([]);
  });

  it('reports a container removed behind its back as a stale placement, and a --direct deploy as an orphan', async () => {
    await node('hyperborea').sandbox.podman(['rm', '-f', '-t', '0', 'mcp-hello-hello']);
    // Straight to orion's agent: the master has placed nothing there, so it
    // signs no certificate for the name, and the deploy is rolled back ...
    const routed = await mcp(
      config,
      '--direct',
      '-n',
      'orion',
      'deploy',
      await writeService('stray', extraService('stray')),
    );
    expect(routed.code).toBe(1);
    expect(routed.stdout).toContain('the master has put nothing served under that name on orion');
    expect((await onNode('orion')).containers.filter((c) => c.includes('stray'))).toEqual([]);
    // ... while one without routes needs no certificate and runs.
    const direct = await mcp(
      config,
      '--direct',
      '-n',
      'orion',
      'deploy',
      await writeService(
        'stray',
        `name = "stray"\n[[components]]\nname = "stray"\nimage = "${EXAMPLE_IMAGE}"\n`,
      ),
    );
    expect([direct.code, direct.stdout]).toEqual([0, expect.stringContaining('stray deployed on orion')]);
    const r = await mcp(config, 'status', '--json');
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as {
      findings: { kind: string; service: string; node: string }[];
    };
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'stale-placement', service: 'hello', node: 'hyperborea' }),
        expect.objectContaining({ kind: 'orphan', service: 'stray', node: 'orion' }),
      ]),
    );
    expect((await mcp(config, '--direct', '-n', 'orion', 'undeploy', 'stray')).code).toBe(0);
    expect((await mcp(config, 'deploy', 'hello')).code).toBe(0);
    expect(JSON.parse((await mcp(config, 'status', '--json')).stdout)).toMatchObject({ findings: [] });
  });

  it('sync --dry-run changes nothing on any node; sync applies; a removed definition is undeployed with its edge route', async () => {
    const hello = join(seed.servicesDir, 'hello.toml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(hello, (await readFile(hello, 'utf8')).replace('hello from the fleet', 'hello again'));
    const before = await everyNode();
    const dry = await mcp(config, 'sync', '--dry-run');
    expect([dry.code, dry.stdout]).toEqual([0, expect.any(String)]);
    expect(dry.stdout).toMatch(/^hello\s+update\s+hyperborea$/m);
    expect(await everyNode()).toEqual(before);

    const sync = await mcp(config, 'sync');
    expect([sync.code, sync.stdout + sync.stderr]).toEqual([0, expect.stringContaining('hello')]);
    expect((await internalPage('hyperborea', 'hello')).body).toBe('hello again\n');

    await rm(join(seed.servicesDir, 'www.toml'));
    const synced = await mcp(config, 'sync');
    // With what sync printed, should it fail.
    expect([synced.code, synced.stdout + synced.stderr]).toEqual([0, expect.any(String)]);
    expect((await placements()).www).toBeUndefined();
    expect(JSON.parse((await mcp(config, 'edge', 'list', '--json')).stdout)).toEqual([]);
    expect((await onNode('svc')).routes.filter((id) => id.startsWith('mcp-'))).toEqual([]);
    expect((await curlEdge()).code).not.toBe(0);
  });

  it('undeploys everything: no container, route, certificate, DNS record or edge route is left anywhere', async () => {
    for (const service of Object.keys(await placements())) {
      expect((await mcp(config, 'undeploy', service)).code).toBe(0);
    }
    for (const [name, state] of Object.entries(await everyNode())) {
      expect([name, state]).toEqual([
        name,
        {
          containers: [],
          routes: state.routes.filter((id) => !id.startsWith('mcp-')),
          certificates: state.certificates.filter((id) => !id.startsWith('mcp-')),
        },
      ]);
    }
    for (const component of ['hello', 'status', 'www', 'extra', 'pinned', 'stray']) {
      expect(await fleet.knot!.query(internal(component))).toEqual([]);
    }
    expect(JSON.parse((await mcp(config, 'edge', 'list', '--json')).stdout)).toEqual([]);
  });
});
