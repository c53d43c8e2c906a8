// The edge agent on its own, against the real things: its Caddy, Caddy's
// acme_server as the ACME CA (HTTP-01 on the agent's http01_listen), the
// fleet DNS in Knot, and a backend node proxy inside a network namespace at
// an address in 100.64.0.0/10 (the default allowed CIDRs).
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentServiceClient } from '@mcp/proto';
import { execa } from 'execa';
import { Status } from 'nice-grpc';
import { EDGE_BACKEND_PORT, startEdgeFixture, type EdgeFixture } from './index.js';

let edge: EdgeFixture;
let agent: AgentServiceClient;
const WWW = 'www.example.test';
const API = 'api.example.test';
const LATE = 'late.example.test';

beforeAll(async () => {
  edge = await startEdgeFixture({ publicNames: [WWW, API] });
  agent = await edge.client();
}, 120_000);
afterAll(async () => {
  await edge?.stop();
});

const setup = (hostname: string, backendHostname = edge.backendNames[0]!) =>
  agent.setupEdgeRoute({
    hostname,
    backendHostname,
    backendPort: EDGE_BACKEND_PORT,
    backendTls: true,
    service: 'app',
  });

/** The certificates the edge presents for `hostname`, leaf first. */
async function presentedChain(hostname: string): Promise<X509Certificate[]> {
  const { host, port } = edge.caddy;
  const r = await execa('sh', [
    '-c',
    `openssl s_client -connect ${host}:${port} -servername ${hostname} -tls1_3 -showcerts </dev/null 2>/dev/null`,
  ]);
  const pems = r.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return pems.map((p) => new X509Certificate(p));
}

describe('an edge agent with an ACME certificate provider', () => {
  it('serves a public name with an ACME certificate for that name only, with its chain', async () => {
    const { route } = await setup(WWW);
    expect(route).toMatchObject({ hostname: WWW, backendAddress: edge.backend.address });
    const res = await edge.fetch(WWW, '/hello');
    expect(res).toMatchObject({ status: 200, protocol: 'TLSv1.3' });
    // The backend saw the internal name as Host: it was reached as its node proxy would be.
    expect(res.body).toBe(`backend ${edge.backendNames[0]} /hello\n`);

    const chain = await presentedChain(WWW);
    expect(chain.length).toBeGreaterThanOrEqual(2);
    const [leaf, intermediate] = chain;
    expect(leaf!.subjectAltName).toBe(`DNS:${WWW}`);
    expect(leaf!.serialNumber.toLowerCase()).toBe(route!.certSerial.toLowerCase());
    expect(leaf!.checkIssued(intermediate!)).toBe(true);
    expect(intermediate!.checkIssued(new X509Certificate(edge.acme.caCertPem))).toBe(true);
    await agent.removeEdgeRoute({ hostname: WWW });
  });

  it('refuses a backend that resolves to loopback under the default CIDRs, and serves one in 100.64.0.0/10', async () => {
    await expect(setup(API, edge.loopbackName)).rejects.toMatchObject({
      code: Status.FAILED_PRECONDITION,
      details: expect.stringMatching(/127\.0\.0\.1.*100\.64\.0\.0\/10/),
    });
    expect((await agent.listEdgeRoutes({})).routes).toEqual([]);
    await expect(edge.fetch(API)).rejects.toThrow();
    // The same name with a backend inside the namespace is served.
    await setup(API);
    expect((await edge.fetch(API)).status).toBe(200);
    await agent.removeEdgeRoute({ hostname: API });
  });

  it('adds no route when no certificate can be had, and the same request works once one can', async () => {
    // The ACME CA cannot reach LATE for HTTP-01 yet: no certificate, so no route.
    const refused = await setup(LATE).catch((e: unknown) => e);
    expect(refused).toMatchObject({ details: expect.stringContaining(`HTTP-01 for ${LATE} failed`) });
    expect((await agent.listEdgeRoutes({})).routes.map((r) => r.hostname)).toEqual([]);
    const config = JSON.stringify(await edge.caddy.admin.config());
    expect(config).not.toContain(LATE);
    await expect(edge.fetch(LATE)).rejects.toThrow();

    edge.acme.setHost(LATE, edge.http01Address);
    await setup(LATE);
    expect((await edge.fetch(LATE)).status).toBe(200);
    await agent.removeEdgeRoute({ hostname: LATE });
    expect(JSON.stringify(await edge.caddy.admin.config())).not.toContain(LATE);
  });
});

