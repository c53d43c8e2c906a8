import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_BACKEND_CIDRS, validateCidrs } from '@mcp/edge';
import { createDeployHarness, type DeployHarness } from '../deploy/testing/createDeployHarness.js';
import { EdgeRouter } from './EdgeRouter.js';

const APP = 'app.svc.mcp.fleet.test';
const WWW = 'www.example.test';
const CA_PEM = '-----BEGIN CERTIFICATE-----\nfleet\n-----END CERTIFICATE-----\n';

let h: DeployHarness;
let dns: Map<string, string[]>;
let router: EdgeRouter;

beforeEach(async () => {
  h = await createDeployHarness({ images: [] });
  dns = new Map([
    [APP, ['100.64.0.11']],
    ['moved.svc.mcp.fleet.test', ['100.64.0.12']],
    ['loop.svc.mcp.fleet.test', ['127.0.0.1']],
    ['mixed.svc.mcp.fleet.test', ['100.64.0.13', '10.1.2.3']],
  ]);
  router = new EdgeRouter(h.ctx, {
    allowedDomains: ['example.test'],
    allowedCidrs: validateCidrs(DEFAULT_BACKEND_CIDRS),
    caPem: CA_PEM,
    resolve: (name) => Promise.resolve(dns.get(name) ?? []),
  });
});
afterEach(async () => {
  await h.close();
});

const request = (over: Partial<Parameters<EdgeRouter['setup']>[0]> = {}) => ({
  hostname: WWW,
  backendHostname: APP,
  backendPort: 8443,
  backendTls: true,
  service: 'app',
  ...over,
});

/** What the edge holds: proxy routes and certificates, recorded routes and certificates, issuances. */
function edgeState() {
  return {
    routes: h.proxy.describeRoutes(),
    proxyCertificates: [...h.proxy.certificates.keys()].sort(),
    recorded: h.store.listEdgeRoutes().map((r) => `${r.hostname} ${r.backendAddress}:${r.backendPort}`),
    certificates: h.store.listCertificates().map((c) => c.hostname),
  };
}

