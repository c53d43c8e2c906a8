// Failure detection with a 100 ms heartbeat interval, a 300 ms missed-
// heartbeat threshold and a 50 ms probe timeout (the master ticks every
// max(10, floor(50 / 10)) = 10 ms).
//
// Part 1, detection delay: a real fleet (startFleet: the master process and
// three real agent processes, each with its podman sandbox and Caddy). An
// agent is SIGKILLed MCP_BENCH_KILLS times (default 20, alternating between
// the two workers), and each time the delay from the kill to the master's
// "node health changed" log line with "health":"unhealthy" for that node is
// taken from the line's pino `time` (the same wall clock as the kill time).
// The agent is then restarted, and the next kill waits until the master has
// seen it healthy again. Target: every delay <= threshold + probe timeout +
// one tick = 360 ms.
//
// Part 2, false alarms: a fresh master with simulated agents that are alive
// but lose 30% of their heartbeats (independently, seeded PRNG): each one
// registers with the address of its own AgentService server (TLS 1.3 with an
// agent certificate from initFleet, the real auth middleware and token
// check), answering HealthCheck as healthy, so the master's probes after a
// run of lost heartbeats reach a live agent. Runs MCP_BENCH_INTERVALS
// heartbeat intervals (default 1,000, i.e. 100 s) and counts the master's
// "unhealthy" log lines. Target: 0.
//
// Env: MCP_BENCH_KILLS (20), MCP_BENCH_INTERVALS (1000), MCP_BENCH_SIM_AGENTS
// (10 simulated agents in part 2), MCP_BENCH_SEED (PRNG seed, default 1).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  authorizationTable,
  createAuthMiddleware,
  createServerCredentials,
  createTokenVerifier,
  type AuthContext,
} from '@mcp/auth';
import { startFleet, type TestFleet } from '@mcp/integration';
import {
  AgentServiceDefinition,
  HealthStatus,
  NodeStatus,
  type AgentServiceImplementation,
  type MasterServiceClient,
} from '@mcp/proto';
import { freePort } from '@mcp/testkit';
import { createServer, ServerError, Status, type Channel, type Server } from 'nice-grpc';
import {
  fmt,
  heartbeatRequest,
  makeFleetDir,
  masterClient,
  percentile,
  registerRequest,
  startBenchMaster,
  verdict,
  type BenchFleetDir,
  type BenchMaster,
} from './lib/masterBench.js';

const positiveInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return v;
};
const KILLS = positiveInt('MCP_BENCH_KILLS', 20);
const INTERVALS = positiveInt('MCP_BENCH_INTERVALS', 1000);
const SIM_AGENTS = positiveInt('MCP_BENCH_SIM_AGENTS', 10);
const SEED = positiveInt('MCP_BENCH_SEED', 1);

const INTERVAL_MS = 100;
const THRESHOLD_MS = 300;
const PROBE_TIMEOUT_MS = 50;
const TICK_MS = Math.max(10, Math.floor(PROBE_TIMEOUT_MS / 10));
const BOUND_MS = THRESHOLD_MS + PROBE_TIMEOUT_MS + TICK_MS;
const DROP = 0.3;
const HEARTBEAT = {
  interval: `${INTERVAL_MS}ms`,
  threshold: `${THRESHOLD_MS}ms`,
  probeTimeout: `${PROBE_TIMEOUT_MS}ms`,
  warmup: '1s',
};

/** A master log line about a node's health (pino JSON). */
interface HealthLine {
  time: number;
  node: string;
  health: string;
  was?: string;
}

/** Reads the master log from the start each time and returns its health lines. */
async function healthLines(logPath: string): Promise<HealthLine[]> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  const out: HealthLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"node health changed"')) continue;
    try {
      const entry = JSON.parse(line) as HealthLine;
      out.push(entry);
    } catch {
      // a line being written
    }
  }
  return out;
}

/** Polls the log every 5 ms until a health line matches (after `since`), or times out. */
async function waitForLine(
  logPath: string,
  match: (l: HealthLine) => boolean,
  timeoutMs: number,
): Promise<HealthLine | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await healthLines(logPath)).find(match);
    if (found) return found;
    await sleep(5);
  }
  return undefined;
}

