// Public services end to end: master, a worker and an edge as processes,
// each node with its own Caddy, real Knot, the fleet CA. The edge terminates
// public TLS with a certificate for the public name only and forwards over
// TLS to the worker's node proxy.
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { NodeStatus, type MasterServiceClient } from '@mcp/proto';
import { waitFor } from '@mcp/testkit';
import { execa } from 'execa';
import { Status } from 'nice-grpc';
import { startClientLoop, stopClientLoops } from './fixtures/clientLoop.js';
import {
  agentCsr,
  collectDeploy,
  httpdSpec,
  httpsGet,
  mcp,
  resetFleet,
  startFleet,
  type TestFleet,
} from './index.js';

let fleet: TestFleet;
let master: MasterServiceClient;
let cli: string;
const PUBLIC = 'hello.example.test';

beforeAll(async () => {
  fleet = await startFleet({
    dns: true,
    nodes: [
      { name: 'rift', role: 'master' },
      { name: 'orion', role: 'worker' },
      { name: 'svc', role: 'edge' },
    ],
    allowedDomains: ['example.test'],
  });
  await fleet.waitForNodes(['rift', 'orion', 'svc']);
  master = await fleet.master$();
  cli = await fleet.cliConfig();
}, 180_000);
afterEach(async () => {
  await stopClientLoops();
  await resetFleet(fleet);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

const edge = () => fleet.nodes.get('svc')!;
const deployPublic = (image = fleet.images.v1, name = 'hello') =>
  collectDeploy(master, httpdSpec(name, image, { node: 'orion', public: PUBLIC }));

/** GET https://<PUBLIC>/ through the edge with curl, trusting only the fleet CA, TLS 1.3 only. */
async function curlEdge(path = '/'): Promise<{ code: number; body: string; stderr: string }> {
  const caFile = join(fleet.dir, 'ca.pem');
  const { host, port } = edge().caddy;
  const r = await execa(
    'curl',
    [
      '-sS',
      '--max-time',
      '5',
      '--tlsv1.3',
      '--resolve',
      `${PUBLIC}:${port}:${host}`,
      '--cacert',
      caFile,
      `https://${PUBLIC}:${port}${path}`,
    ],
    { reject: false, stripFinalNewline: false },
  );
  return { code: r.exitCode ?? -1, body: r.stdout, stderr: r.stderr };
}

/**
 * Waits until the edge no longer answers for PUBLIC. Caddy 2.6 answers a
 * config change once its old servers' shutdowns are scheduled, not done
 * (`App.Stop` in modules/caddyhttp/app.go), so on a busy machine the old
 * config can still take a connection right after the change returns.
 */
async function edgeRefuses(): Promise<void> {
  await waitFor(async () => (await curlEdge()).code !== 0, {
    timeoutMs: 5_000,
    intervalMs: 100,
    description: `the edge refusing ${PUBLIC}`,
  });
}

/** The certificate the edge presents for PUBLIC. */
async function edgeCertificate(): Promise<X509Certificate> {
  const { host, port } = edge().caddy;
  const r = await execa('sh', [
    '-c',
    `openssl s_client -connect ${host}:${port} -servername ${PUBLIC} -tls1_3 </dev/null 2>/dev/null | openssl x509`,
  ]);
  return new X509Certificate(r.stdout);
}

describe('a public service', () => {
  it('is served through the edge over TLS 1.3 with a certificate for its public name only', async () => {
    const { streamed, result } = await deployPublic();
    expect(streamed.map((s) => [s.step, s.success])).toEqual([
      ['placement', true],
      ['deploy', true],
      ['dns', true],
      ['edge_route', true],
    ]);
    expect(result.success).toBe(true);
    // example.test resolves nowhere: the step warns, and does not fail.
    expect(streamed.at(-1)!.detail).toMatch(/warning: public DNS: hello\.example\.test does not resolve/);
    const page = await curlEdge();
    expect(page).toMatchObject({ code: 0, body: 'hello from v1.0.0\n' });
    const cert = await edgeCertificate();
    expect(cert.subjectAltName).toBe(`DNS:${PUBLIC}`);
    const { routes } = await master.listEdgeRoutes({});
    expect(routes).toEqual([
      expect.objectContaining({
        hostname: PUBLIC,
        service: 'hello',
        edgeNode: 'svc',
        backendHostname: 'hello.svc.mcp.fleet.test',
        backendPort: fleet.nodes.get('orion')!.caddy.port,
        certSerial: cert.serialNumber,
      }),
    ]);
  });

  it('keeps being served, with the same edge certificate and no failed request, across 5 redeploys with a new image', async () => {
    await deployPublic();
    const before = await edgeCertificate();
    const { host, port } = edge().caddy;
    const loop = startClientLoop(
      () => httpsGet({ address: host, port, hostname: PUBLIC, caPem: fleet.caPem }),
      ['v1.0.0', 'v1.0.1'],
    );
    const { v1, v2 } = fleet.images;
    for (const image of [v2, v1, v2, v1, v2]) {
      const { result } = await deployPublic(image);
      expect(result.success).toBe(true);
      expect(result.steps.find((s) => s.step === 'edge_route')!.detail).toMatch(/unchanged/);
    }
    const traffic = await loop.stop();
    expect(traffic.failures).toEqual([]);
    expect(traffic.versions).toEqual(new Set(['v1.0.0', 'v1.0.1']));
    expect((await curlEdge()).body).toBe('hello from v1.0.1\n');
    expect((await edgeCertificate()).serialNumber).toBe(before.serialNumber);
  });

  it('stops answering when undeployed, and its edge certificate is gone', async () => {
    await deployPublic();
    const reply = await master.undeploy({ service: 'hello' });
    expect(reply.steps.map((s) => [s.step, s.success])).toEqual([
      ['undeploy', true],
      ['edge_route', true],
      ['dns', true],
      ['record', true],
    ]);
    await edgeRefuses();
    const loaded = (await edge().caddy.admin.config('apps/tls/certificates/load_pem')) as {
      '@id'?: string;
    }[];
    expect((loaded ?? []).map((c) => c['@id'])).not.toContain(`mcp-cert.${PUBLIC}`);
    expect((await master.listEdgeRoutes({})).routes).toEqual([]);
  });

  it('is removed from the edge when its definition drops public = true', async () => {
    await deployPublic();
    const { result } = await collectDeploy(master, httpdSpec('hello', fleet.images.v1, { node: 'orion' }));
    expect(result.steps.filter((s) => s.step === 'edge_route')).toEqual([
      expect.objectContaining({ success: true, detail: `${PUBLIC}: removed from svc` }),
    ]);
    await edgeRefuses();
    expect((await master.listEdgeRoutes({})).routes).toEqual([]);
  });
});

describe('the fleet CA and a public service', () => {
  it('gives the edge its public name but no internal one, and the worker its internal name but not the public one', async () => {
    await deployPublic();
    const internal = 'hello.svc.mcp.fleet.test';
    const asEdge = await fleet.master$({ sub: 'agent-svc', kind: 'agent' });
    await expect(
      asEdge.issueCertificate({ name: 'svc', csrPem: await agentCsr([internal]) }),
    ).rejects.toMatchObject({ code: Status.PERMISSION_DENIED, details: expect.stringContaining(internal) });
    const own = await asEdge.issueCertificate({ name: 'svc', csrPem: await agentCsr([PUBLIC]) });
    expect(new X509Certificate(own.certificateChainPem).subjectAltName).toBe(`DNS:${PUBLIC}`);

    const asWorker = await fleet.master$({ sub: 'agent-orion', kind: 'agent' });
    await expect(
      asWorker.issueCertificate({ name: 'orion', csrPem: await agentCsr([PUBLIC]) }),
    ).rejects.toMatchObject({ code: Status.PERMISSION_DENIED, details: expect.stringContaining(PUBLIC) });
    const worker = await asWorker.issueCertificate({ name: 'orion', csrPem: await agentCsr([internal]) });
    expect(new X509Certificate(worker.certificateChainPem).subjectAltName).toBe(`DNS:${internal}`);
  });
});

describe('drift between the master and the edge', () => {
  it('mcp status reports a route the edge lost, after a master restart; a deploy sets it up again', async () => {
    await deployPublic();
    // Someone removes the route behind the master's back.
    await (await fleet.agent$('svc')).removeEdgeRoute({ hostname: PUBLIC });
    await edgeRefuses();
    await fleet.master.stop();
    await fleet.master.start();
    await fleet.waitForNodes(['rift', 'orion', 'svc'], NodeStatus.NODE_STATUS_HEALTHY);
    master = await fleet.master$();

    const status = await mcp(cli, 'status', '--json');
    const findings = (JSON.parse(status.stdout) as { findings: { kind: string; message: string }[] })
      .findings;
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'edge-route',
        message: `${PUBLIC} of hello is recorded on edge svc but svc does not serve it; mcp deploy hello sets it up again`,
      }),
    ]);
    expect(status.code).toBe(1);
    const human = await mcp(cli, 'status');
    expect(human.stdout).toContain('does not serve it');

    const { result } = await deployPublic();
    expect(result.steps.find((s) => s.step === 'edge_route')!.detail).toMatch(
      /unchanged on svc \(confirmed\)/,
    );
    expect((await curlEdge()).body).toBe('hello from v1.0.0\n');
    expect(JSON.parse((await mcp(cli, 'status', '--json')).stdout)).toMatchObject({ findings: [] });
  });
});

