// Times a public route change on a real edge agent, from the SetupEdgeRoute
// call to the first 200 through the edge that shows the change, against a
// raw Caddy admin API PATCH of the same route followed by the same request,
// round by round in the same run. Target: update / raw <= 1.5.
//
//   update  SetupEdgeRoute for a route that exists, with a new backend (a
//           redeploy moved it): the certificate is kept.
//   new     SetupEdgeRoute for a hostname the edge does not serve: an ACME
//           certificate is issued (Caddy's acme_server, HTTP-01), then the
//           route is added. Removed again, untimed, after each round.
//   raw     PATCH /id/<route> with the JSON the agent made for the same
//           change (read back from Caddy), over the admin socket.
// "Shows the change": the backend echoes the Host it was sent, which is the
// internal name the route forwards to, so a 200 from the old upstream does
// not count. Requests go over a new TLS 1.3 connection each, as a new
// visitor's would.
//
// Then, for the edge README, what route churn does to other traffic: one
// route is added and removed again and again while (a) a response streams
// through another route, (b) a keep-alive client and (c) a
// connection-per-request client send short GETs to it. Prints failures per
// change.
//
// Env: MCP_BENCH_ROUNDS (default 15) measured rounds after one warm-up;
// MCP_BENCH_CHURN_SECONDS (default 10).
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { EDGE_BACKEND_PORT, startEdgeFixture, type EdgeFixture } from '@mcp/integration';
import type { AgentServiceClient } from '@mcp/proto';
import { median, percentile } from './lib/stats.js';

const ROUNDS = Number(process.env.MCP_BENCH_ROUNDS ?? 15);
const CHURN_SECONDS = Number(process.env.MCP_BENCH_CHURN_SECONDS ?? 10);
const TARGET = 1.5;
const WWW = 'www.example.test';
const SHOP = 'shop.example.test';
const NEW_NAMES = Array.from({ length: ROUNDS + 1 }, (_, i) => `new${i}.example.test`);

for (const [name, value] of [
  ['MCP_BENCH_ROUNDS', ROUNDS],
  ['MCP_BENCH_CHURN_SECONDS', CHURN_SECONDS],
] as const) {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
}

const ms = (t: number): string => `${t.toFixed(1)} ms`;

let fx: EdgeFixture | undefined;
let stopping: Promise<void> | undefined;
const cleanup = (): Promise<void> => (stopping ??= fx ? fx.stop() : Promise.resolve());
let interrupted: NodeJS.Signals | undefined;
class Interrupted extends Error {}
const checkpoint = (): void => {
  if (interrupted) throw new Interrupted(interrupted);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      console.error(`\n${signal} again: cleaning up now`);
      void cleanup().finally(() => process.exit(130));
      return;
    }
    interrupted = signal;
    console.error(`\n${signal}: cleaning up after the current step (again to clean up now)`);
  });
}

