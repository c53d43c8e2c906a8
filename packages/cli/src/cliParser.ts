import yargs, { type Argv } from 'yargs';
import type { CommandContext } from './commands/context.js';
import { agentCommand } from './commands/agentCommand.js';
import { cliVersion } from './version.js';

// Each command's module (and with it gRPC, TLS and the proto stubs) is loaded
// only when that command runs, so `mcp --help` and usage errors stay fast.
const services = () => import('./commands/serviceCommands.js');
const statuses = () => import('./commands/statusCommands.js');
const fleet = () => import('./commands/fleetCommands.js');
const edge = () => import('./commands/edgeCommands.js');
const history = () => import('./commands/historyCommands.js');

/** A command body: resolves to the exit code. */
export type Command = (ctx: CommandContext, args: Record<string, unknown>) => Promise<number>;
/** Wraps a command into a yargs handler: builds its context, records its exit code. */
export type Runner = (
  defaultTimeoutSeconds: number,
  command: Command,
) => (args: Record<string, unknown>) => Promise<void>;

const EXITS =
  'Exit codes: 0 done; 1 a step failed or the node cannot be reached; 2 bad usage, config or input.';

const LIFECYCLE = [
  [
    'undeploy',
    'remove a service: routes, certificates, containers, records',
    'everything of hello is gone from rift',
  ],
  [
    'stop',
    'remove its routes, then stop its containers (kept, with their ports)',
    'hello stops serving on rift',
  ],
  ['start', 'start its containers, then restore its routes', 'hello serves again on rift'],
  ['restart', 'restart its containers in place', 'restart hello on rift'],
] as const;

