// Times a direct deploy of the busybox httpd service through a real agent
// (TLS 1.3 gRPC, sandboxed podman, Caddy, an ACME CA), with its certificate
// already issued, against a raw `podman run -d` of the same image in the same
// podman sandbox, round by round, and prints both and the ratio of medians.
// Target: agent / raw <= 1.5.
//
// How the service is made absent between measured deploys, keeping its
// certificate: the Stop RPC (removes the proxy route, stops the container;
// the certificate stays on disk, in the agent's store and loaded in Caddy,
// the host port stays held), then `podman rm -f mcp-hello-web` behind the
// agent's back. The next Deploy therefore finds no container and no route
// and does what a first deploy with a cached certificate does: create and
// start the container and add the proxy route. Neither undeploy (it deletes
// the certificate) nor a fresh service name each round (the certificate
// belongs to the component's internal hostname, web.svc.mcp.<zone>, which
// only one service may serve, so a new name would need an undeploy or a new
// certificate) would keep the certificate.
//
// Env: MCP_BENCH_ROUNDS (default 10) measured rounds, after one unmeasured
// warm-up round of each side; MCP_BENCH_PROFILE=1 also times every podman
// invocation and Caddy admin request the agent makes (by wrapping the
// agent's runtime and proxy objects in this process) and prints where a
// deploy's time goes.
import { performance } from 'node:perf_hooks';
import { internalName, startAgentFixture, type AgentFixture } from '@mcp/integration';
import type { AgentServiceClient, ServiceSpec as ProtoServiceSpec } from '@mcp/proto';
import { parseServiceSpec, specToProto } from '@mcp/spec';
import { freePort, waitFor } from '@mcp/testkit';
import { median, percentile } from './lib/stats.js';

const ROUNDS = Number(process.env.MCP_BENCH_ROUNDS ?? 10);
const PROFILE = process.env.MCP_BENCH_PROFILE === '1';
const TARGET = 1.5;
const SERVICE = 'hello';
const CONTAINER = `mcp-${SERVICE}-web`;

if (!Number.isInteger(ROUNDS) || ROUNDS < 1)
  throw new Error(`MCP_BENCH_ROUNDS must be a positive integer, got ${process.env.MCP_BENCH_ROUNDS}`);

/** One timed call the agent made during a deploy (profile mode). */
interface Span {
  what: string;
  start: number;
  end: number;
}

let spans: Span[] | undefined;

/** Wraps `obj[method]` so each call while `spans` is set is recorded as a span named by `name(args)`. */
function instrument(obj: object, method: string, name: (args: unknown[]) => string): void {
  const target = obj as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method];
  if (typeof original !== 'function') throw new Error(`cannot profile: no method ${method}`);
  target[method] = async function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      spans?.push({ what: name(args), start, end: performance.now() });
    }
  };
}

/**
 * Profile mode: time the agent's primitives, not its high-level methods, so
 * spans never nest: every podman CLI invocation (PodmanRuntime's private
 * `podman(args)`), every Caddy admin request (CaddyDriver's private
 * `call(method, path)`) and certificate loading (CertificateManager.ensure).
 */
function profileAgent(fx: AgentFixture): void {
  const { runtime, proxy, certs } = fx.agent.ctx;
  instrument(
    runtime,
    'podman',
    ([args]) =>
      `podman ${(args as string[]).slice(0, (args as string[])[0] === 'container' ? 2 : 1).join(' ')}`,
  );
  instrument(
    proxy,
    'call',
    ([method, path]) => `caddy ${String(method)} ${String(path).replace(/\/id\/.*/, '/id/<id>')}`,
  );
  instrument(certs, 'ensure', () => 'certificate ensure (store + files)');
}

const spec = (image: string): ProtoServiceSpec =>
  specToProto(
    parseServiceSpec(
      `name = "${SERVICE}"
[[components]]
name = "web"
image = "${image}"
[[components.routes]]
port = 8080
mode = "l7"
`,
      { file: `${SERVICE}.toml` },
    ),
  );

const ms = (t: number): string => `${t.toFixed(0)} ms`;

