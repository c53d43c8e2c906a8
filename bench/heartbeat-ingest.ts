// Heartbeat ingest: many simulated agents, driven from worker processes,
// send Heartbeat over real TLS 1.3 gRPC, each with its own connection and its
// own real agent token, to a real master process (database on disk, WAL,
// the real auth middleware and rate limiter). In the same run the same load
// drives a bare nice-grpc unary echo server process: same TLS 1.3 server
// credentials (@mcp/auth createServerCredentials, the master's certificate),
// same request and response messages (HeartbeatRequest/HeartbeatResponse),
// the same client side (token middleware included), but no auth middleware
// and no handler work. Master and echo segments are interleaved, round by
// round, alternating which goes first, because the 2 cores are shared.
//
// Phases:
//   1. saturation (closed loop): every simulated agent keeps MCP_BENCH_INFLIGHT
//      calls in flight; MCP_BENCH_SECONDS (default 20) per target, split into
//      4 interleaved segments. Prints sustained calls/s, p50/p99, the
//      server's CPU (% of one core, /proc utime+stime) and the load
//      generators' CPU.
//   2. paced (open loop): 1,000 heartbeats/s spread over all agents for
//      MCP_BENCH_PACED_SECONDS (default 10); latency counted from each call's
//      scheduled send time (so a stall is not hidden), then the same for echo.
//
// Targets: >= 5,000 heartbeats/s; master >= 0.5 x echo; p99 < 50 ms at 1,000/s.
//
// Env: MCP_BENCH_SECONDS (20), MCP_BENCH_PACED_SECONDS (10), MCP_BENCH_WORKERS
// (3 load processes), MCP_BENCH_AGENTS (600 simulated agents in all),
// MCP_BENCH_INFLIGHT (1 call in flight per agent in phase 1),
// MCP_BENCH_CPU_PROF=1 (run the master under `node --cpu-prof` and print its
// top self-time functions at the end; profiling slows it a little),
// MCP_BENCH_MASTER_NODE_ARGS (extra node flags for the master, e.g. heap
// limits), MCP_BENCH_KEEP_DIR=1 (keep the fleet directory and master.log).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createChannelCredentials, createTokenMiddleware, mintToken } from '@mcp/auth';
import { MasterServiceDefinition } from '@mcp/proto';
import type { ManagedProcess } from '@mcp/testkit';
import { ClientError, createChannel, createClientFactory, Status, type Channel } from 'nice-grpc';
import { MASTER_IDENTITY } from '@mcp/names';
import { EchoDefinition, startEchoServer } from './lib/echoServer.js';
import { startSimAgentEndpoints, type SimAgentEndpoints } from './lib/simAgentEndpoints.js';
import {
  cpuMeter,
  fmt,
  heartbeatRequest,
  BENCH_ZONE,
  makeFleetDir,
  memoryKb,
  percentile,
  registerRequest,
  startBenchMaster,
  summarizeCpuProfiles,
  verdict,
  type BenchFleetDir,
  type BenchMaster,
} from './lib/masterBench.js';

type Target = 'master' | 'echo';

type ToWorker =
  | {
      type: 'init';
      masterAddress: string;
      echoAddress: string;
      caPem: string;
      signingKey: string;
      names: string[];
      inflight: number;
      /** Where each simulated agent registers: a listener that answers as that node. */
      addresses: Record<string, string>;
    }
  | {
      type: 'run';
      target: Target;
      mode: 'closed' | 'paced';
      startAt: number;
      durationMs: number;
      rate: number;
    }
  | { type: 'exit' };

type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; ok: number; errors: Record<string, number>; latencies: Float64Array }
  | { type: 'error'; message: string };

/** Epoch-based milliseconds with sub-ms resolution, comparable across processes. */
const nowMs = (): number => performance.timeOrigin + performance.now();

if (process.argv[2] === 'load-worker') loadWorker();
else await main();

// --- load worker process -------------------------------------------------------

