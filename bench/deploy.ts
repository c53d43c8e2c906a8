// `mcp deploy` of a public service on the seed's fleet (rift, orion,
// hyperborea, svc in network namespaces; see startSeedFleet), from the
// command to the first answer through the edge that shows the new version,
// against doing the same by hand, round by round in the same run:
//
//   mcp     a warm redeploy of `www`: the image is present, its certificates
//           are issued, and its env (MESSAGE) changes, so the container is
//           recreated. `mcp deploy www` as a fresh CLI process; the master
//           places it (kept on its node), the agent recreates the container
//           and re-asserts its route, the master confirms DNS and the edge
//           route.
//   raw     `podman run -d` of the same image with the new env on the same
//           node, one Caddy route PATCH on the worker (www's route, to the
//           new container's port) and one on the edge (www's edge route, as
//           it is), then the same request. Undone, untimed, after each round.
//
// "Shows the new version": GET https://www.example.test/ through svc (TLS
// 1.3, trusting only the fleet CA) every 5 ms until the body is the round's
// MESSAGE, on one kept-alive connection (opened anew when a Caddy reload
// closes it). Both halves poll from the round's start: the poller and the two
// Caddys it goes through take about half a core of these 2 (measured with
// perf), and the raw half once polled only after its own steps, so it ran
// its `podman run` on quieter cores than the agent did.
//
// Target: mcp / raw <= 1.3 (medians). The cold deploy (first certificate
// issuance for a new public service: internal and public names) is timed
// and reported separately.
//
// Env: MCP_BENCH_ROUNDS (default 10) measured rounds after one warm-up.
import { execFile as execFileCb, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ignoreIpServerNameWarning } from '@mcp/auth';
import { BINARIES, EXAMPLE_IMAGE, httpsGet, startSeedFleet, type SeedFleet } from '@mcp/integration';
import { median } from './lib/stats.js';

const ROUNDS = Number(process.env.MCP_BENCH_ROUNDS ?? 10);
if (!Number.isInteger(ROUNDS) || ROUNDS < 3)
  throw new Error(`MCP_BENCH_ROUNDS must be an integer >= 3, got ${process.env.MCP_BENCH_ROUNDS}`);
const TARGET = 1.3;
const execFile = promisify(execFileCb);
/** How long each timed `mcp deploy` ran in all, to its exit. */
const commandMs: number[] = [];
const WWW = 'www.example.test';
ignoreIpServerNameWarning('bench');

const ms = (t: number) => `${t.toFixed(0).padStart(6)} ms`;

interface CaddyRoute {
  '@id'?: string;
  match?: { host?: string[] }[];
  handle?: { handler: string; upstreams?: { dial: string }[] }[];
}

