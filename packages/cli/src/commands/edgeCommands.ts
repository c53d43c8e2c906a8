import { NodeStatus, type EdgeRoute } from '@mcp/proto';
import { CliError } from '../CliError.js';
import { table, toJson, utcMinute } from '../render.js';
import { callMaster } from './callMaster.js';
import type { CommandContext } from './context.js';

const statusName = (s: NodeStatus): string => NodeStatus[s].replace('NODE_STATUS_', '').toLowerCase();
const backendOf = (r: EdgeRoute): string => `${r.backendHostname}:${r.backendPort}`;

function throughMaster(ctx: CommandContext, what: string): void {
  if (ctx.direct) throw new CliError(`${what} works through the master; drop --direct`, 2);
}

/** `mcp edge list`: every public route the master set up, where, to what, and its certificate. */
export async function edgeListCommand(ctx: CommandContext): Promise<number> {
  throughMaster(ctx, 'edge list');
  const { routes } = await callMaster(ctx, (c, o) => c.listEdgeRoutes({}, o));
  if (ctx.out.json) {
    ctx.out.line(toJson(routes.map(({ backendReachable: _r, backendProblem: _p, ...r }) => r)));
    return 0;
  }
  if (routes.length === 0) {
    ctx.out.line('no public routes (a route with public = true gets one at deploy)');
    return 0;
  }
  const rows = routes.map((r) => [
    `https://${r.hostname}`,
    r.service,
    r.edgeNode,
    backendOf(r),
    utcMinute(r.certExpiresAt),
  ]);
  ctx.out.line(table(['public name', 'service', 'edge', 'backend', 'cert expires'], rows));
  return 0;
}

/**
 * `mcp edge status`: per edge node, what it serves, whether it reaches each
 * backend over TLS right now, and how that differs from what the master
 * recorded. Exit 1 when a backend is unreachable, a route differs, or an
 * edge does not answer.
 */
export async function edgeStatusCommand(ctx: CommandContext): Promise<number> {
  throughMaster(ctx, 'edge status');
  const { edges } = await callMaster(ctx, (c, o) => c.edgeStatus({}, o));
  const unwell = edges.some(
    (e) =>
      e.status !== NodeStatus.NODE_STATUS_HEALTHY ||
      e.missingHostnames.length + e.unexpectedHostnames.length + e.differingHostnames.length > 0 ||
      e.routes.some((r) => !r.backendReachable),
  );
  if (ctx.out.json) {
    ctx.out.line(toJson({ ok: !unwell, edges: edges.map((e) => ({ ...e, status: statusName(e.status) })) }));
    return unwell ? 1 : 0;
  }
  if (edges.length === 0) {
    ctx.out.line('no edge node is registered; public routes need one');
    return 0;
  }
  for (const edge of edges) {
    ctx.out.line(`${edge.node}: ${statusName(edge.status)}, ${edge.routes.length} route(s)`);
    if (edge.routes.length) {
      const rows = edge.routes.map((r) => [
        `https://${r.hostname}`,
        `${backendOf(r)} (${r.backendAddress || '?'})`,
        r.backendReachable ? 'reachable' : 'DOWN',
        utcMinute(r.certExpiresAt),
        r.backendProblem,
      ]);
      ctx.out.line(table(['public name', 'backend', 'backend tls', 'cert expires', 'problem'], rows));
    }
    for (const h of edge.missingHostnames)
      ctx.out.line(`  missing: ${h} is recorded by the master but not served by ${edge.node}`);
    for (const h of edge.differingHostnames)
      ctx.out.line(`  differs: ${h} forwards elsewhere than the master recorded`);
    for (const h of edge.unexpectedHostnames)
      ctx.out.line(`  unexpected: ${edge.node} serves ${h}, which the master did not record`);
  }
  return unwell ? 1 : 0;
}