function loadWorker(): void {
  const send = (m: FromWorker) => process.send!(m);
  // The parent gone (crash, Ctrl-C): go too.
  process.on('disconnect', () => process.exit(0));
  interface SimulatedAgent {
    name: string;
    register: () => Promise<unknown>;
    master: () => Promise<unknown>;
    echo: () => Promise<unknown>;
  }
  let agents: SimulatedAgent[] = [];
  let inflight = 1;
  const channels: Channel[] = [];

  process.on('message', (m: ToWorker) => {
    const handle = async () => {
      if (m.type === 'init') {
        inflight = m.inflight;
        const credentials = createChannelCredentials({ ca: m.caPem });
        agents = await Promise.all(
          m.names.map(async (name): Promise<SimulatedAgent> => {
            const token = await mintToken(m.signingKey, {
              sub: `agent-${name}`,
              kind: 'agent',
              audience: MASTER_IDENTITY,
              ttl: 3600,
            });
            const factory = createClientFactory().use(createTokenMiddleware(token));
            // One connection per agent and target, as real agents each have their own.
            const masterChannel = createChannel(m.masterAddress, credentials);
            const echoChannel = createChannel(m.echoAddress, credentials);
            channels.push(masterChannel, echoChannel);
            const master = factory.create(MasterServiceDefinition, masterChannel);
            const echo = factory.create(EchoDefinition, echoChannel);
            const request = heartbeatRequest(name);
            return {
              name,
              register: () => master.register(registerRequest(name, m.addresses[name]!)),
              master: () => master.heartbeat(request),
              echo: () => echo.heartbeat(request),
            };
          }),
        );
        // Register every agent, a few at a time (as a fleet coming up would).
        const queue = [...agents];
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            for (let a = queue.shift(); a; a = queue.shift()) await a.register();
          }),
        );
        send({ type: 'ready' });
      } else if (m.type === 'run') {
        send({ type: 'result', ...(await run(m)) });
      } else {
        for (const c of channels) c.close();
        process.exit(0);
      }
    };
    handle().catch((error: unknown) => {
      send({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    });
  });

  async function run(m: Extract<ToWorker, { type: 'run' }>) {
    const latencies: number[] = [];
    const errors: Record<string, number> = {};
    let ok = 0;
    const end = m.startAt + m.durationMs;
    const fail = (error: unknown) => {
      const code =
        error instanceof ClientError ? Status[error.code] : String((error as Error)?.message ?? error);
      errors[code] = (errors[code] ?? 0) + 1;
    };
    await sleep(Math.max(0, m.startAt - nowMs()));
    if (m.mode === 'closed') {
      // Closed loop: each agent keeps `inflight` calls going until the end;
      // calls that finish inside the window count.
      const loops = agents.flatMap((agent) =>
        Array.from({ length: inflight }, async () => {
          const call = agent[m.target];
          while (nowMs() < end) {
            const t0 = nowMs();
            try {
              await call();
              const t1 = nowMs();
              if (t1 <= end) {
                ok++;
                latencies.push(t1 - t0);
              }
            } catch (error) {
              fail(error);
            }
          }
        }),
      );
      await Promise.all(loops);
    } else {
      // Open loop: calls go out on a fixed schedule, round-robin over the
      // agents, whatever the replies do; latency counts from the scheduled time.
      const period = 1000 / m.rate;
      const pending: Promise<void>[] = [];
      let next = m.startAt;
      let i = 0;
      while (next < end) {
        const now = nowMs();
        while (next <= now && next < end) {
          const scheduled = next;
          const agent = agents[i++ % agents.length]!;
          next += period;
          pending.push(
            agent[m.target]().then(() => {
              ok++;
              latencies.push(nowMs() - scheduled);
            }, fail),
          );
        }
        await sleep(Math.max(1, Math.min(5, next - nowMs())));
      }
      await Promise.all(pending);
    }
    return { ok, errors, latencies: Float64Array.from(latencies) };
  }
}

// --- the benchmark ---------------------------------------------------------------