/** mulberry32: a small seeded PRNG, so a run's drops repeat exactly. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

// --- part 1 ---------------------------------------------------------------------

async function detectionDelays(): Promise<{
  delays: number[];
  otherUnhealthy: number;
  setupSeconds: number;
}> {
  const t0 = performance.now();
  let fleet: TestFleet | undefined;
  try {
    fleet = await startFleet({
      heartbeat: HEARTBEAT,
      rateLimits: { register: '50/1s', heartbeat: '50/1s' },
    });
    const names = [...fleet.nodes.keys()];
    await fleet.waitForNodes(names, NodeStatus.NODE_STATUS_HEALTHY, 30_000);
    const setupSeconds = (performance.now() - t0) / 1000;
    const logPath = join(fleet.dir, 'master.log');
    const victims = [...fleet.nodes.values()].filter((n) => n.role === 'worker').map((n) => n.name);
    const delays: number[] = [];
    const startedAt = Date.now();
    const killedWindows: { node: string; from: number; to: number }[] = [];
    for (let i = 0; i < KILLS; i++) {
      const node = fleet.nodes.get(victims[i % victims.length]!)!;
      // Let it heartbeat a few times after its (re)start, as a settled node would.
      await sleep(3 * INTERVAL_MS + Math.floor(Math.random() * INTERVAL_MS));
      const killedAt = Date.now();
      await node.kill();
      const line = await waitForLine(
        logPath,
        (l) => l.node === node.name && l.health === 'unhealthy' && l.time >= killedAt,
        5000,
      );
      if (!line) throw new Error(`the master did not mark ${node.name} unhealthy within 5 s of the kill`);
      delays.push(line.time - killedAt);
      console.error(`  kill ${i + 1}/${KILLS} ${node.name}: unhealthy after ${line.time - killedAt} ms`);
      const restartAt = Date.now();
      await node.start();
      const back = await waitForLine(
        logPath,
        (l) => l.node === node.name && l.health === 'healthy' && l.time >= restartAt,
        15_000,
      );
      if (!back) throw new Error(`${node.name} did not come back healthy within 15 s of its restart`);
      killedWindows.push({ node: node.name, from: killedAt, to: back.time });
    }
    // Any node marked unhealthy while it was not the one killed is a false alarm.
    const otherUnhealthy = (await healthLines(logPath)).filter(
      (l) =>
        l.health === 'unhealthy' &&
        l.time >= startedAt &&
        !killedWindows.some((w) => w.node === l.node && l.time >= w.from && l.time <= w.to),
    ).length;
    return { delays, otherUnhealthy, setupSeconds };
  } finally {
    await fleet?.stop();
  }
}

// --- part 2 ---------------------------------------------------------------------

interface SimAgent {
  name: string;
  server: Server<AuthContext>;
  channel: Channel;
  client: MasterServiceClient;
  probes: number;
  sent: number;
  dropped: number;
  failed: number;
  lastSent: number;
  maxGap: number;
}

/** An AgentService that answers HealthCheck (with the real auth middleware) and nothing else. */
function simAgentService(agent: { probes: number }): AgentServiceImplementation<AuthContext> {
  const unimplemented = () => Promise.reject(new ServerError(Status.UNIMPLEMENTED, 'simulated agent'));
  return {
    deploy: unimplemented,
    undeploy: unimplemented,
    stop: unimplemented,
    start: unimplemented,
    restart: unimplemented,
    status: unimplemented,
    healthCheck: () => {
      agent.probes++;
      return Promise.resolve({
        status: HealthStatus.HEALTH_STATUS_HEALTHY,
        containers: 0,
        agentVersion: '0.1.0',
        problems: [],
      });
    },
    setupEdgeRoute: unimplemented,
    removeEdgeRoute: unimplemented,
    listEdgeRoutes: unimplemented,
  };
}