/** The Deploy RPC, client side, from the call to the reply. Checks it really created and routed. */
async function timedDeploy(agent: AgentServiceClient, image: string): Promise<number> {
  const request = { spec: spec(image) };
  const start = performance.now();
  const reply = await agent.deploy(request);
  const elapsed = performance.now() - start;
  const failed = reply.steps.filter((s) => !s.success);
  if (failed.length)
    throw new Error(`deploy failed: ${failed.map((s) => `${s.step}: ${s.error || s.detail}`).join('; ')}`);
  const containers = reply.steps.find((s) => s.step === 'containers')?.detail ?? '';
  if (!containers.includes(`created ${CONTAINER}`))
    throw new Error(`deploy did not create the container (containers: ${containers})`);
  const certificates = reply.steps.find((s) => s.step === 'certificates')?.detail ?? '';
  if (certificates.includes('issued'))
    throw new Error(`deploy issued a certificate; it should have been cached (${certificates})`);
  return elapsed;
}

/** Makes the service absent again, keeping its certificate (see the top of the file). */
async function makeAbsent(fx: AgentFixture, agent: AgentServiceClient): Promise<void> {
  const stopped = await agent.stop({ service: SERVICE });
  if (!stopped.steps.every((s) => s.success))
    throw new Error(`stop failed: ${JSON.stringify(stopped.steps)}`);
  await fx.sandbox.podman(['rm', '--force', '--time', '0', CONTAINER]);
}

/** `podman run -d` of the same image through the same sandbox, timed around the CLI invocation. */
async function timedRawRun(fx: AgentFixture, name: string): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  await fx.sandbox.podman(['run', '-d', '--name', name, '-p', `127.0.0.1:${port}:8080`, fx.images.v1.ref]);
  return performance.now() - start;
}

async function removeRaw(fx: AgentFixture, name: string): Promise<void> {
  await fx.sandbox.podman(['rm', '--force', '--time', '0', name]);
}

/** The served page, through Caddy with the ACME certificate (outside any timing). */
async function checkServed(fx: AgentFixture): Promise<void> {
  await waitFor(
    async () => {
      const page = await fx.fetch(internalName('web', fx.zone)).catch(() => undefined);
      return page?.status === 200 && page.body.startsWith('hello from');
    },
    { timeoutMs: 10_000, intervalMs: 50, description: 'the deployed service answering through Caddy' },
  );
}

function summarizeProfile(rounds: { total: number; spans: Span[] }[]): void {
  const byWhat = new Map<string, number[][]>();
  rounds.forEach(({ spans: s }, i) => {
    for (const span of s) {
      const list = byWhat.get(span.what) ?? [];
      (list[i] ??= []).push(span.end - span.start);
      byWhat.set(span.what, list);
    }
  });
  // Covered wall time: the union of spans (inspectServices runs podman ps and two Caddy GETs in parallel).
  const covered = (s: Span[], filter: (x: Span) => boolean): number => {
    const sorted = s.filter(filter).sort((a, b) => a.start - b.start);
    let total = 0;
    let until = -Infinity;
    for (const x of sorted) {
      if (x.end <= until) continue;
      total += x.end - Math.max(x.start, until);
      until = x.end;
    }
    return total;
  };
  console.log(
    "where a deploy's time goes (medians over rounds; calls per deploy; sum of that kind per deploy):",
  );
  const rows = [...byWhat.entries()].map(([what, perRound]) => {
    const calls = perRound.map((xs) => xs?.length ?? 0);
    const sums = perRound.map((xs) => (xs ?? []).reduce((a, b) => a + b, 0));
    return { what, calls: median(calls), each: median(perRound.flat()), sum: median(sums) };
  });
  for (const r of rows.sort((a, b) => b.sum - a.sum)) {
    console.log(
      `  ${r.what.padEnd(52)} ${String(r.calls).padStart(3)} x ${ms(r.each).padStart(7)}  = ${ms(r.sum).padStart(7)}`,
    );
  }
  const podman = rounds.map((r) => covered(r.spans, (x) => x.what.startsWith('podman')));
  const caddy = rounds.map((r) => covered(r.spans, (x) => x.what.startsWith('caddy')));
  const any = rounds.map((r) => covered(r.spans, () => true));
  const other = rounds.map((r, i) => r.total - any[i]!);
  console.log(
    `  wall time in podman invocations: ${ms(median(podman))}, in Caddy admin requests: ${ms(median(caddy))}`,
  );
  console.log(
    `  everything else (gRPC + TLS + token check, store, spec hashing, env file, event loop): ${ms(median(other))}`,
  );
}