/** One GET through the edge; resolves with the status and body, or the error's code. */
function get(
  hostname: string,
  path = '/',
  agent: Agent | false = false,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: fx!.caddy.host,
        port: fx!.caddy.port,
        path,
        servername: hostname,
        headers: { Host: hostname },
        ca: fx!.acme.caCertPem,
        minVersion: 'TLSv1.3',
        agent,
        timeout: 5000,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

/** Polls GET until a 200 whose body names `backend`; returns when it came. */
async function firstServed(hostname: string, backend: string): Promise<number> {
  const want = `backend ${backend} /\n`;
  for (let i = 0; i < 2000; i++) {
    const r = await get(hostname);
    if ('status' in r && r.status === 200 && r.body === want) return performance.now();
  }
  throw new Error(`${hostname} never served ${backend}`);
}

async function setup(agent: AgentServiceClient, hostname: string, backend: string): Promise<void> {
  await agent.setupEdgeRoute({
    hostname,
    backendHostname: backend,
    backendPort: EDGE_BACKEND_PORT,
    backendTls: true,
    service: 'app',
  });
}

/** The route JSON Caddy holds for `hostname`, as the agent made it. */
async function routeJson(hostname: string): Promise<unknown> {
  const r = await fx!.caddy.admin.request('GET', `/id/mcp-edge.${hostname}`);
  if (r.status !== 200) throw new Error(`GET /id/mcp-edge.${hostname}: ${r.status} ${r.text}`);
  return r.body;
}

async function timedUpdate(agent: AgentServiceClient, hostname: string, backend: string): Promise<number> {
  const start = performance.now();
  await setup(agent, hostname, backend);
  return (await firstServed(hostname, backend)) - start;
}

async function timedRaw(hostname: string, json: unknown, backend: string): Promise<number> {
  const start = performance.now();
  const r = await fx!.caddy.admin.request('PATCH', `/id/mcp-edge.${hostname}`, json);
  if (r.status !== 200) throw new Error(`PATCH /id/mcp-edge.${hostname}: ${r.status} ${r.text}`);
  return (await firstServed(hostname, backend)) - start;
}

/** Streams GET /stream through `hostname`; resolves with the bytes and whether all came. */
function stream(hostname: string, chunks: number, everyMs: number): Promise<{ ok: boolean; bytes: number }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: fx!.caddy.host,
        port: fx!.caddy.port,
        path: `/stream?chunks=${chunks}&ms=${everyMs}`,
        servername: hostname,
        headers: { Host: hostname },
        ca: fx!.acme.caCertPem,
        minVersion: 'TLSv1.3',
        agent: false,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ ok: bytes === chunks * 76, bytes }));
        res.on('error', () => resolve({ ok: false, bytes }));
      },
    );
    req.on('error', () => resolve({ ok: false, bytes: 0 }));
    req.end();
  });
}

/** Short GETs in a loop until `until()`; counts successes and failures by kind. */
async function load(hostname: string, agent: Agent | false, until: () => boolean) {
  let ok = 0;
  const failures = new Map<string, number>();
  while (!until()) {
    const r = await get(hostname, '/', agent);
    if ('status' in r && r.status === 200) ok++;
    else {
      const why = 'status' in r ? `HTTP ${r.status}` : r.error;
      failures.set(why, (failures.get(why) ?? 0) + 1);
    }
  }
  return { ok, failures };
}