/** Streams GET /stream through the edge; resolves with the body and when each chunk came. */
function stream(hostname: string, chunks: number, ms: number) {
  return new Promise<{ status: number; body: string; arrivals: number[] }>((resolve, reject) => {
    const arrivals: number[] = [];
    const req = request(
      {
        host: edge.caddy.host,
        port: edge.caddy.port,
        path: `/stream?chunks=${chunks}&ms=${ms}`,
        servername: hostname,
        headers: { Host: hostname },
        ca: edge.acme.caCertPem,
        minVersion: 'TLSv1.3',
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          parts.push(c);
          arrivals.push(Date.now());
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), arrivals }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('changing one route', () => {
  it('does not cut a response being streamed through another', async () => {
    await setup(WWW);
    const chunks = 40;
    const started = Date.now();
    const streaming = stream(WWW, chunks, 100);
    let done = false;
    void streaming.finally(() => (done = true));
    // Add and remove API, again and again, while WWW streams.
    const changes: number[] = [];
    while (!done) {
      await setup(API);
      changes.push(Date.now());
      if (done) break;
      await agent.removeEdgeRoute({ hostname: API });
      changes.push(Date.now());
    }
    const { status, body, arrivals } = await streaming;
    expect(status).toBe(200);
    const expected = Array.from(
      { length: chunks },
      (_, i) => `chunk ${String(i).padStart(4, '0')} ${'x'.repeat(64)}\n`,
    );
    expect(body).toBe(expected.join(''));
    // The changes happened while the response was on its way, not before or after it.
    const during = changes.filter((t) => t > arrivals[0]! && t < arrivals.at(-1)!);
    expect(during.length).toBeGreaterThanOrEqual(4);
    expect(arrivals.at(-1)! - started).toBeGreaterThanOrEqual((chunks - 1) * 100);
    await agent.removeEdgeRoute({ hostname: API });
    await agent.removeEdgeRoute({ hostname: WWW });
  }, 60_000);
});

describe('a node proxy that resets new connections while it reloads', () => {
  /** A request through the edge with any method, TLS 1.3, trusting only the ACME CA. */
  const send = (method: string, hostname: string, path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: edge.caddy.host,
          port: edge.caddy.port,
          method,
          path,
          servername: hostname,
          headers: { Host: hostname, 'Content-Length': '0' },
          ca: edge.acme.caCertPem,
          minVersion: 'TLSv1.3',
          agent: false,
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('costs a GET nothing (the edge retries it), and a POST is never sent twice', async () => {
    await setup(API);
    const backend = edge.backendNames[0]!;
    expect((await send('GET', API, '/reset-next?n=1')).body).toBe('resetting 1\n');
    expect(await send('GET', API, '/after-reset')).toEqual({
      status: 200,
      body: `backend ${backend} /after-reset\n`,
    });
    expect((await send('GET', API, '/resets')).body).toBe('0 left\n'); // the reset did happen, and was retried
    // A POST whose connection is reset may have reached the upstream: it is not retried.
    await send('GET', API, '/reset-next?n=1');
    expect((await send('POST', API, '/order')).status).toBe(502);
    expect((await send('GET', API, '/resets')).body).toBe('0 left\n');
    // With no reset the same POST goes through.
    expect(await send('POST', API, '/order')).toEqual({
      status: 200,
      body: `backend ${backend} POST /order\n`,
    });
    await agent.removeEdgeRoute({ hostname: API });
  });
});