let fx: AgentFixture | undefined;
let stopping: Promise<void> | undefined;
const cleanup = (): Promise<void> => (stopping ??= fx ? fx.stop() : Promise.resolve());

// Ctrl-C lets the podman or RPC call in flight finish (cleaning up under it
// would leave the container it creates behind), then cleans up; a second
// Ctrl-C cleans up at once.
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

try {
  // A monitor tick runs `podman ps` and Caddy GETs; at the fixture's default
  // 500 ms it would land in the middle of measured calls on either side.
  // An hour keeps it out of the run (the agent's own default is 30 s).
  fx = await startAgentFixture({ monitorIntervalMs: 3_600_000 });
  checkpoint();
  const agent = await fx.client();
  const image = fx.images.v1.ref;

  // The one deploy that issues the certificate (and warms the gRPC channel).
  const first = await agent.deploy({ spec: spec(image) });
  if (!first.steps.every((s) => s.success))
    throw new Error(`first deploy failed: ${JSON.stringify(first.steps)}`);
  await checkServed(fx);
  checkpoint();

  // One unmeasured round of each side: the first container runs after an image import pay extra.
  await makeAbsent(fx, agent);
  await timedDeploy(agent, image);
  await timedRawRun(fx, 'raw-warmup');
  await removeRaw(fx, 'raw-warmup');

  if (PROFILE) profileAgent(fx);
  const agentMs: number[] = [];
  const rawMs: number[] = [];
  const profiled: { total: number; spans: Span[] }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    checkpoint();
    await makeAbsent(fx, agent);
    const measureAgent = async () => {
      checkpoint();
      spans = [];
      const t = await timedDeploy(agent, image);
      profiled.push({ total: t, spans });
      spans = undefined;
      agentMs.push(t);
    };
    const measureRaw = async () => {
      checkpoint();
      rawMs.push(await timedRawRun(fx!, `raw-${i}`));
      await removeRaw(fx!, `raw-${i}`);
    };
    // Alternate which side goes first, so neither always follows the same cleanup.
    if (i % 2 === 0) {
      await measureAgent();
      await measureRaw();
    } else {
      await measureRaw();
      await measureAgent();
    }
    await checkServed(fx);
  }

  const [am, rm] = [median(agentMs), median(rawMs)];
  const ratio = am / rm;
  console.log(
    `agent deploy: busybox httpd service "${SERVICE}", 1 component, 1 l7 route, certificate already issued`,
  );
  console.log(`${ROUNDS} rounds, interleaved (after 1 warm-up round each); median / p90 (nearest rank)`);
  console.log(
    `  agent Deploy RPC:  median ${ms(am).padStart(7)}  p90 ${ms(percentile(agentMs, 90)).padStart(7)}`,
  );
  console.log(
    '      client side, call to reply: gRPC over TLS 1.3 + token check, host port (kept), certificate (cached,',
  );
  console.log(
    '      read from disk), podman container inspect + podman run -d (env file, labels, --restart, -p 127.0.0.1:<port>:8080),',
  );
  console.log(
    '      Caddy route (GET server, GET routes + certs, PATCH 404, ensure-ready GETs, POST), record, status (podman ps + Caddy GETs)',
  );
  console.log(
    `  raw podman run -d: median ${ms(rm).padStart(7)}  p90 ${ms(percentile(rawMs, 90)).padStart(7)}`,
  );
  console.log(
    '      one podman CLI invocation: run -d --name raw-N -p 127.0.0.1:<free port>:8080 <same image>, same sandbox',
  );
  console.log(`  all agent: ${agentMs.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(`  all raw:   ${rawMs.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(
    `ratio agent / raw (medians): ${ratio.toFixed(2)}  (target <= ${TARGET})  ${ratio <= TARGET ? 'PASS' : 'FAIL'}`,
  );
  if (PROFILE) summarizeProfile(profiled);
} catch (error) {
  if (!(error instanceof Interrupted)) throw error;
} finally {
  await cleanup();
  if (interrupted) process.exitCode = 130;
}
