import type { Revision } from '@mcp/proto';
import { CliError } from '../CliError.js';
import { table, toJson, utcMinute } from '../render.js';
import { StepDisplay } from '../StepDisplay.js';
import { callMaster } from './callMaster.js';
import type { CommandContext } from './context.js';

function throughMaster(ctx: CommandContext, what: string): void {
  if (ctx.direct)
    throw new CliError(`${what} works through the master, which keeps the revisions; drop --direct`, 2);
}

/** `component=image` per component: what a revision ran. */
const imagesOf = (r: Revision): string =>
  (r.spec?.components ?? []).map((c) => `${c.name}=${c.image}`).join(' ');

/** `mcp history <service>`: the kept revisions, newest (the current one) first. */
export async function historyCommand(ctx: CommandContext, service: string): Promise<number> {
  throughMaster(ctx, 'history');
  const { revisions } = await callMaster(ctx, (c, o) => c.history({ service }, o));
  if (ctx.out.json) {
    ctx.out.line(toJson(revisions.map((r, i) => ({ ...r, current: i === 0 }))));
    return 0;
  }
  if (revisions.length === 0) {
    ctx.out.line(`${service}: no revisions (the master records one at each deploy)`);
    return 0;
  }
  const rows = revisions.map((r, i) => [
    `${r.revision}${i === 0 ? ' *' : ''}`,
    utcMinute(r.deployedAt),
    r.deployedBy,
    imagesOf(r),
    r.note,
  ]);
  ctx.out.line(table(['revision', 'deployed', 'by', 'images', 'note'], rows));
  ctx.out.line('* current');
  return 0;
}

/**
 * `mcp rollback <service> [--to N]`: deploys the previous (or the named)
 * revision by the same path as a deploy, streaming its steps.
 */
export async function rollbackCommand(
  ctx: CommandContext,
  service: string,
  to: number | undefined,
): Promise<number> {
  throughMaster(ctx, 'rollback');
  if (to !== undefined && (!Number.isInteger(to) || to < 1)) {
    throw new CliError(`--to must be a revision number (see mcp history ${service}), got ${to}`, 2);
  }
  const display = new StepDisplay(ctx.terminal.out, ctx.terminal.live, [
    'placement',
    'deploy',
    'dns',
    'edge_route',
  ]);
  const { result, revision } = await callMaster(
    ctx,
    async (client, options) => {
      if (!ctx.out.json) display.start();
      try {
        for await (const event of client.rollback({ service, toRevision: to ?? 0 }, options)) {
          if (event.step && !ctx.out.json) display.step(event.step);
          if (event.result) return { result: event.result, revision: event.revision };
        }
      } finally {
        display.stop();
      }
      throw new CliError('the master ended the rollback without a result', 1);
    },
    (target) => ctx.out.json || ctx.out.note(`rolling ${service} back through the ${target} ...`),
  );
  if (ctx.out.json) {
    ctx.out.line(toJson({ service, revision, ...result }));
  } else {
    ctx.out.line(
      result.success
        ? `${service} rolled back to revision ${revision} on ${result.node}`
        : `${service}: rollback to revision ${revision} FAILED on ${result.node || '(no node)'}`,
    );
  }
  return result.success ? 0 : 1;
}
