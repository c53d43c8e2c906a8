// Brings up a fleet on this machine and deploys an example service with the
// real `mcp` CLI: a master and three agents as processes, each node on its
// own loopback address with its own podman storage and Caddy, Knot for DNS.
// Then it stays up for you to try `mcp` against it, until Ctrl-C (or exits
// at once with --once). Everything lives in a temp dir, removed on exit.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BINARIES, httpsGet, startFleet } from '@mcp/integration';
import { ignoreIpServerNameWarning } from '@mcp/auth';

ignoreIpServerNameWarning('local fleet');

const CLI = BINARIES.cli;
const once = process.argv.includes('--once');

console.log('Starting a local fleet: master rift, workers orion and hyperborea, Knot for DNS ...');
const fleet = await startFleet({ dns: true });
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the fleet ...');
  await fleet.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  await fleet.waitForNodes(['rift', 'orion', 'hyperborea']);
  const config = await fleet.cliConfig();
  const services = join(fleet.dir, 'cli', 'services');
  await writeFile(
    join(services, 'hello.toml'),
    `# A busybox httpd: one container, one HTTPS route on the node proxy.
name = "hello"

[[components]]
name = "web"
image = "${fleet.images.v1}"

[[components.routes]]
port = 8080
`,
  );
  const mcp = (...args: string[]) => {
    console.log(`\n$ mcp ${args.join(' ')}`);
    const r = spawnSync(process.execPath, [CLI, '--config', config, ...args], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`mcp ${args.join(' ')} exited ${r.status}`);
  };
  mcp('node', 'list');
  mcp('deploy', 'hello');
  mcp('status', 'hello');

  const hostname = `web.svc.mcp.${fleet.zone}`;
  const [address] = await fleet.knot!.query(hostname);
  const node = [...fleet.nodes.values()].find((n) => n.ip === address)!;
  const page = await httpsGet({
    address: address!,
    port: node.caddy.port,
    hostname,
    caPem: await readFile(join(fleet.dir, 'ca.pem'), 'utf8'),
  });
  console.log(
    `\nDNS: ${hostname} → ${address} (${node.name}), asked of Knot at ${fleet.knot!.address}:${fleet.knot!.port}`,
  );
  console.log(
    `GET https://${hostname}/ through ${node.name}'s Caddy (${page.protocol}): ${page.status} ${page.body.trim()}`,
  );

  if (once) await stop(0);
  console.log(`
The fleet is up. Try it from another shell:

  alias mcp='node ${CLI} --config ${config}'
  mcp ps
  mcp sync --dry-run
  mcp --direct -n orion status

Logs: ${fleet.dir}/master.log and ${fleet.dir}/nodes/<node>/agent.log
Ctrl-C stops everything and removes ${fleet.dir}.`);
} catch (error) {
  console.error(`local fleet: ${(error as Error).message}`);
  await stop(1);
}
