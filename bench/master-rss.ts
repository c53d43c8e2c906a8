// Master memory with a full-size fleet: 1,000 simulated nodes register with a
// real master process (database on disk) and then each heartbeats every
// second over its own TLS 1.3 connection with its own agent token, for
// MCP_BENCH_SECONDS (default 30). Prints the master's peak RSS (VmHWM from
// /proc/<pid>/status) and its RSS over time, then, for scale, the same for a
// bare nice-grpc echo process under the same connections and load (see
// lib/echoServer.ts). Target: master VmHWM <= 150 MB.
//
// MCP_BENCH_MASTER_NODE_ARGS passes node flags to the master (e.g.
// "--max-semi-space-size=2 --max-old-space-size=64" to try heap limits).
//
// Env: MCP_BENCH_SECONDS (30), MCP_BENCH_NODES (1000).
import { setTimeout as sleep } from 'node:timers/promises';
import { createChannelCredentials, createTokenMiddleware, mintToken } from '@mcp/auth';
import { MasterServiceDefinition } from '@mcp/proto';
import type { ManagedProcess } from '@mcp/testkit';
import { ClientError, createChannel, createClientFactory, Status, type Channel } from 'nice-grpc';
import {
  cpuMeter,
  fmt,
  heartbeatRequest,
  BENCH_ZONE,
  makeFleetDir,
  memoryKb,
  registerRequest,
  startBenchMaster,
  verdict,
  type BenchFleetDir,
  type BenchMaster,
} from './lib/masterBench.js';
import { MASTER_IDENTITY } from '@mcp/names';
import { EchoDefinition, startEchoServer } from './lib/echoServer.js';
import { startSimAgentEndpoints, type SimAgentEndpoints } from './lib/simAgentEndpoints.js';

const positive = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0)
    throw new Error(`${name} must be a positive number, got ${process.env[name]}`);
  return v;
};
const SECONDS = positive('MCP_BENCH_SECONDS', 30);
const NODES = Math.round(positive('MCP_BENCH_NODES', 1000));
const PERIOD_MS = 1000;
const TARGET_MB = 150;

const mb = (kb: number) => `${fmt(kb / 1024, 1)} MB`;
const names = Array.from({ length: NODES }, (_, i) => `node-${String(i + 1).padStart(4, '0')}`);

/** Heartbeats from every simulated node every second (phases spread evenly) for SECONDS; samples `pid`'s RSS. */
async function heartbeatLoad(pid: number, calls: { name: string; heartbeat: () => Promise<unknown> }[]) {
  let ok = 0;
  const errors: Record<string, number> = {};
  const timers: NodeJS.Timeout[] = [];
  const beat = (a: (typeof calls)[number]) =>
    void a.heartbeat().then(
      () => void ok++,
      (error: unknown) => {
        const code = error instanceof ClientError ? Status[error.code] : String(error);
        errors[code] = (errors[code] ?? 0) + 1;
      },
    );
  calls.forEach((a, i) => {
    timers.push(
      setTimeout(
        () => {
          beat(a);
          timers.push(setInterval(() => beat(a), PERIOD_MS));
        },
        (i * PERIOD_MS) / calls.length,
      ),
    );
  });
  const cpu = cpuMeter(pid);
  const samples: number[] = [];
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await sleep(1000);
    samples.push(memoryKb(pid).rss);
  }
  for (const t of timers) clearInterval(t);
  const load = cpu.stop();
  await sleep(200);
  const errText = Object.entries(errors)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return { ok, errText, cpu: load.percent, samples, end: memoryKb(pid) };
}