describe('public hostnames the master refuses, with nothing deployed', () => {
  it.each([
    ['a name that only ends like an allowed domain', 'evilexample.test', /not under an allowed domain/],
    ['a name under no allowed domain', 'hello.example.org', /not under an allowed domain/],
  ])('%s', async (_, hostname, error) => {
    const { streamed, result } = await collectDeploy(
      master,
      httpdSpec('bad', fleet.images.v1, { node: 'orion', public: hostname }),
    );
    expect(result.success).toBe(false);
    expect(streamed).toEqual([
      expect.objectContaining({ step: 'placement', success: false, error: expect.stringMatching(error) }),
    ]);
    expect((await master.status({})).services).toEqual([]);
  });

  it('a malformed name, as INVALID_ARGUMENT naming the field', async () => {
    const spec = httpdSpec('bad', fleet.images.v1, { node: 'orion', public: PUBLIC });
    spec.components[0]!.routes[0]!.hostname = 'Not A Name';
    const stream = master.deploy({ spec });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining('components[0].routes[0].hostname'),
    });
  });

  it('a name another service already has', async () => {
    await deployPublic();
    const { streamed } = await collectDeploy(
      master,
      httpdSpec('other', fleet.images.v1, { node: 'orion', public: PUBLIC }),
    );
    expect(streamed).toEqual([
      expect.objectContaining({
        success: false,
        error: expect.stringContaining(`${PUBLIC} is already served by service hello`),
      }),
    ]);
    expect((await master.status({})).services.map((s) => s.name)).toEqual(['hello']);
  });
});