describe('EdgeRouter.setup', () => {
  it('routes the public name to the backend over TLS, with a certificate for the public name only', async () => {
    const served = await router.setup(request({ hostname: 'WWW.Example.Test' }));
    expect(served).toMatchObject({ hostname: WWW, backendAddress: '100.64.0.11', service: 'app' });
    expect(served.certSerial).not.toBe('');
    expect(h.ca.issued).toEqual([[WWW]]);
    expect(edgeState()).toEqual({
      routes: [`mcp-edge.${WWW} -> 100.64.0.11:8443`],
      proxyCertificates: [`mcp-cert.${WWW}`],
      recorded: [`${WWW} 100.64.0.11:8443`],
      certificates: [WWW],
    });
    const route = h.proxy.routes.get(`mcp-edge.${WWW}`)!;
    expect(route.hostnames).toEqual([WWW]);
    // The backend's node proxy picks the route by SNI and Host: both are the internal name.
    expect(route.upstreamTls).toEqual({ serverName: APP, caPem: CA_PEM });
    expect(route.upstreamHost).toBe(APP);
  });

  it('is an update when repeated: a new backend replaces the upstream and the certificate is kept', async () => {
    const first = await router.setup(request());
    h.proxy.faults.calls.length = 0;
    const again = await router.setup(
      request({ backendHostname: 'moved.svc.mcp.fleet.test', backendPort: 9443 }),
    );
    expect(again.certSerial).toBe(first.certSerial);
    expect(h.ca.issued).toHaveLength(1);
    expect(edgeState().routes).toEqual([`mcp-edge.${WWW} -> 100.64.0.12:9443`]);
    expect(router.list().map((r) => r.backendHostname)).toEqual(['moved.svc.mcp.fleet.test']);
    // One proxy change, nothing else asked of the proxy.
    expect(h.proxy.faults.calls).toEqual([`replaceRoute mcp-edge.${WWW}`]);
  });

  it('puts the certificate back before the route when the proxy lost both', async () => {
    const first = await router.setup(request());
    h.proxy.restartEmpty();
    h.proxy.faults.calls.length = 0;
    const again = await router.setup(request({ backendHostname: 'moved.svc.mcp.fleet.test' }));
    expect(again.certSerial).toBe(first.certSerial);
    const order = h.proxy.faults.calls.filter((c) => c.startsWith('upsert'));
    expect(order).toEqual([`upsertCertificate mcp-cert.${WWW}`, `upsertRoute mcp-edge.${WWW}`]);
    expect(edgeState()).toMatchObject({
      routes: [`mcp-edge.${WWW} -> 100.64.0.12:8443`],
      proxyCertificates: [`mcp-cert.${WWW}`],
    });
  });

  it.each([
    ['a public name under no allowed domain', { hostname: 'www.evilexample.test' }, 'HOSTNAME_NOT_ALLOWED'],
    ['an internal name as the public one', { hostname: 'x.svc.mcp.fleet.test' }, 'HOSTNAME_IS_INTERNAL'],
    [
      'a backend outside the internal zone',
      { backendHostname: 'app.example.test' },
      'BACKEND_HOSTNAME_NOT_INTERNAL',
    ],
    ['plaintext to the backend', { backendTls: false }, 'BACKEND_TLS_REQUIRED'],
    ['a backend port out of range', { backendPort: 70000 }, 'INVALID_PORT'],
    ['a backend that does not resolve', { backendHostname: 'gone.svc.mcp.fleet.test' }, 'NO_BACKEND_ADDRESS'],
    ['a backend on loopback', { backendHostname: 'loop.svc.mcp.fleet.test' }, 'BACKEND_ADDRESS_NOT_ALLOWED'],
    [
      'a backend with one address outside',
      { backendHostname: 'mixed.svc.mcp.fleet.test' },
      'BACKEND_ADDRESS_NOT_ALLOWED',
    ],
  ])('refuses %s, changing nothing', async (_, over, code) => {
    await router.setup(request({ hostname: 'api.example.test' }));
    const before = edgeState();
    await expect(router.setup(request(over))).rejects.toMatchObject({ name: 'EdgeError', code });
    expect(edgeState()).toEqual(before);
    expect(h.ca.issued).toHaveLength(1);
  });

  it('adds no route when no certificate can be had, and the same request works once one can', async () => {
    h.ca.faults.fail('issue', { times: 1 });
    await expect(router.setup(request())).rejects.toThrow('injected failure');
    expect(edgeState()).toEqual({ routes: [], proxyCertificates: [], recorded: [], certificates: [] });
    await router.setup(request());
    expect(edgeState().routes).toEqual([`mcp-edge.${WWW} -> 100.64.0.11:8443`]);
  });

  it('leaves no certificate behind when the proxy refuses a new route', async () => {
    h.proxy.faults.fail('upsertRoute', { times: 1 });
    await expect(router.setup(request())).rejects.toThrow('injected failure');
    expect(edgeState()).toEqual({ routes: [], proxyCertificates: [], recorded: [], certificates: [] });
  });

  it('keeps the route it had when the proxy refuses an update', async () => {
    await router.setup(request());
    const before = edgeState();
    h.proxy.faults.fail('replaceRoute', { times: 1 });
    await expect(router.setup(request({ backendHostname: 'moved.svc.mcp.fleet.test' }))).rejects.toThrow(
      'injected failure',
    );
    expect(edgeState()).toEqual(before);
  });
});

describe('EdgeRouter.remove', () => {
  it('deletes the route, its certificate and its record; an unknown name is nothing to do', async () => {
    await router.setup(request());
    await router.setup(request({ hostname: 'api.example.test' }));
    await router.remove('WWW.example.test');
    expect(edgeState()).toEqual({
      routes: ['mcp-edge.api.example.test -> 100.64.0.11:8443'],
      proxyCertificates: ['mcp-cert.api.example.test'],
      recorded: ['api.example.test 100.64.0.11:8443'],
      certificates: ['api.example.test'],
    });
    await router.remove('never.example.test');
    expect(edgeState().routes).toHaveLength(1);
  });
});

