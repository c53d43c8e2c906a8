// How long `mcp` takes to start, against `node -e 0` (the floor every Node
// program pays), each as a fresh process, interleaved round by round so the
// shared cores load them alike:
//
//   mcp --version    answered in main.ts before yargs or anything else loads
//   mcp --help       yargs and the command table only; no command module
//   mcp node list    against a real master (a loopback fleet: the master and
//                    one agent), with the TLS 1.3 gRPC call itself
//
// The bare call is one new TLS 1.3 channel plus one ListNodes with a token,
// timed inside a warm process (no module loading): what `node list` cannot
// avoid on top of starting Node.
//
// Targets: --version and --help at most 1.5x `node -e 0`; node list at most
// 3x `node -e 0` plus the bare call.
//
// Then what each means is worth, for the CLI README: the same commands with
// Node's compile cache off (NODE_DISABLE_COMPILE_CACHE=1), and the time to
// load the modules that lazy loading keeps out of --help (yargs; gRPC, TLS
// and the proto stubs) in a fresh process.
//
// Env: MCP_BENCH_ROUNDS (default 20); MCP_BENCH_CLI, another entry point
// to time instead of packages/cli/dist/main.js.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createChannelCredentials, createTokenMiddleware, ignoreIpServerNameWarning } from '@mcp/auth';
import { BINARIES, startFleet, type TestFleet } from '@mcp/integration';
import { MasterServiceDefinition } from '@mcp/proto';
import { createChannel, createClientFactory } from 'nice-grpc';
import { median } from './lib/stats.js';

const ROUNDS = Number(process.env.MCP_BENCH_ROUNDS ?? 20);
if (!Number.isInteger(ROUNDS) || ROUNDS < 3)
  throw new Error(`MCP_BENCH_ROUNDS must be an integer >= 3, got ${process.env.MCP_BENCH_ROUNDS}`);
ignoreIpServerNameWarning('bench');

const ms = (t: number) => `${t.toFixed(1).padStart(6)} ms`;

/** Wall time of one fresh process, ms; throws if it fails. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8', cwd });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return t;
}

let fleet: TestFleet | undefined;
const cleanup = async () => {
  const f = fleet;
  fleet = undefined;
  await f?.stop();
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  console.log('starting a loopback fleet (master + 1 agent) for `mcp node list` ...');
  fleet = await startFleet({ network: 'loopback', nodes: [{ name: 'rift', role: 'master' }] });
  await fleet.waitForNodes(['rift']);
  const config = await fleet.cliConfig();
  // Another build of the CLI to compare (e.g. a bundle), else the workspace's.
  const cli = process.env.MCP_BENCH_CLI ?? BINARIES.cli;
  const noCache = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
  const cases: [string, () => number][] = [
    ['node -e 0', () => timeProcess(['-e', '0'])],
    ['mcp --version', () => timeProcess([cli, '--version'])],
    ['mcp --help', () => timeProcess([cli, '--help'])],
    ['mcp node list', () => timeProcess([cli, '--config', config, 'node', 'list'])],
    ['mcp --help (no compile cache)', () => timeProcess([cli, '--help'], noCache)],
    [
      'mcp node list (no compile cache)',
      () => timeProcess([cli, '--config', config, 'node', 'list'], noCache),
    ],
    ['load yargs', () => load(['yargs'])],
    ['load gRPC + proto + auth', () => load(['nice-grpc', '@mcp/proto', '@mcp/auth'])],
  ];

  // The bare call: a new channel (TLS 1.3 handshake) and one ListNodes each time.
  const token = await fleet.token('operator', 'human');
  const credentials = createChannelCredentials({ ca: fleet.caPem });
  const bare = async () => {
    const channel = createChannel(fleet!.masterAddress, credentials);
    const client = createClientFactory()
      .use(createTokenMiddleware(() => token))
      .create(MasterServiceDefinition, channel);
    const t0 = performance.now();
    await client.listNodes({});
    const t = performance.now() - t0;
    channel.close();
    return t;
  };
  await bare();

  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  const bareTimes: number[] = [];
  for (const [, run] of cases) run(); // warm-up: fills the compile cache, the page cache
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...cases].reverse() : cases;
    for (const [name, run] of order) times.get(name)!.push(run());
    bareTimes.push(await bare());
  }

  const m = (name: string) => median(times.get(name)!);
  const floor = m('node -e 0');
  const call = median(bareTimes);
  console.log(`\n${ROUNDS} rounds, medians:`);
  for (const [name] of cases)
    console.log(`  ${name.padEnd(34)} ${ms(m(name))}  ${(m(name) / floor).toFixed(2)}x node -e 0`);
  console.log(`  ${'bare TLS gRPC call (new channel)'.padEnd(34)} ${ms(call)}`);

  const checks: [string, number, number][] = [
    ['mcp --version / node -e 0', m('mcp --version') / floor, 1.5],
    ['mcp --help / node -e 0', m('mcp --help') / floor, 1.5],
    ['mcp node list / (3 x node -e 0 + bare call)', m('mcp node list') / (3 * floor + call), 1],
  ];
  console.log('\ntargets:');
  let failed = 0;
  for (const [name, ratio, limit] of checks) {
    const ok = ratio <= limit;
    if (!ok) failed++;
    console.log(`  ${name.padEnd(46)} ${ratio.toFixed(2)} (target <= ${limit})  ${ok ? 'PASS' : 'MISS'}`);
  }
  await cleanup();
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error(`bench/cli-startup: ${(error as Error).stack ?? String(error)}`);
  await cleanup();
  process.exit(1);
}

/** A fresh process that imports these modules, resolved as the CLI resolves them. */
function load(modules: string[]): number {
  const code = modules.map((m) => `await import(${JSON.stringify(m)});`).join('');
  return timeProcess(['--input-type=module', '-e', code], process.env, dirname(dirname(BINARIES.cli)));
}