async function falseAlarms(): Promise<{
  unhealthy: HealthLine[];
  agents: SimAgent[];
  seconds: number;
  intervals: number;
  from: number;
}> {
  const names = Array.from({ length: SIM_AGENTS }, (_, i) => `lossy-${String(i + 1).padStart(2, '0')}`);
  let fleetDir: BenchFleetDir | undefined;
  let master: BenchMaster | undefined;
  const agents: SimAgent[] = [];
  try {
    fleetDir = await makeFleetDir(Object.fromEntries(names.map((n) => [n, ['127.0.0.1']])));
    master = await startBenchMaster(fleetDir, {
      allowedAgents: names.map((n) => `agent-${n}`),
      maxNodes: names.length + 1,
      heartbeat: HEARTBEAT,
      rateLimits: { register: '50/1s', heartbeat: '50/1s' },
    });
    const publicKey = await readFile(join(fleetDir.dir, 'signing.pub'), 'utf8');
    for (const name of names) {
      // Each simulated agent accepts only the master's tokens made for it.
      const verifier = createTokenVerifier({ publicKey }, { audience: `agent-${name}` });
      const server = createServer().use(createAuthMiddleware({ verifier, table: authorizationTable() }));
      const { client, channel } = await masterClient(master.address, fleetDir, `agent-${name}`);
      const agent: SimAgent = {
        name,
        server,
        channel,
        client,
        probes: 0,
        sent: 0,
        dropped: 0,
        failed: 0,
        lastSent: 0,
        maxGap: 0,
      };
      agents.push(agent);
      server.add(AgentServiceDefinition, simAgentService(agent));
      const [cert, key] = await Promise.all([
        readFile(join(fleetDir.dir, 'agents', `${name}.pem`), 'utf8'),
        readFile(join(fleetDir.dir, 'agents', `${name}.key`), 'utf8'),
      ]);
      const port = await server.listen(
        `127.0.0.1:${await freePort()}`,
        createServerCredentials({ cert, key }),
      );
      await client.register(registerRequest(name, `127.0.0.1:${port}`));
    }
    // Past the master's warm-up, and every agent beating.
    const random = prng(SEED);
    let intervals = 0;
    const beat = () => {
      intervals++;
      const now = Date.now();
      for (const a of agents) {
        if (random() < DROP) {
          a.dropped++;
          continue;
        }
        if (a.lastSent) a.maxGap = Math.max(a.maxGap, now - a.lastSent);
        a.lastSent = now;
        a.sent++;
        a.client.heartbeat(heartbeatRequest(a.name)).catch(() => a.failed++);
      }
    };
    // Beat without drops through the warm-up, then measure.
    const warm = setInterval(() => {
      for (const a of agents) void a.client.heartbeat(heartbeatRequest(a.name)).catch(() => undefined);
    }, INTERVAL_MS);
    await sleep(1500);
    clearInterval(warm);
    const from = Date.now();
    for (const a of agents) a.lastSent = from;
    // A self-correcting schedule: interval k fires at from + k * 100 ms.
    await new Promise<void>((resolve) => {
      const step = () => {
        beat();
        if (intervals >= INTERVALS) return resolve();
        setTimeout(step, Math.max(0, from + intervals * INTERVAL_MS - Date.now()));
      };
      step();
    });
    // One more threshold for the last silence to be judged.
    await sleep(THRESHOLD_MS + PROBE_TIMEOUT_MS + 5 * TICK_MS);
    const to = Date.now();
    const unhealthy = (await healthLines(master.logPath)).filter(
      (l) => l.health === 'unhealthy' && l.time >= from && l.time <= to,
    );
    return { unhealthy, agents, seconds: (to - from) / 1000, intervals, from };
  } finally {
    for (const a of agents) {
      a.channel.close();
      await a.server.shutdown();
    }
    await master?.stop();
    await fleetDir?.remove();
  }
}

// --- run ------------------------------------------------------------------------

// startProcess unreferences the daemons it starts, so awaiting one (its start,
// its exit after a kill) would not by itself keep this process's event loop
// alive: this timer does, until the end.
const keepAlive = setInterval(() => undefined, 1000);

const one = await detectionDelays();
const sorted = [...one.delays].sort((a, b) => a - b);
const worst = sorted[sorted.length - 1]!;
console.log(
  `failure detection: heartbeat interval ${INTERVAL_MS} ms, threshold ${THRESHOLD_MS} ms, probe timeout ${PROBE_TIMEOUT_MS} ms, master tick ${TICK_MS} ms`,
);
console.log(
  `part 1: real fleet (master + 3 agent processes, set up in ${fmt(one.setupSeconds, 1)} s); ${KILLS} SIGKILLs of a worker's agent;` +
    ' delay = master log "unhealthy" time - kill time',
);
console.log(`  delays (ms): ${one.delays.join(' ')}`);
console.log(
  `  min ${sorted[0]} ms  median ${percentile(sorted, 50)} ms  max ${worst} ms` +
    `  (bound: threshold + probe timeout + one tick = ${BOUND_MS} ms)`,
);
console.log(`  nodes marked unhealthy that were not killed: ${one.otherUnhealthy}`);
console.log(
  `every detection delay <= ${BOUND_MS} ms: ${one.delays.filter((d) => d <= BOUND_MS).length}/${one.delays.length}  ${verdict(worst <= BOUND_MS)}`,
);

const two = await falseAlarms();
const sent = two.agents.reduce((n, a) => n + a.sent, 0);
const dropped = two.agents.reduce((n, a) => n + a.dropped, 0);
const failed = two.agents.reduce((n, a) => n + a.failed, 0);
const probes = two.agents.reduce((n, a) => n + a.probes, 0);
const maxGap = Math.max(...two.agents.map((a) => a.maxGap));
console.log(
  `part 2: ${two.agents.length} live simulated agents (own AgentService HealthCheck server each, TLS 1.3 + token check) losing` +
    ` ${DROP * 100}% of heartbeats at random (seed ${SEED}), ${fmt(two.intervals)} intervals (${fmt(two.seconds, 1)} s)`,
);
console.log(
  `  heartbeats sent ${fmt(sent)}, dropped ${fmt(dropped)} (${((100 * dropped) / (sent + dropped)).toFixed(1)}%), failed ${failed};` +
    ` longest silence ${maxGap} ms; probes answered ${fmt(probes)}`,
);
if (two.unhealthy.length) {
  console.log(
    `  marked unhealthy: ${two.unhealthy.map((l) => `${l.node} at +${fmt((l.time - two.from) / 1000, 1)} s`).join(', ')}`,
  );
}
console.log(
  `false "unhealthy" marks: ${two.unhealthy.length}  (target 0)  ${verdict(two.unhealthy.length === 0)}`,
);
clearInterval(keepAlive);
