import { watchMaster } from '../agent/NodeWatcher.js';
import { CliError } from '../CliError.js';
import { openNode } from '../agent/openNode.js';
import { replaceAgent } from '../agent/replaceAgent.js';
import { resolveTargets } from '../agent/resolveTargets.js';
import { StepRecorder } from '../agent/StepRecorder.js';
import { agentOptions, replaceDeps, requireMaster } from './agentOptions.js';
import { finishReport, type NodeReport } from './agentReport.js';
import type { CommandContext } from './context.js';

/**
 * `mcp agent rollback <node>`: puts `<binary_path>.prev` back by the same
 * verified path as an upgrade (its `--version` on the node, keep the running
 * binary as `.prev`, `mv -f`, restart, register, soak; restored if it
 * fails). Exit 0 rolled back, 1 otherwise.
 */
export async function agentRollbackCommand(
  ctx: CommandContext,
  name: string | undefined,
  args: Record<string, unknown>,
): Promise<number> {
  if (!name) throw new CliError('agent rollback needs a node: mcp agent rollback <node>', 2);
  requireMaster(ctx, 'agent rollback');
  const o = agentOptions(args);
  const watcher = await watchMaster(ctx.config, ctx.timeoutMs);
  try {
    const [t] = resolveTargets(ctx.config, await watcher.list(), [name]);
    const deps = replaceDeps(ctx, o, watcher);
    const from = t!.info?.agentVersion ?? '';
    const report: NodeReport = {
      node: name,
      role: t!.role,
      arch: t!.arch,
      canary: false,
      from,
      to: '',
      result: 'failed',
      steps: [],
      error: '',
    };
    const rec = new StepRecorder(ctx.out.json ? undefined : ctx.terminal);
    report.steps = rec.steps;
    if (!ctx.out.json)
      ctx.out.line(
        `${name} (${t!.role}, ${t!.arch}): ${o.dryRun ? 'would roll back' : 'rolling back'} from ${from || '?'} to ${t!.binaryPath}.prev`,
      );
    try {
      if (o.dryRun) {
        rec.phase(['connect', 'inspect', 'self-test', 'plan']);
        const { session, remote } = await openNode(deps, t!, rec, true);
        try {
          report.to = await rec.run(
            'self-test',
            () => remote.versionOf('.prev'),
            (v) => `.prev --version: ${v}`,
          );
        } finally {
          session.close();
        }
        const plan = `tell the master to expect a restart, put ${t!.binaryPath}.prev (${report.to}) in place, keep the current binary as .prev, run: ${t!.restart}, wait ${o.verifyTimeout}s, soak ${o.soak}s`;
        rec.record({ step: 'plan', success: true, detail: plan, error: '' });
        report.result = 'planned';
      } else {
        rec.phase([
          'connect',
          'inspect',
          'self-test',
          'stage',
          'announce',
          'install',
          'restart',
          'register',
          'soak',
        ]);
        const result = await replaceAgent(deps, t!, { kind: 'previous' }, rec);
        report.to = result.version ?? '';
        report.result = result.outcome === 'replaced' ? 'rolled-back' : result.outcome;
        report.error = result.error;
      }
    } catch (error) {
      report.error = (error as Error).message;
    } finally {
      rec.stop();
    }
    if (!ctx.out.json && report.error)
      ctx.out.line(
        `${name}: FAILED${report.result === 'restored' ? `, ${from} restored` : ''}: ${report.error}`,
      );
    return finishReport(ctx, { dryRun: o.dryRun, version: report.to, nodes: [report] }, [
      'failed',
      'restored',
    ]);
  } finally {
    watcher.close();
  }
}
