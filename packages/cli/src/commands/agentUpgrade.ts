import { basename } from 'node:path';
import { watchMaster } from '../agent/NodeWatcher.js';
import { openNode } from '../agent/openNode.js';
import { replaceAgent } from '../agent/replaceAgent.js';
import type { ReplaceDeps } from '../agent/ReplaceDeps.js';
import { resolveTargets, type UpgradeTarget } from '../agent/resolveTargets.js';
import { StepRecorder } from '../agent/StepRecorder.js';
import { upgradeOrder } from '../agent/upgradeOrder.js';
import { agentOptions, replaceDeps, requireMaster, sourceOf, type AgentOptions } from './agentOptions.js';
import { finishReport, type NodeReport } from './agentReport.js';
import type { CommandContext } from './context.js';

/** The steps of one node, in order, for the spinner. */
export const UPGRADE_STEPS = [
  'binary',
  'connect',
  'inspect',
  'upload',
  'checksum',
  'self-test',
  'announce',
  'install',
  'restart',
  'register',
  'soak',
] as const;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function dryRunNode(
  deps: ReplaceDeps,
  t: UpgradeTarget,
  version: string,
  o: AgentOptions,
  rec: StepRecorder,
) {
  const { session, seen } = await openNode(deps, t, rec, false);
  session.close();
  const b = t.binaryPath;
  const plan = [
    `upload mcp-agent ${version} (${t.arch}) to ${b}.new, check its sha256 and --version there`,
    seen.hasBinary ? `keep ${b} as ${b}.prev, mv -f ${b}.new ${b}` : `mv -f ${b}.new ${b}`,
    `tell the master to expect ${t.name}'s agent to restart (ExpectRestart), so it shows it restarting, not failed`,
    `run: ${t.restart}`,
    `wait ${o.verifyTimeout}s for it to register and heartbeat with ${version}, then ${o.soak}s healthy`,
    seen.hasBinary
      ? `if not: put ${b}.prev back, restart, wait for the old version`
      : 'if not: nothing to roll back to',
  ];
  rec.record({ step: 'plan', success: true, detail: plan.join('\n'), error: '' });
}

/**
 * `mcp agent upgrade [node...]`: replaces the agent on each node by the
 * verified path (see `replaceAgent`). No node named: every node the master
 * knows, canary worker first, the master's node last. The run stops at the
 * first node that fails; later nodes are reported `skipped`. Exit 1 if a
 * node failed (even when it was rolled back).
 */
export async function agentUpgradeCommand(
  ctx: CommandContext,
  names: string[],
  args: Record<string, unknown>,
): Promise<number> {
  requireMaster(ctx, 'agent upgrade');
  const o = agentOptions(args);
  const force = args.force === true;
  const source = sourceOf(o);
  // Bad binaries are a usage error: found before anything is contacted.
  const version = await source.version();
  const watcher = await watchMaster(ctx.config, ctx.timeoutMs);
  try {
    const targets = resolveTargets(ctx.config, await watcher.list(), names);
    // Named nodes go in the order given; otherwise the safe order.
    const order = names.length > 0 ? targets.map((node) => ({ node, canary: false })) : upgradeOrder(targets);
    await source.check([...new Set(targets.map((t) => t.arch))]);
    const deps = replaceDeps(ctx, o, watcher);
    if (!ctx.out.json) {
      const list = order.map(({ node, canary }) => (canary ? `${node.name} (canary)` : node.name)).join(', ');
      ctx.out.line(
        `${o.dryRun ? 'would upgrade' : 'upgrading'} to mcp-agent ${version} from ${source.describe}: ${list}`,
      );
    }
    const reports: NodeReport[] = [];
    let stopped = false;
    for (const { node: t, canary } of order) {
      const from = t.info?.agentVersion ?? '';
      const report: NodeReport = {
        node: t.name,
        role: t.role,
        arch: t.arch,
        canary,
        from,
        to: version,
        result: 'skipped',
        steps: [],
        error: '',
      };
      reports.push(report);
      if (stopped) continue;
      if (!force && from === version) {
        report.result = 'unchanged';
        if (!ctx.out.json) ctx.out.line(`${t.name}: already runs ${version} (--force to reinstall)`);
        continue;
      }
      if (!ctx.out.json)
        ctx.out.line(
          `${t.name} (${t.role}, ${t.arch}${canary ? ', canary' : ''}): ${from || '?'} → ${version}`,
        );
      const rec = new StepRecorder(ctx.out.json ? undefined : ctx.terminal);
      report.steps = rec.steps;
      rec.phase(o.dryRun ? ['connect', 'inspect', 'plan'] : UPGRADE_STEPS);
      try {
        if (o.dryRun) {
          await dryRunNode(deps, t, version, o, rec);
          report.result = 'planned';
          continue;
        }
        const binary = await rec.run(
          'binary',
          () => source.binary(t.arch),
          (b) =>
            `${basename(b.path)} ${b.version}, ${mib(b.size)}, sha256 ${b.sha256.slice(0, 16)}… (${b.how})`,
        );
        const result = await replaceAgent(deps, t, { kind: 'upload', binary }, rec);
        report.result =
          result.outcome === 'replaced'
            ? 'upgraded'
            : result.outcome === 'restored'
              ? 'rolled-back'
              : 'failed';
        report.error = result.error;
      } catch (error) {
        report.result = 'failed';
        report.error = (error as Error).message;
      } finally {
        rec.stop();
      }
      if (report.result === 'upgraded') continue;
      // A dry run checks every node; a real one stops at the first failure.
      stopped = !o.dryRun;
      if (!ctx.out.json) {
        const what = report.result === 'rolled-back' ? `FAILED, rolled back to ${from}` : 'FAILED';
        ctx.out.line(`${t.name}: ${what}: ${report.error}`);
      }
    }
    return finishReport(ctx, { dryRun: o.dryRun, version, nodes: reports }, ['failed', 'rolled-back']);
  } finally {
    watcher.close();
  }
}