describe('EdgeRouter.refresh', () => {
  it('restores what a restarted, empty proxy lost, with the same certificate', async () => {
    const served = await router.setup(request());
    h.proxy.restartEmpty();
    await h.proxy.ensureReady();
    expect(await router.refresh()).toEqual([
      `restored the certificate of ${WWW}`,
      `restored the route of ${WWW}`,
    ]);
    expect(edgeState().routes).toEqual([`mcp-edge.${WWW} -> 100.64.0.11:8443`]);
    expect(router.list()[0]!.certSerial).toBe(served.certSerial);
    expect(await router.refresh()).toEqual([]);
  });

  it('renews a certificate once a third of its lifetime is left, and loads the new one', async () => {
    const served = await router.setup(request());
    const loaded = h.proxy.certificates.get(`mcp-cert.${WWW}`)!.certPem;
    h.clock.advance(7 * 3_600_000); // 5 of 12 hours left
    expect(await router.refresh()).toEqual([]);
    h.clock.advance(2 * 3_600_000); // 3 of 12 hours left
    expect(await router.refresh()).toEqual([`renewed the certificate of ${WWW}`]);
    const renewed = router.list()[0]!;
    expect(renewed.certSerial).not.toBe(served.certSerial);
    expect(h.ca.issued).toEqual([[WWW], [WWW]]);
    expect(h.proxy.certificates.get(`mcp-cert.${WWW}`)!.certPem).not.toBe(loaded);
  });

  it('refreshes the other routes when one cannot be renewed', async () => {
    await router.setup(request());
    await router.setup(request({ hostname: 'api.example.test' }));
    h.proxy.restartEmpty();
    await h.proxy.ensureReady();
    h.proxy.faults.fail('upsertCertificate', { when: `mcp-cert.${WWW}` });
    expect(await router.refresh()).toEqual([
      'restored the certificate of api.example.test',
      'restored the route of api.example.test',
    ]);
    h.proxy.faults.heal();
    expect(await router.refresh()).toEqual([
      `restored the certificate of ${WWW}`,
      `restored the route of ${WWW}`,
    ]);
  });
});

describe('EdgeRouter.refresh, while routes change', () => {
  const API = 'api.example.test';

  /** Holds the proxy's first `upsertCertificate` from now on until `release()`; `held` resolves once it waits. */
  function holdFirstCertificate() {
    const upsert = h.proxy.upsertCertificate.bind(h.proxy);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const held = new Promise<void>((resolve) => (entered = resolve));
    let first = true;
    h.proxy.upsertCertificate = async (cert) => {
      if (first) {
        first = false;
        entered();
        await released;
      }
      return upsert(cert);
    };
    return { held, release };
  }

  beforeEach(async () => {
    await router.setup(request({ hostname: API }));
    await router.setup(request());
    h.proxy.restartEmpty();
    await h.proxy.ensureReady();
  });

  it('does not bring back a route removed while it restored another', async () => {
    const { held, release } = holdFirstCertificate();
    const refreshing = router.refresh();
    await held; // putting the first route's certificate back
    await router.remove(WWW);
    release();
    expect(await refreshing).toEqual([`restored the certificate of ${API}`, `restored the route of ${API}`]);
    expect(edgeState()).toEqual({
      routes: [`mcp-edge.${API} -> 100.64.0.11:8443`],
      proxyCertificates: [`mcp-cert.${API}`],
      recorded: [`${API} 100.64.0.11:8443`],
      certificates: [API],
    });
    expect(h.ca.issued).toEqual([[API], [WWW]]);
  });

  it('keeps the new backend of a route set up again while it restored another', async () => {
    const { held, release } = holdFirstCertificate();
    const refreshing = router.refresh();
    await held;
    h.clock.advance(1_000);
    await router.setup(request({ backendHostname: 'moved.svc.mcp.fleet.test', backendPort: 9443 }));
    release();
    expect(await refreshing).toEqual([`restored the certificate of ${API}`, `restored the route of ${API}`]);
    expect(edgeState().routes).toEqual([
      `mcp-edge.${API} -> 100.64.0.11:8443`,
      `mcp-edge.${WWW} -> 100.64.0.12:9443`,
    ]);
  });
});
