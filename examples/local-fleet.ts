// The seed's fleet on this machine, with the example services deployed by
// the real `mcp` CLI: rift (master + worker), orion (worker), hyperborea
// (worker: the arm64 agent binary under qemu) and svc (edge), each in its own
// network namespace with an address in 100.64.0.0/10, its own podman storage,
// Caddy and agent; Knot serves the internal zone. Then it prints what runs
// where and fetches the public service through the edge with curl, and stays
// up until Ctrl-C (--once: tears down at once; --loopback: the loopback
// fleet a non-root user gets, also as root). Everything it made is
// removed on the way out, also after a failure.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BINARIES, startSeedFleet, type SeedFleet } from '@mcp/integration';
import { ignoreIpServerNameWarning } from '@mcp/auth';

ignoreIpServerNameWarning('local fleet');

const CLI = BINARIES.cli;
const once = process.argv.includes('--once');
// --loopback: the fleet a non-root user gets (own 127.x addresses, no namespaces), also as root.
const network = process.argv.includes('--loopback') ? 'loopback' : 'auto';
const unknown = process.argv.slice(2).filter((a) => a !== '--once' && a !== '--loopback');
if (unknown.length > 0) {
  console.error(`local fleet: unknown option ${unknown.join(' ')}; the options are --once and --loopback`);
  process.exit(2);
}
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const say = (line: string) => console.log(`[${elapsed().padStart(6)}] ${line}`);

let seed: SeedFleet | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the fleet: agents, master, Caddy, Knot, containers, namespaces, files ...');
  await seed?.fleet.stop();
  console.log('Stopped; nothing of it is left on this machine.');
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** Runs the real `mcp` and shows it as the operator would type it. */
function mcp(config: string, ...args: string[]): number {
  console.log(`\n$ mcp ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [CLI, '--config', config, ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

try {
  say('Bringing up the seed fleet on this machine.');
  seed = await startSeedFleet({ network, progress: say });
  for (const note of seed.notes) say(`note: ${note}`);
  const { config, services, fleet } = seed;
  say(`fleet up; deploying the example services (examples/services/): ${services.join(', ')}`);
  for (const service of services) {
    if (mcp(config, 'deploy', service) !== 0) throw new Error(`mcp deploy ${service} failed`);
  }
  mcp(config, 'node', 'list');
  mcp(config, 'status');
  mcp(config, 'edge', 'list');

  const curlArgs = seed.curlThroughEdge('www.example.test');
  const shown = curlArgs.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ');
  console.log(
    `\nThe public service, through the edge (svc at ${fleet.nodes.get('svc')!.ip}):\n\n$ curl ${shown}`,
  );
  const curl = spawnSync('curl', ['-sS', '--max-time', '10', ...curlArgs], { stdio: 'inherit' });
  if (curl.status !== 0) throw new Error(`curl through the edge exited ${curl.status}`);
  say('done: every example service is deployed and the public one answers through the edge.');

  if (once) await stop(0);
  // Nothing else holds the event loop (the fleet's processes and channels do
  // not), and a drained loop would exit without tearing anything down.
  setInterval(() => undefined, 1 << 30);
  // hello, inside the fleet: its internal name on the node it runs on, through that node's proxy.
  const { services: placed } = await (await fleet.master$()).status({});
  const helloNode = fleet.nodes.get(placed.find((s) => s.name === 'hello')!.node)!;
  const helloName = `hello.svc.mcp.${fleet.zone}`;
  const helloCurl = [
    '--resolve',
    `${helloName}:${helloNode.caddy.port}:${helloNode.ip}`,
    '--cacert',
    join(dirname(config), 'ca.pem'),
    `https://${helloName}${helloNode.caddy.port === 443 ? '' : `:${helloNode.caddy.port}`}/`,
  ].join(' ');
  // The absolute Node.js: another shell's `node` may be the system's older one.
  console.log(`
The fleet is up. What to try next, from another shell (as root):

  alias mcp='${process.execPath} ${CLI} --config ${config}'
  mcp node list                    # four nodes: role, arch, agent version, health
  mcp ps                           # every container on every node
  curl ${helloCurl}
  \$EDITOR ${seed.servicesDir}/hello.toml   # change MESSAGE, then:
  mcp deploy hello                 # a new container takes over once healthy; then the curl above again
  mcp sync --dry-run               # what a sync of the services dir would do; changes nothing
  kill $(pgrep -f '${fleet.dir}/nodes/orion/mcp-agent.toml')   # orion's agent: watch mcp node list
  curl ${shown}   # www still answers: containers outlive their agent

Logs: ${fleet.dir}/master.log and ${fleet.dir}/nodes/<node>/agent.log
Ctrl-C stops everything and removes ${fleet.dir}.`);
} catch (error) {
  console.error(`local fleet: ${(error as Error).message}`);
  await stop(1);
}
