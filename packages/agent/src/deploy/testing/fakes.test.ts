// The fakes behave like podman, Caddy and a CA where a deploy depends on it.
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import * as acme from 'acme-client';
import type { ContainerSpec } from '../../runtime/ContainerRuntime.js';
import { InMemoryCa } from './InMemoryCa.js';
import { InMemoryProxy } from './InMemoryProxy.js';
import { InMemoryRuntime } from './InMemoryRuntime.js';
import { containerSpec } from './specs.js';

const IMAGE = 'localhost/mcp-test/httpd:v1.0.0';
const spec = (name: string, patch: Partial<ContainerSpec> = {}): ContainerSpec =>
  containerSpec(name, IMAGE, { labels: { 'mcp.service': 'hello' }, ...patch });
const port = (hostPort: number) => [{ hostIp: '127.0.0.1', hostPort, containerPort: 80 }];

describe('InMemoryRuntime', () => {
  it.each<[string, (r: InMemoryRuntime) => Promise<unknown>, string | undefined]>([
    ['removing a missing container is a no-op', (r) => r.remove('nothing'), undefined],
    ['stopping a missing container is a no-op', (r) => r.stop('nothing', 1), undefined],
    ['pulling an image the registry has works', (r) => r.pull(IMAGE), undefined],
    [
      'running under a name in use fails',
      (r) => r.run(spec('web')),
      'podman run failed: the container name "web"',
    ],
    [
      'creating under a name in use fails',
      (r) => r.create(spec('web')),
      'podman create failed: the container',
    ],
    ['starting a missing container fails', (r) => r.start('nothing'), 'no such container'],
    ['renaming a missing container fails', (r) => r.rename('nothing', 'x'), 'no such container'],
    ['renaming onto a name in use fails', (r) => r.rename('web', 'other'), 'name "other" is in use'],
    [
      'running on a published host port fails',
      (r) => r.run(spec('b', { ports: port(20000) })),
      'address already in use',
    ],
  ])('%s', async (_, act, error) => {
    const runtime = new InMemoryRuntime([IMAGE]);
    await runtime.run(spec('web', { ports: port(20000) }));
    await runtime.create(spec('other'));
    const done = act(runtime);
    if (error === undefined) await expect(done).resolves.toBeUndefined();
    else
      await expect(done).rejects.toMatchObject({
        code: 'COMMAND_FAILED',
        message: expect.stringContaining(error),
      });
  });

  it.each<[string, (r: InMemoryRuntime) => Promise<unknown>]>([
    ['pulling an unknown image fails', (r) => r.pull('localhost/x:9')],
    ['running an unknown image fails', (r) => r.run(spec('a', { image: 'localhost/x:9' }))],
  ])('%s as PodmanRuntime reports it: image, registry and reason, once', async (_, act) => {
    await expect(act(new InMemoryRuntime([IMAGE]))).rejects.toMatchObject({
      code: 'PULL_FAILED',
      message:
        'image localhost/x:9 could not be pulled from registry localhost: reading manifest: manifest unknown',
    });
  });

  it('leaves a container whose start failed created, as podman run does', async () => {
    const runtime = new InMemoryRuntime([IMAGE]);
    await runtime.run(spec('web', { ports: port(20000) }));
    await expect(runtime.run(spec('b', { ports: port(20000) }))).rejects.toThrow('address already in use');
    expect(runtime.describe()).toEqual([`b created ${IMAGE}`, `web running ${IMAGE}`]);
  });

  it('lists by label key or key=value, and inspects what is there', async () => {
    const runtime = new InMemoryRuntime([IMAGE]);
    await runtime.run(spec('web'));
    await runtime.run(spec('foreign', { labels: {} }));
    expect((await runtime.list('mcp.service')).map((c) => c.name)).toEqual(['web']);
    expect(await runtime.list('mcp.service=other')).toEqual([]);
    expect(await runtime.inspect('web')).toMatchObject({ name: 'web', state: 'running', image: IMAGE });
    expect(await runtime.inspect('nothing')).toBeUndefined();
  });

  it('fails an operation on demand: for one subject, after some calls, a number of times', async () => {
    const runtime = new InMemoryRuntime([IMAGE]);
    runtime.faults.fail('run', { when: 'b', skip: 1, times: 1 });
    await runtime.run(spec('a'));
    await runtime.run(spec('b'));
    await runtime.remove('b');
    await expect(runtime.run(spec('b'))).rejects.toThrow('podman run failed: b: injected failure');
    await expect(runtime.run(spec('b'))).resolves.toEqual(expect.any(String));
    expect(runtime.faults.subjects('run')).toEqual(['a', 'b', 'b', 'b']);
  });
});

describe('InMemoryProxy', () => {
  it('adds nothing before the server exists, upserts by id, removes absent ids quietly', async () => {
    const proxy = new InMemoryProxy();
    const route = { id: 'r', hostnames: ['web.svc.mcp.z'], upstream: '127.0.0.1:1' };
    await expect(proxy.upsertRoute(route)).rejects.toMatchObject({ code: 'REJECTED' });
    await proxy.ensureReady();
    await proxy.upsertRoute(route);
    await proxy.upsertRoute({ ...route, upstream: '127.0.0.1:2' });
    await proxy.removeRoute('absent');
    expect(proxy.describeRoutes()).toEqual(['r -> 127.0.0.1:2']);
    proxy.restartEmpty();
    expect(await proxy.listRouteIds()).toEqual(new Set());
    await expect(proxy.upsertCertificate({ id: 'c', certPem: '', keyPem: '' })).rejects.toThrow('no server');
  });
});

describe('InMemoryCa', () => {
  it('signs the CSR for exactly the names asked, valid from its clock, or refuses on demand', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const ca = new InMemoryCa({ now: () => now, lifetimeMs: 3_600_000 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const names = ['web.svc.mcp.z', 'a.web.svc.mcp.z'];
    const [, csr] = await acme.crypto.createCsr({ commonName: names[0], altNames: names }, keyPem);
    const cert = new X509Certificate(await ca.issue(csr.toString(), names));
    expect(cert.subjectAltName).toBe('DNS:web.svc.mcp.z, DNS:a.web.svc.mcp.z');
    expect(cert.checkPrivateKey(privateKey)).toBe(true);
    expect([new Date(cert.validFrom), new Date(cert.validTo)]).toEqual([
      now,
      new Date('2030-01-01T01:00:00Z'),
    ]);
    ca.faults.fail('issue');
    await expect(ca.issue(csr.toString(), names)).rejects.toThrow('ECONNREFUSED');
    expect(ca.issued).toEqual([names]);
  });
});