try {
  // The monitor would otherwise run Caddy GETs in the middle of measured calls.
  fx = await startEdgeFixture({ publicNames: [WWW, SHOP, ...NEW_NAMES], monitorIntervalMs: 3_600_000 });
  checkpoint();
  const agent = await fx.client();
  const [app, other] = fx.backendNames as [string, string];

  // WWW for the agent's updates, SHOP for the raw PATCHes: the same kind of route, each with its certificate.
  await setup(agent, WWW, app);
  await setup(agent, SHOP, other);
  await setup(agent, SHOP, app);
  const rawToApp = await routeJson(SHOP);
  await setup(agent, SHOP, other);
  const rawToOther = await routeJson(SHOP);
  await firstServed(WWW, app);
  await firstServed(SHOP, other);

  // Warm-up: one of each.
  await timedUpdate(agent, WWW, other);
  await timedRaw(SHOP, rawToApp, app);
  await timedUpdate(agent, NEW_NAMES[ROUNDS]!, app);
  await agent.removeEdgeRoute({ hostname: NEW_NAMES[ROUNDS]! });

  const updateMs: number[] = [];
  const rawMs: number[] = [];
  const newMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    checkpoint();
    // Each round moves both routes to the other backend; alternate which side goes first.
    const target = i % 2 === 0 ? app : other;
    const raw = target === app ? rawToOther : rawToApp;
    const rawTarget = target === app ? other : app;
    if (i % 2 === 0) {
      updateMs.push(await timedUpdate(agent, WWW, target));
      rawMs.push(await timedRaw(SHOP, raw, rawTarget));
    } else {
      rawMs.push(await timedRaw(SHOP, raw, rawTarget));
      updateMs.push(await timedUpdate(agent, WWW, target));
    }
    newMs.push(await timedUpdate(agent, NEW_NAMES[i]!, app));
    await agent.removeEdgeRoute({ hostname: NEW_NAMES[i]! });
  }

  const [um, rm, nm] = [median(updateMs), median(rawMs), median(newMs)];
  console.log(
    'edge route: call to the first 200 through the edge that shows the change (new TLS 1.3 connection)',
  );
  console.log(`${ROUNDS} rounds, interleaved (after 1 warm-up each); median / p90 (nearest rank)`);
  console.log(
    `  update (SetupEdgeRoute, new backend, certificate kept): median ${ms(um).padStart(9)}  p90 ${ms(percentile(updateMs, 90)).padStart(9)}`,
  );
  console.log(
    '      gRPC over TLS 1.3 + token check, @mcp/edge checks, backend name through Knot (A + AAAA),',
  );
  console.log('      certificate from the store (kept), Caddy: one PATCH /id/<route>; record');
  console.log(
    `  raw PATCH /id/<route> (same JSON):                        median ${ms(rm).padStart(9)}  p90 ${ms(percentile(rawMs, 90)).padStart(9)}`,
  );
  console.log(
    `  new route (ACME certificate issued, HTTP-01):             median ${ms(nm).padStart(9)}  p90 ${ms(percentile(newMs, 90)).padStart(9)}`,
  );
  console.log(`  all update: ${updateMs.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`  all raw:    ${rawMs.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`  all new:    ${newMs.map((t) => t.toFixed(0)).join(' ')}`);
  const ratio = um / rm;
  console.log(
    `ratio update / raw (medians): ${ratio.toFixed(2)}  (target <= ${TARGET})  ${ratio <= TARGET ? 'PASS' : 'FAIL'}`,
  );
  console.log(`ratio new / raw (medians): ${(nm / rm).toFixed(1)}  (no target: an ACME issuance)`);

  // Churn: NEW_NAMES[0] added and removed over and over while WWW carries traffic.
  checkpoint();
  const churnName = NEW_NAMES[0]!;
  await setup(agent, WWW, app);
  let stop = false;
  const changesAt: number[] = [];
  const churn = (async () => {
    while (!stop) {
      await setup(agent, churnName, app);
      await agent.removeEdgeRoute({ hostname: churnName });
      changesAt.push(performance.now(), performance.now());
    }
  })();
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  const streams = Promise.all(
    Array.from({ length: 3 }, () => stream(WWW, Math.max(1, CHURN_SECONDS * 10 - 10), 100)),
  );
  const [kept, fresh, streamed] = await Promise.all([
    load(WWW, keepAlive, () => stop),
    load(WWW, false, () => stop),
    streams.then((s) => {
      stop = true;
      return s;
    }),
  ]);
  await churn;
  keepAlive.destroy();
  const changes = changesAt.length;
  const describe = (r: { ok: number; failures: Map<string, number> }) => {
    const failed = [...r.failures.values()].reduce((a, b) => a + b, 0);
    const kinds = [...r.failures].map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
    return `${failed}/${failed + r.ok} failed (${(failed / changes).toFixed(3)} per change; ${kinds})`;
  };
  console.log(`churn: ${changes} route changes on the edge in ${CHURN_SECONDS} s, while on another route`);
  console.log(
    `  streamed responses (${streamed.length}, 100 ms per chunk): ${streamed.filter((s) => s.ok).length} complete`,
  );
  console.log(`  keep-alive client, short GETs: ${describe(kept)}`);
  console.log(`  new connection per GET:        ${describe(fresh)}`);
} catch (error) {
  if (!(error instanceof Interrupted)) throw error;
} finally {
  await cleanup();
  if (interrupted) process.exitCode = 130;
}
