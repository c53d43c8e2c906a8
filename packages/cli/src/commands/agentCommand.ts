import type { Argv } from 'yargs';
import type { Runner } from '../cliParser.js';

// Loaded when the command runs (SSH, gRPC): see cliParser.ts.
const upgrade = () => import('./agentUpgrade.js');
const rollback = () => import('./agentRollback.js');
const status = () => import('./agentStatus.js');

const EXITS =
  'Exit codes: 0 done; 1 a node failed (rolled back or not) or cannot be reached; 2 bad usage or config.';
const NEEDS =
  'Each node needs in [[nodes]]: ssh, host_key (pinned; any other key is refused before anything is sent), restart, and optionally arch and binary_path (default /srv/mcp/mcp-agent).';

/** Options of upgrade and rollback. */
function replaceOptions<T>(y: Argv<T>) {
  return y
    .option('dry-run', {
      type: 'boolean',
      default: false,
      describe: 'check each node over SSH and print what would be done',
    })
    .option('binaries', {
      type: 'string',
      describe: 'prebuilt binaries: a dir with manifest.json and mcp-agent-linux-<arch>',
      defaultDescription: "this workspace's build, made or reused",
    })
    .option('identity', {
      alias: 'i',
      type: 'string',
      describe: 'SSH private key file',
      defaultDescription: 'ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa',
    })
    .option('verify-timeout', {
      type: 'number',
      default: 60,
      describe: 'seconds a restarted agent has to register and heartbeat',
    })
    .option('soak', {
      type: 'number',
      default: 10,
      describe: 'seconds it must then stay healthy without restarting',
    });
}

/** `mcp agent <upgrade|rollback|status>`. */
export function agentCommand<T>(y: Argv<T>, run: Runner): Argv<T> {
  return y
    .command(
      'upgrade [nodes..]',
      'replace mcp-agent on nodes by the verified path; rolls a failed node back and stops',
      (z) =>
        replaceOptions(z)
          .positional('nodes', {
            type: 'string',
            array: true,
            describe: 'nodes, in this order (default: every node, safe order)',
          })
          .option('force', {
            type: 'boolean',
            default: false,
            describe: 'also reinstall on nodes that run the version already',
          })
          .example('$0 agent upgrade --dry-run', 'what would happen on every node, checked over SSH')
          .example(
            '$0 agent upgrade',
            'every node: a worker first as canary, other workers, edges, the master node last',
          )
          .example('$0 agent upgrade hyperborea --verify-timeout 120', 'one (slow) node')
          .example('$0 agent upgrade --binaries ./dist-bin --json', 'prebuilt binaries, result as JSON')
          .epilog(
            `Per node: upload <binary_path>.new over SFTP, check its sha256 and --version on the node, keep the running binary as .prev, mv -f into place, run the restart command, wait for the agent to register and heartbeat with the new version, then soak. If it does not pass, .prev is put back and restarted, and the run stops.\n${NEEDS}\n${EXITS}`,
          ),
      run(60, async (ctx, a) =>
        (await upgrade()).agentUpgradeCommand(ctx, (a.nodes as string[] | undefined) ?? [], a),
      ),
    )
    .command(
      'rollback [node]',
      "put a node's <binary_path>.prev back, by the same verified path",
      (z) =>
        replaceOptions(z)
          .positional('node', { type: 'string', describe: 'the node (required)' })
          .example('$0 agent rollback orion', 'orion runs its previous agent again (verified)')
          .example('$0 agent rollback orion --dry-run', 'which version .prev is, and the plan')
          .epilog(
            `The binary rolled back from becomes .prev, so a second rollback undoes the first.\n${NEEDS}\n${EXITS}`,
          ),
      run(60, async (ctx, a) =>
        (await rollback()).agentRollbackCommand(ctx, a.node as string | undefined, a),
      ),
    )
    .command(
      'status',
      "each node's agent version, the version an upgrade would install, and skew",
      (z) =>
        z
          .option('binaries', { type: 'string', describe: 'prebuilt binaries dir, as for upgrade' })
          .example('$0 agent status', 'versions across the fleet; warnings for skew on stderr')
          .example('$0 agent status --json', 'for scripts')
          .epilog(
            'Exit codes: 0 done (skew is a warning); 1 the master cannot be reached; 2 bad usage or config.',
          ),
      run(10, async (ctx, a) => (await status()).agentStatusCommand(ctx, a)),
    )
    .demandCommand(1, 'name an agent command: upgrade, rollback or status');
}