interface Segment {
  target: Target;
  calls: number;
  seconds: number;
  latencies: Float64Array;
  errors: Record<string, number>;
  serverCpu: number;
  clientCpu: number;
}

async function main(): Promise<void> {
  const env = (name: string, fallback: number) => {
    const v = Number(process.env[name] ?? fallback);
    if (!Number.isFinite(v) || v <= 0)
      throw new Error(`${name} must be a positive number, got ${process.env[name]}`);
    return v;
  };
  const SECONDS = env('MCP_BENCH_SECONDS', 20);
  const PACED_SECONDS = env('MCP_BENCH_PACED_SECONDS', 10);
  const WORKERS = Math.round(env('MCP_BENCH_WORKERS', 3));
  const AGENTS = Math.round(env('MCP_BENCH_AGENTS', 600));
  const INFLIGHT = Math.round(env('MCP_BENCH_INFLIGHT', 1));
  const PROFILE = process.env.MCP_BENCH_CPU_PROF === '1';
  const ROUNDS = 4;
  const WARMUP_SECONDS = 3;
  const PACED_RATE = 1000;
  const TARGET_RATE = 5000;
  const TARGET_RATIO = 0.5;
  const TARGET_P99_MS = 50;

  const names = Array.from({ length: AGENTS }, (_, i) => `sim-${String(i + 1).padStart(4, '0')}`);
  let fleet: BenchFleetDir | undefined;
  let master: BenchMaster | undefined;
  let endpoints: SimAgentEndpoints | undefined;
  let echo: ManagedProcess | undefined;
  const workers: ChildProcess[] = [];
  let profileDir: string | undefined;

  const cleanup = async () => {
    for (const w of workers) if (w.connected) w.send({ type: 'exit' } satisfies ToWorker);
    await Promise.all(
      workers
        .filter((w) => w.exitCode === null && w.signalCode === null)
        .map((w) =>
          Promise.race([
            new Promise((r) => w.once('exit', r)),
            new Promise((r) => setTimeout(() => r(w.kill('SIGKILL')), 5000).unref()),
          ]),
        ),
    );
    await echo?.stop();
    await master?.stop();
    await endpoints?.close();
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    fleet = await makeFleetDir();
    if (PROFILE) {
      profileDir = join(fleet.dir, 'profile');
      await mkdir(profileDir);
    }
    master = await startBenchMaster(fleet, {
      allowedAgents: names.map((n) => `agent-${n}`),
      maxNodes: Math.min(10_000, AGENTS + 10),
      // Simulated nodes have no agent listening: a long threshold keeps the master from probing them.
      heartbeat: { interval: '20m', threshold: '1h', probeTimeout: '5s', warmup: '1s' },
      rateLimits: { register: '10/1s', heartbeat: '1000/1s' },
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });

    const started = await startEchoServer(fleet.dir);
    echo = started.process;
    const echoAddress = started.address;
    const echoProc = echo;

    // Each simulated agent registers at a listener that answers as its node (the master
    // checks that before it accepts a registration); it never probes them (threshold 1 h).
    endpoints = await startSimAgentEndpoints(fleet.dir, BENCH_ZONE, names);
    const addresses = Object.fromEntries(names.map((n) => [n, endpoints!.addressOf(n)]));
    // One question at a time per worker: the reply settles it.
    const waiting = new Map<ChildProcess, { resolve(m: FromWorker): void; reject(e: Error): void }>();
    for (let w = 0; w < WORKERS; w++) {
      const child = fork(process.argv[1]!, ['load-worker'], { serialization: 'advanced' });
      workers.push(child);
      child.on('message', (m: FromWorker) => {
        const w = waiting.get(child);
        waiting.delete(child);
        if (m.type === 'error') w?.reject(new Error(`load worker: ${m.message}`));
        else w?.resolve(m);
      });
      child.on('exit', (code, signal) =>
        waiting.get(child)?.reject(new Error(`load worker exited (${code ?? signal})`)),
      );
    }
    const ask = (child: ChildProcess, message: ToWorker) =>
      new Promise<FromWorker>((resolve, reject) => {
        waiting.set(child, { resolve, reject });
        child.send(message);
      });

    const registering = performance.now();
    await Promise.all(
      workers.map((child, w) =>
        ask(child, {
          type: 'init',
          masterAddress: master!.address,
          echoAddress,
          caPem: fleet!.caPem,
          signingKey: fleet!.signingKey,
          names: names.filter((_, i) => i % WORKERS === w),
          inflight: INFLIGHT,
          addresses: Object.fromEntries(
            names.filter((_, i) => i % WORKERS === w).map((n) => [n, addresses[n]!]),
          ),
        }),
      ),
    );
    console.error(
      `registered ${AGENTS} simulated agents in ${fmt((performance.now() - registering) / 1000, 1)} s`,
    );

    const masterPid = master.process.pid;
    const serverPid = (t: Target) => (t === 'master' ? masterPid : echoProc.pid);

    const segment = async (target: Target, mode: 'closed' | 'paced', seconds: number): Promise<Segment> => {
      const startAt = nowMs() + 150;
      const results = Promise.all(
        workers.map((child) =>
          ask(child, {
            type: 'run',
            target,
            mode,
            startAt,
            durationMs: seconds * 1000,
            rate: PACED_RATE / WORKERS,
          }),
        ),
      );
      await sleep(Math.max(0, startAt - nowMs()));
      const serverMeter = cpuMeter(serverPid(target));
      const clientMeters = workers.map((w) => cpuMeter(w.pid!));
      await sleep(seconds * 1000);
      const serverCpu = serverMeter.stop().percent;
      const clientCpu = clientMeters.reduce((sum, m) => sum + m.stop().percent, 0);
      const replies = (await results) as Extract<FromWorker, { type: 'result' }>[];
      const errors: Record<string, number> = {};
      for (const r of replies)
        for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
      const all = new Float64Array(replies.reduce((n, r) => n + r.latencies.length, 0));
      let at = 0;
      for (const r of replies) {
        all.set(r.latencies, at);
        at += r.latencies.length;
      }
      all.sort();
      return {
        target,
        calls: replies.reduce((n, r) => n + r.ok, 0),
        seconds,
        latencies: all,
        errors,
        serverCpu,
        clientCpu,
      };
    };

    // Warm-up: connections, TLS sessions, JIT on both sides. Not counted.
    await segment('master', 'closed', WARMUP_SECONDS);
    await segment('echo', 'closed', WARMUP_SECONDS);

    const saturated: Segment[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order: Target[] = r % 2 === 0 ? ['master', 'echo'] : ['echo', 'master'];
      for (const target of order) {
        const s = await segment(target, 'closed', SECONDS / ROUNDS);
        saturated.push(s);
        console.error(`  round ${r + 1} ${target}: ${fmt(s.calls / s.seconds)} calls/s`);
      }
    }
    const pacedMaster = await segment('master', 'paced', PACED_SECONDS);
    const pacedEcho = await segment('echo', 'paced', PACED_SECONDS);

    const masterMem = memoryKb(masterPid);
    const echoMem = memoryKb(echoProc.pid);

    // --- report ---
    const combine = (target: Target) => {
      const segs = saturated.filter((s) => s.target === target);
      const seconds = segs.reduce((n, s) => n + s.seconds, 0);
      const calls = segs.reduce((n, s) => n + s.calls, 0);
      const lat = new Float64Array(segs.reduce((n, s) => n + s.latencies.length, 0));
      let at = 0;
      for (const s of segs) {
        lat.set(s.latencies, at);
        at += s.latencies.length;
      }
      lat.sort();
      const errors: Record<string, number> = {};
      for (const s of segs) for (const [k, v] of Object.entries(s.errors)) errors[k] = (errors[k] ?? 0) + v;
      const cpu = segs.reduce((n, s) => n + s.serverCpu * s.seconds, 0) / seconds;
      const client = segs.reduce((n, s) => n + s.clientCpu * s.seconds, 0) / seconds;
      return {
        rate: calls / seconds,
        calls,
        seconds,
        lat,
        errors,
        cpu,
        client,
        perSegment: segs.map((s) => s.calls / s.seconds),
      };
    };
    const m = combine('master');
    const e = combine('echo');
    const ratio = m.rate / e.rate;
    const errText = (errors: Record<string, number>) =>
      Object.keys(errors).length
        ? `  errors: ${Object.entries(errors)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`
        : '';
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const pacedP99 = percentile(pacedMaster.latencies, 99);

    console.log(
      `heartbeat ingest: ${AGENTS} simulated agents (own TLS 1.3 connection and agent token each) in ${WORKERS} load processes,` +
        ` ${INFLIGHT} call(s) in flight per agent; real master process, database on disk (WAL)`,
    );
    console.log(
      `saturation, closed loop: ${fmt(SECONDS)} s per target in ${ROUNDS} interleaved segments (after ${WARMUP_SECONDS} s warm-up each)`,
    );
    const row = (label: string, x: ReturnType<typeof combine>) =>
      console.log(
        `  ${label} ${fmt(x.rate).padStart(7)} calls/s  p50 ${ms(percentile(x.lat, 50)).padStart(9)}  p99 ${ms(percentile(x.lat, 99)).padStart(9)}` +
          `  server CPU ${fmt(x.cpu).padStart(3)}% of a core (${fmt((x.cpu * 1e4) / x.rate)} µs per call)` +
          `  load generators ${fmt(x.client)}%${errText(x.errors)}`,
      );
    row('master Heartbeat:', m);
    row('bare echo:       ', e);
    console.log(
      `    per segment, master: ${m.perSegment.map((r) => fmt(r)).join(' ')}; echo: ${e.perSegment.map((r) => fmt(r)).join(' ')}`,
    );
    console.log(
      `paced, open loop: ${fmt(PACED_RATE)}/s for ${fmt(PACED_SECONDS)} s; latency from the scheduled send time`,
    );
    const pacedRow = (label: string, s: Segment) =>
      console.log(
        `  ${label} ${fmt(s.calls / s.seconds).padStart(7)} calls/s  p50 ${ms(percentile(s.latencies, 50)).padStart(9)}` +
          `  p99 ${ms(percentile(s.latencies, 99)).padStart(9)}  max ${ms(s.latencies[s.latencies.length - 1] ?? NaN).padStart(9)}` +
          `  server CPU ${fmt(s.serverCpu)}% (${fmt((s.serverCpu * 1e4) / (s.calls / s.seconds))} µs per call)${errText(s.errors)}`,
      );
    pacedRow('master Heartbeat:', pacedMaster);
    pacedRow('bare echo:       ', pacedEcho);
    console.log(
      `master memory: peak RSS (VmHWM) ${fmt(masterMem.hwm / 1024, 1)} MB, RSS now ${fmt(masterMem.rss / 1024, 1)} MB` +
        `  (echo server: VmHWM ${fmt(echoMem.hwm / 1024, 1)} MB)`,
    );
    console.log(
      `sustained heartbeats/s: ${fmt(m.rate)}  (target >= ${fmt(TARGET_RATE)})  ${verdict(m.rate >= TARGET_RATE)}`,
    );
    console.log(
      `ratio master / echo throughput: ${ratio.toFixed(2)}  (target >= ${TARGET_RATIO})  ${verdict(ratio >= TARGET_RATIO)}`,
    );
    console.log(
      `p99 at ${fmt(PACED_RATE)} heartbeats/s: ${ms(pacedP99)}  (target < ${TARGET_P99_MS} ms)  ${verdict(pacedP99 < TARGET_P99_MS)}`,
    );
    if (PROFILE) console.log('(master ran under --cpu-prof: its figures are a little low)');
  } finally {
    await cleanup();
    if (profileDir) {
      console.log('master CPU profile (whole run: registration, warm-up, all phases):');
      await summarizeCpuProfiles(profileDir);
    }
    await fleet?.remove();
  }
}