let seed: SeedFleet | undefined;
const cleanup = async () => {
  const s = seed;
  seed = undefined;
  await s?.fleet.stop();
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  console.log('starting the seed fleet in network namespaces ...');
  // Each agent's monitor at its own default (30 s), not the tests' 500 ms: hyperborea's agent
  // runs under emulation, and its checks would take a fifth of a core from both halves.
  seed = await startSeedFleet({
    network: 'netns',
    monitorInterval: '30s',
    progress: (l) => console.log(`  ${l}`),
  });
  const { fleet, config } = seed;
  const edge = fleet.nodes.get('svc')!;
  const mcp = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BINARIES.cli, '--config', config, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mcp ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const visitor = new Agent({ keepAlive: true, maxSockets: 1 });
  /** Polls through the edge until the page is `body`; the time of the first such answer. */
  const until = async (hostname: string, body: string, t0: number, timeoutMs = 60_000) => {
    for (;;) {
      const r = await httpsGet({
        address: edge.ip,
        port: edge.caddy.port,
        hostname,
        caPem: fleet.caPem,
        timeoutMs: 2000,
        agent: visitor,
      }).catch(() => undefined);
      if (r?.status === 200 && r.body === `${body}\n`) return performance.now() - t0;
      if (performance.now() - t0 > timeoutMs)
        throw new Error(`${hostname} never answered ${JSON.stringify(body)}`);
      await sleep(5);
    }
  };

  // Cold: the first deploy of each example; www is the public one.
  const cold = new Map<string, number>();
  for (const service of seed.services) {
    const t0 = performance.now();
    mcp('deploy', service);
    if (service === 'www') cold.set(service, await until(WWW, 'www: served through the edge', t0));
    else cold.set(service, performance.now() - t0);
  }
  const wwwFile = join(seed.servicesDir, 'www.toml');
  const original = await readFile(wwwFile, 'utf8');
  const placed = (await (await fleet.master$()).status({})).services.find((s) => s.name === 'www')!.node;
  const worker = fleet.nodes.get(placed)!;

  const routesOf = async (node: typeof worker) =>
    ((await node.caddy.admin.config(`apps/http/servers/${node.caddy.serverName}/routes`)) ??
      []) as CaddyRoute[];
  const proxyRoute = (routes: CaddyRoute[], host: string) =>
    routes.find(
      (r) =>
        r.match?.some((m) => m.host?.includes(host)) && r.handle?.some((h) => h.handler === 'reverse_proxy'),
    );

  // Timed to the first new answer; the command may still be draining the old
  // container then (rolling deploys), which no visitor waits for. Its exit is
  // awaited, untimed, before the next round.
  const timedMcp = async (round: string) => {
    await writeFile(wwwFile, original.replace('www: served through the edge', round));
    const t0 = performance.now();
    const child = execFile(process.execPath, [BINARIES.cli, '--config', config, 'deploy', 'www']);
    const t = await until(WWW, round, t0);
    const done = (await child.catch((e: { code?: number; stdout?: string }) => e)) as {
      code?: number;
      stdout?: string;
    };
    if (done.code) throw new Error(`mcp deploy www exited ${done.code}: ${done.stdout}`);
    commandMs.push(performance.now() - t0);
    return t;
  };
  let rawCount = 0;
  const timedRaw = async (round: string) => {
    const internal = `www.svc.mcp.${fleet.zone}`;
    const workerRoute = proxyRoute(await routesOf(worker), internal);
    const edgeRoute = proxyRoute(await routesOf(edge), WWW);
    if (!workerRoute?.['@id'] || !edgeRoute?.['@id'])
      throw new Error('www has no route on its worker or the edge');
    const dial = workerRoute.handle!.find((h) => h.handler === 'reverse_proxy')!.upstreams![0]!.dial;
    const host = dial.slice(0, dial.lastIndexOf(':'));
    const port = 20_000 + (rawCount++ % 1000);
    const name = `bench-raw-${rawCount}`;
    const moved = structuredClone(workerRoute);
    moved.handle!.find((h) => h.handler === 'reverse_proxy')!.upstreams = [{ dial: `${host}:${port}` }];
    const patch = async (node: typeof worker, route: CaddyRoute) => {
      const r = await node.caddy.admin.request('PATCH', `/id/${route['@id']}`, route);
      if (r.status !== 200) throw new Error(`PATCH /id/${route['@id']}: ${r.status} ${r.text}`);
    };

    const t0 = performance.now();
    // Polled from t0, as in the mcp half, so both carry the poller's load for
    // the same span. Awaited below; a step that throws ends the bench.
    const answered = until(WWW, round, t0);
    answered.catch(() => undefined);
    await worker.sandbox.podman([
      'run',
      '-d',
      '--name',
      name,
      '--publish',
      `${host}:${port}:8080`,
      '--env',
      `MESSAGE=${round}`,
      EXAMPLE_IMAGE,
    ]);
    await patch(worker, moved);
    await patch(edge, edgeRoute);
    const t = await answered;

    // Untimed: back to what the agent made.
    await patch(worker, workerRoute);
    await worker.sandbox.podman(['rm', '-f', '-t', '0', name]);
    return t;
  };

  console.log(
    `\nwww runs on ${placed}; warm-up round, then ${ROUNDS} rounds, alternating which goes first ...`,
  );
  await timedMcp('warm-up mcp');
  await timedRaw('warm-up raw');
  const mcpMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2) {
      rawMs.push(await timedRaw(`raw ${i}`));
      mcpMs.push(await timedMcp(`mcp ${i}`));
    } else {
      mcpMs.push(await timedMcp(`mcp ${i}`));
      rawMs.push(await timedRaw(`raw ${i}`));
    }
  }

  const ratio = median(mcpMs) / median(rawMs);
  console.log('\nwarm redeploy of www (env changed), to the first new answer through svc:');
  console.log(
    `  mcp deploy   median ${ms(median(mcpMs))}  min ${ms(Math.min(...mcpMs))}  max ${ms(Math.max(...mcpMs))}`,
  );
  console.log(
    `  raw          median ${ms(median(rawMs))}  min ${ms(Math.min(...rawMs))}  max ${ms(Math.max(...rawMs))}`,
  );
  console.log(
    `  ratio        ${ratio.toFixed(2)} (target <= ${TARGET})  ${ratio <= TARGET ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  mcp deploy ran ${ms(median(commandMs))} to its exit (median): the old container drains meanwhile`,
  );
  console.log('\ncold deploys (first certificates; not part of the target):');
  for (const [service, t] of cold)
    console.log(
      `  ${service.padEnd(8)} ${ms(t)}${service === 'www' ? '  (to the first answer through svc)' : ''}`,
    );
  visitor.destroy();
  await writeFile(wwwFile, original);
  await cleanup();
  process.exit(ratio <= TARGET ? 0 : 1);
} catch (error) {
  console.error(`bench/deploy: ${(error as Error).stack ?? String(error)}`);
  await cleanup();
  process.exit(1);
}