/** The `mcp` command line: global options, commands, help with examples. */
export function buildParser(argv: string[], run: Runner, width: number): Argv {
  let cli = yargs(argv)
    .scriptName('mcp')
    .usage('$0 <command> [options]\n\nDeploy and operate services on an MCP fleet.')
    .option('config', {
      type: 'string',
      describe: 'CLI config file',
      defaultDescription: '~/.config/mcp/mcp.toml',
    })
    .option('direct', {
      type: 'boolean',
      default: false,
      describe: "talk to one node's agent, bypassing the master",
    })
    .option('node', { alias: 'n', type: 'string', describe: 'the node for --direct (a [[nodes]] name)' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON on stdout, for scripts' })
    .option('timeout', {
      type: 'number',
      describe: 'seconds to wait for the node',
      defaultDescription: '300 deploy, 600 sync, 120 undeploy/stop/start/restart, 10 status/ps/node list',
    })
    .command(
      'deploy <service>',
      'deploy a service: a name from services_dir, or a path to a .toml file',
      (y) =>
        y
          .positional('service', {
            type: 'string',
            demandOption: true,
            describe: 'service name or file path',
          })
          .example('$0 deploy hello', 'the master places ~/.config/mcp/services/hello.toml and deploys it')
          .example('$0 --direct -n rift deploy hello', 'deploy straight to rift (the master is down)')
          .example(
            '$0 --direct -n rift deploy ./hello.toml --json',
            'deploy a file, print the result as JSON',
          )
          .epilog(`A redeploy of the same spec changes nothing and says "unchanged".\n${EXITS}`),
      run(300, async (ctx, a) => (await services()).deployCommand(ctx, a.service as string)),
    );
  for (const [verb, describe, example] of LIFECYCLE) {
    cli = cli.command(
      `${verb} <service>`,
      describe,
      (y) =>
        y
          .positional('service', { type: 'string', demandOption: true, describe: 'service name' })
          .example(`$0 ${verb} hello`, example.replace(' on rift', ' wherever it runs'))
          .example(`$0 --direct -n rift ${verb} hello`, example)
          .epilog(EXITS),
      run(120, async (ctx, a) => (await services()).lifecycleCommand(ctx, verb, a.service as string)),
    );
  }
  return cli
    .command(
      'status [service]',
      'desired state, containers, cert expiry, drift (exit 1 on drift)',
      (y) =>
        y
          .positional('service', { type: 'string', describe: 'one service, with its routes' })
          .example('$0 status', 'every service in the fleet, with stale placements and orphans')
          .example('$0 --direct -n rift status', 'every service on rift')
          .example('$0 --direct -n rift status hello --json', 'one service as JSON')
          .epilog(
            'Exit codes: 0 every service is as desired; 1 a service drifts, or the node cannot be reached; 2 bad usage, config or input.',
          ),
      run(10, async (ctx, a) => (await statuses()).statusCommand(ctx, a.service as string | undefined)),
    )
    .command(
      'history <service>',
      'the last 5 deployed revisions of a service: when, by whom, which images',
      (y) =>
        y
          .positional('service', { type: 'string', demandOption: true, describe: 'service name' })
          .example('$0 history hello', 'what hello ran, newest first')
          .example('$0 history hello --json', 'for scripts')
          .epilog(EXITS),
      run(10, async (ctx, a) => (await history()).historyCommand(ctx, a.service as string)),
    )
    .command(
      'rollback <service>',
      'deploy the previous revision again (or --to N), by the same rolling switch as a deploy',
      (y) =>
        y
          .positional('service', { type: 'string', demandOption: true, describe: 'service name' })
          .option('to', { type: 'number', describe: 'the revision to go back to (mcp history)' })
          .example('$0 rollback hello', 'back to the revision before the current one')
          .example('$0 rollback hello --to 3 --json', 'back to revision 3, the result as JSON')
          .epilog(EXITS),
      run(300, async (ctx, a) =>
        (await history()).rollbackCommand(ctx, a.service as string, a.to as number | undefined),
      ),
    )
    .command(
      'ps',
      'every container: state, uptime, image, port mappings',
      (y) =>
        y
          .example('$0 ps', 'containers across the fleet')
          .example('$0 --direct -n rift ps', 'containers on rift')
          .example(
            "$0 --direct -n rift ps --json | jq -r '.[].containerName'",
            'container names, for scripts',
          )
          .epilog(EXITS),
      run(10, async (ctx) => (await statuses()).psCommand(ctx)),
    )
    .command(
      'sync',
      'make the fleet match services_dir (--dry-run: show the plan)',
      (y) =>
        y
          .option('dry-run', { type: 'boolean', default: false, describe: 'show the plan, change nothing' })
          .example('$0 sync --dry-run', 'what would change')
          .example('$0 sync', 'apply it: a service whose file is gone is undeployed')
          .epilog(EXITS),
      run(600, async (ctx, a) => (await fleet()).syncCommand(ctx, a.dryRun === true)),
    )
    .command('node <command>', 'node list: registered nodes with role, arch, version, health', (y) =>
      y
        .command(
          'list',
          'registered nodes: role, address, arch, agent version, health, containers',
          (z) =>
            z
              .example('$0 node list', 'the fleet at a glance')
              .example('$0 node list --json', 'for scripts')
              .epilog(EXITS),
          run(10, async (ctx) => (await fleet()).nodeListCommand(ctx)),
        )
        .demandCommand(1, 'name a node command: list'),
    )
    .command('agent', "agent upgrade, rollback, status: each node's mcp-agent binary", (y) =>
      agentCommand(y, run),
    )
    .command('edge <command>', 'edge list, status: public routes and whether the edge reaches them', (y) =>
      y
        .command(
          'list',
          'public routes: public name, service, edge node, backend, certificate expiry',
          (z) =>
            z
              .example('$0 edge list', 'every public route the master set up')
              .example('$0 edge list --json', 'for scripts')
              .epilog(EXITS),
          run(10, async (ctx) => (await edge()).edgeListCommand(ctx)),
        )
        .command(
          'status',
          "each edge's routes, whether it reaches each backend over TLS now, and drift",
          (z) =>
            z
              .example('$0 edge status', 'is every public route served?')
              .example('$0 edge status --json', 'for scripts and monitoring')
              .epilog(
                'Exit codes: 0 every route reaches its backend and matches the records; 1 a backend is down, a route drifts or an edge does not answer; 2 bad usage or config.',
              ),
          run(10, async (ctx) => (await edge()).edgeStatusCommand(ctx)),
        )
        .demandCommand(1, 'name an edge command: list or status'),
    )
    .completion('completion', 'print a bash/zsh completion script')
    .example('$0 deploy hello', 'the master places services_dir/hello.toml and deploys it')
    .example('$0 status', 'what runs where, and whether anything drifts')
    .example('$0 node list', 'nodes and their health')
    .example('$0 --direct -n rift deploy hello', 'deploy straight to rift when the master is down')
    .example('$0 completion >> ~/.bashrc', 'tab completion for bash')
    .epilog(`Config: ~/.config/mcp/mcp.toml, or --config <file>.\n${EXITS}`)
    .demandCommand(1, 'name a command')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(cliVersion())
    .exitProcess(false)
    .wrap(width);
}
