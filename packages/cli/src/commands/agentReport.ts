import type { StepRecord } from '../agent/StepRecorder.js';
import { toJson } from '../render.js';
import type { CommandContext } from './context.js';

/** What `--json` reports for one node of `mcp agent upgrade` or `rollback`. */
export interface NodeReport {
  node: string;
  role: string;
  arch: string;
  canary: boolean;
  /** The version the master reported before. */
  from: string;
  to: string;
  /** upgraded, rolled-back (failed, previous restored), failed, unchanged, skipped (after a failure), planned (dry run). */
  result: 'upgraded' | 'rolled-back' | 'restored' | 'failed' | 'unchanged' | 'skipped' | 'planned';
  steps: StepRecord[];
  error: string;
}

/** Prints the run's outcome (`--json`: one document) and returns the exit code: 1 if any node failed. */
export function finishReport(
  ctx: CommandContext,
  run: { dryRun: boolean; version: string; nodes: NodeReport[] },
  failedResults: readonly NodeReport['result'][],
): number {
  const failed = run.nodes.filter((n) => failedResults.includes(n.result));
  if (ctx.out.json) {
    ctx.out.line(toJson({ ...run, success: failed.length === 0 }));
    return failed.length ? 1 : 0;
  }
  for (const n of run.nodes.filter((x) => x.result === 'skipped')) {
    ctx.out.line(`${n.node}: skipped, not touched (an earlier node failed)`);
  }
  const count = (r: NodeReport['result']) => run.nodes.filter((n) => n.result === r).length;
  const summary = (
    ['upgraded', 'rolled-back', 'restored', 'failed', 'unchanged', 'skipped', 'planned'] as const
  )
    .filter((r) => count(r) > 0)
    .map((r) => `${count(r)} ${r}`)
    .join(', ');
  ctx.out.line(
    `${run.dryRun ? 'dry run: ' : ''}${summary || 'nothing to do'}${failed.length ? ' — FAILED' : ''}`,
  );
  return failed.length ? 1 : 0;
}