// startProcess unreferences the processes it starts; this keeps the event loop alive while awaiting them.
const keepAlive = setInterval(() => undefined, 1000);
let fleet: BenchFleetDir | undefined;
let master: BenchMaster | undefined;
let endpoints: SimAgentEndpoints | undefined;
let echo: ManagedProcess | undefined;
const channels: Channel[] = [];
try {
  fleet = await makeFleetDir();
  master = await startBenchMaster(fleet, {
    allowedAgents: names.map((n) => `agent-${n}`),
    maxNodes: NODES + 100,
    // Simulated nodes have no agent listening: a long threshold keeps the master from probing them.
    heartbeat: { interval: '1s', threshold: '1h', probeTimeout: '5s', warmup: '1s' },
    rateLimits: { register: '10/1s', heartbeat: '1000/1s' },
  });
  const pid = master.process.pid;
  await sleep(500);
  const atStart = memoryKb(pid);

  const credentials = createChannelCredentials({ ca: fleet.caPem });
  const tokens = await Promise.all(
    names.map((name) =>
      mintToken(fleet!.signingKey, {
        sub: `agent-${name}`,
        kind: 'agent',
        audience: MASTER_IDENTITY,
        ttl: 3600,
      }),
    ),
  );
  const client = <D extends typeof MasterServiceDefinition | typeof EchoDefinition>(
    address: string,
    def: D,
    i: number,
  ) => {
    const channel = createChannel(address, credentials);
    channels.push(channel);
    return createClientFactory().use(createTokenMiddleware(tokens[i]!)).create(def, channel);
  };
  endpoints = await startSimAgentEndpoints(fleet.dir, BENCH_ZONE, names);
  const agents = names.map((name, i) => ({
    name,
    client: client(master!.address, MasterServiceDefinition, i),
  }));
  const t0 = performance.now();
  const queue = [...agents];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let a = queue.shift(); a; a = queue.shift())
        await a.client.register(registerRequest(a.name, endpoints!.addressOf(a.name)));
    }),
  );
  const registerSeconds = (performance.now() - t0) / 1000;
  const afterRegister = memoryKb(pid);
  const m = await heartbeatLoad(
    pid,
    agents.map((a) => ({ name: a.name, heartbeat: () => a.client.heartbeat(heartbeatRequest(a.name)) })),
  );
  for (const c of channels.splice(0)) c.close();
  await master.stop();
  master = undefined;

  // The yardstick: a bare nice-grpc echo process, same TLS, same connections, same messages and rate.
  const started = await startEchoServer(fleet.dir);
  echo = started.process;
  await sleep(500);
  const echoAtStart = memoryKb(echo.pid);
  const echoes = names.map((name, i) => {
    const c = client(started.address, EchoDefinition, i);
    const request = heartbeatRequest(name);
    return { name, heartbeat: () => c.heartbeat(request) };
  });
  const e = await heartbeatLoad(echo.pid, echoes);

  console.log(
    `master memory: ${fmt(NODES)} simulated nodes (own TLS 1.3 connection and agent token each), each heartbeating every` +
      ` ${PERIOD_MS / 1000} s for ${fmt(SECONDS)} s; real master process, database on disk (WAL)`,
  );
  console.log(`  after start (no nodes):   VmRSS ${mb(atStart.rss)}  VmHWM ${mb(atStart.hwm)}`);
  console.log(
    `  after ${fmt(NODES)} registrations (${fmt(registerSeconds, 1)} s): VmRSS ${mb(afterRegister.rss)}  VmHWM ${mb(afterRegister.hwm)}`,
  );
  console.log(
    `  heartbeats: ${fmt(m.ok)} ok (${fmt(m.ok / SECONDS)}/s)${m.errText ? `, errors: ${m.errText}` : ''}; master CPU ${fmt(m.cpu)}% of a core`,
  );
  console.log(`  VmRSS each second (MB): ${m.samples.map((kb) => (kb / 1024).toFixed(0)).join(' ')}`);
  console.log(`  at the end: VmRSS ${mb(m.end.rss)}  VmHWM ${mb(m.end.hwm)}`);
  console.log(
    `bare nice-grpc echo server, same TLS, connections, messages and rate (for scale): VmRSS at start ${mb(echoAtStart.rss)},` +
      ` VmHWM ${mb(e.end.hwm)} (${fmt(e.ok)} ok${e.errText ? `, errors: ${e.errText}` : ''}, CPU ${fmt(e.cpu)}%)`,
  );
  console.log(`  VmRSS each second (MB): ${e.samples.map((kb) => (kb / 1024).toFixed(0)).join(' ')}`);
  console.log(
    `master peak RSS (VmHWM): ${mb(m.end.hwm)}  (target <= ${TARGET_MB} MB)  ${verdict(m.end.hwm / 1024 <= TARGET_MB)}`,
  );
} finally {
  for (const c of channels) c.close();
  await echo?.stop();
  await master?.stop();
  await endpoints?.close();
  await fleet?.remove();
  clearInterval(keepAlive);
}