describe('the edge agent', () => {
  it('refuses a backend that resolves outside the allowed CIDRs, and backend_tls = false', async () => {
    await fleet.knot!.nsupdate(['update add far.svc.mcp.fleet.test. 60 A 10.1.2.3']);
    const svc = await fleet.agent$('svc');
    const request = {
      hostname: 'far.example.test',
      backendHostname: 'far.svc.mcp.fleet.test',
      backendPort: 443,
      backendTls: true,
      service: 'far',
    };
    await expect(svc.setupEdgeRoute(request)).rejects.toMatchObject({
      code: Status.FAILED_PRECONDITION,
      details: expect.stringContaining('resolves to 10.1.2.3, outside the allowed CIDRs (127.0.0.0/8)'),
    });
    await expect(svc.setupEdgeRoute({ ...request, backendTls: false })).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining('backend_tls: must be true'),
    });
    expect((await svc.listEdgeRoutes({})).routes).toEqual([]);
  });

  it('serves its routes again after the edge agent and its Caddy restart; mcp edge list is unchanged', async () => {
    await deployPublic();
    const listed = await mcp(cli, 'edge', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ hostname: PUBLIC })]);
    await edge().stop();
    await edge().caddy.restart({ empty: true });
    await edge().start();
    await waitFor(async () => (await curlEdge()).code === 0, {
      timeoutMs: 15_000,
      intervalMs: 200,
      description: 'the edge serving again',
    });
    expect((await curlEdge()).body).toBe('hello from v1.0.0\n');
    expect((await mcp(cli, 'edge', 'list', '--json')).stdout).toBe(listed.stdout);
  });

  it('mcp edge status shows the backend down while the worker container is stopped', async () => {
    await deployPublic();
    const up = await mcp(cli, 'edge', 'status');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(
      new RegExp(
        `https://${PUBLIC.replaceAll('.', '\\.')} +hello\\.svc\\.mcp\\.fleet\\.test:\\d+ \\([\\d.]+\\) +reachable`,
      ),
    );
    await fleet.nodes.get('orion')!.sandbox.podman(['stop', '-t', '0', 'mcp-hello-hello']);
    const down = await mcp(cli, 'edge', 'status', '--json');
    expect(down.code).toBe(1);
    const status = JSON.parse(down.stdout) as {
      edges: { routes: { backendReachable: boolean; backendProblem: string }[] }[];
    };
    expect(status.edges[0]!.routes[0]).toMatchObject({
      backendReachable: false,
      backendProblem: expect.stringMatching(/502/),
    });
  });

  it('starts and stays healthy without podman on its PATH', async () => {
    const config = edge().configPath;
    const { readFile } = await import('node:fs/promises');
    const original = await readFile(config, 'utf8');
    await writeFile(config, original.replace(/^podman = .*$/m, 'podman = "/nonexistent/podman"'));
    try {
      await edge().stop();
      await edge().start();
      await fleet.waitForNodes(['svc'], NodeStatus.NODE_STATUS_HEALTHY);
      const health = await (await fleet.agent$('svc')).healthCheck({});
      expect(health.problems).toEqual([]);
      const { result } = await deployPublic();
      expect(result.success).toBe(true);
      expect((await curlEdge()).body).toBe('hello from v1.0.0\n');
    } finally {
      await writeFile(config, original);
      await edge().stop();
      await edge().start();
      await fleet.waitForNodes(['svc']);
    }
  });
});
