import { loadServicesDir, specToProto } from '@mcp/spec';
import { NodeStatus, SyncAction, type NodeInfo } from '@mcp/proto';
import { CliError } from '../CliError.js';
import { stepLine, table, toJson } from '../render.js';
import { callMaster } from './callMaster.js';
import { formatNodeList } from './formatNodeList.js';
import type { CommandContext } from './context.js';

const actionName = (a: SyncAction): string => SyncAction[a].replace('SYNC_ACTION_', '').toLowerCase();
const statusName = (s: NodeStatus): string => NodeStatus[s].replace('NODE_STATUS_', '').toLowerCase();

/**
 * `mcp sync [--dry-run]`: makes the fleet match every service file in
 * services_dir. Exit 1 if any change failed or could not be placed.
 */
export async function syncCommand(ctx: CommandContext, dryRun: boolean): Promise<number> {
  if (ctx.direct) throw new CliError('sync works through the master; drop --direct', 2);
  let specs;
  try {
    specs = await loadServicesDir(ctx.config.servicesDir);
  } catch (error) {
    throw new CliError((error as Error).message, 2, { cause: error });
  }
  const reply = await callMaster(
    ctx,
    (c, o) => c.sync({ specs: specs.map(specToProto), dryRun }, o),
    (target) =>
      ctx.out.json ||
      ctx.out.note(`${dryRun ? 'planning' : 'syncing'} ${specs.length} services with the ${target} ...`),
  );
  const failed = reply.results.some((r) => !r.success) || reply.plan.some((e) => e.error !== '');
  if (ctx.out.json) {
    ctx.out.line(
      toJson({
        dryRun,
        plan: reply.plan.map((e) => ({ ...e, action: actionName(e.action) })),
        results: reply.results.map((r) => ({ ...r, action: actionName(r.action) })),
        success: !failed,
      }),
    );
    return failed ? 1 : 0;
  }
  const rows = reply.plan.map((e) => [e.service, actionName(e.action), e.node || '-', e.error || '']);
  ctx.out.line(table(['service', 'action', 'node', 'problem'], rows));
  for (const r of reply.results) {
    ctx.out.line(`${r.service} (${actionName(r.action)}): ${r.success ? 'done' : 'FAILED'}`);
    for (const s of r.steps.filter((x) => !x.success)) ctx.out.line(`  ${stepLine(s)}`);
  }
  const changes = reply.plan.filter((e) => e.action !== SyncAction.SYNC_ACTION_UNCHANGED).length;
  ctx.out.line(
    dryRun
      ? `dry run: ${changes} change(s) planned, nothing done`
      : failed
        ? 'sync: FAILED'
        : `sync: ${changes} change(s) applied`,
  );
  return failed ? 1 : 0;
}

/** `mcp node list`: every registered node with the state the master is in, and why when it is not healthy. */
export async function nodeListCommand(ctx: CommandContext): Promise<number> {
  if (ctx.direct) throw new CliError('node list works through the master; drop --direct', 2);
  const { nodes } = await callMaster(ctx, (c, o) => c.listNodes({}, o));
  if (ctx.out.json) {
    ctx.out.line(toJson(nodes.map((n: NodeInfo) => ({ ...n, status: statusName(n.status) }))));
    return 0;
  }
  if (nodes.length === 0) {
    ctx.out.line('no nodes registered');
    return 0;
  }
  ctx.out.line(formatNodeList(nodes, new Date()));
  return 0;
}
