import { FindingKind, type Finding, type ServiceStatus } from '@mcp/proto';
import { age, table, toJson, utcMinute } from '../render.js';
import { callAgent } from './callAgent.js';
import { callMaster } from './callMaster.js';
import type { CommandContext } from './context.js';

async function fetchStatus(
  ctx: CommandContext,
  service: string,
): Promise<{ node: string; services: ServiceStatus[]; findings: Finding[] }> {
  if (!ctx.direct) {
    const reply = await callMaster(ctx, (c, o) => c.status({ service }, o));
    return { node: 'the fleet', services: reply.services, findings: reply.findings };
  }
  const { node, reply } = await callAgent(ctx, (c, o) => c.status({ service }, o));
  // The agent leaves `node` to the master; in direct mode it is the node asked.
  return { node, services: reply.services.map((s) => ({ ...s, node: s.node || node })), findings: [] };
}

/** `mcp ps`: one row per container. */
export async function psCommand(ctx: CommandContext): Promise<number> {
  const { node, services } = await fetchStatus(ctx, '');
  const containers = services.flatMap((s) =>
    s.components.map(({ name, ...c }) => ({ service: s.name, component: name, node: s.node, ...c })),
  );
  // A node whose agent did not answer lists nothing: say so rather than leave its containers out silently.
  const unseen = services.filter((s) => s.observedUnknown);
  for (const s of unseen)
    ctx.out.note(`mcp: ${s.name}: not listed; the agent on ${s.node} did not answer (see mcp status)`);
  const code = unseen.length > 0 ? 1 : 0;
  if (ctx.out.json) {
    ctx.out.line(toJson(containers));
    return code;
  }
  if (containers.length === 0) {
    ctx.out.line(`no containers on ${node}`);
    return code;
  }
  const now = new Date();
  const rows = containers.map((c) => [
    c.containerName,
    c.service,
    c.node,
    c.state,
    c.state === 'running' ? age(c.startedAt, now) : '-',
    c.image,
    c.routes.map((r) => `${r.hostPort}->${r.port}`).join(',') || '-',
  ]);
  ctx.out.line(table(['container', 'service', 'node', 'state', 'up', 'image', 'ports'], rows));
  return code;
}

function earliestCertExpiry(s: ServiceStatus): Date | undefined {
  const dates = s.components
    .flatMap((c) => c.routes.map((r) => r.certExpiresAt))
    .filter((d) => d !== undefined);
  return dates.sort((a, b) => a.getTime() - b.getTime())[0];
}

/** `mcp status [service]`: one row per service, then drift and routes; 1 if any service drifts. */
export async function statusCommand(ctx: CommandContext, service: string | undefined): Promise<number> {
  const { node, services, findings } = await fetchStatus(ctx, service ?? '');
  const drift = services.some((s) => s.drift) || findings.length > 0;
  if (ctx.out.json) {
    ctx.out.line(
      toJson({ node, drift, services, findings: findings.map((f) => ({ ...f, kind: findingName(f.kind) })) }),
    );
    return drift ? 1 : 0;
  }
  if (services.length === 0) {
    ctx.out.line(`no services on ${node}`);
    printFindings(ctx, findings);
    return findings.length ? 1 : 0;
  }
  // A service whose agent did not answer has its desired state from the
  // master's records and nothing observed: no count, no drift, just why.
  const rows = services.map((s) => [
    s.name,
    s.node,
    s.active ? 'running' : 'stopped',
    s.observedUnknown
      ? 'unknown'
      : `${s.components.filter((c) => c.state === 'running').length}/${s.components.length}`,
    s.observedUnknown ? 'unknown' : utcMinute(earliestCertExpiry(s)),
    s.observedUnknown ? 'unknown' : serviceHealth(s),
    s.observedUnknown ? 'UNKNOWN' : s.drift ? 'DRIFT' : 'ok',
  ]);
  ctx.out.line(table(['service', 'node', 'desired', 'containers', 'cert expires', 'health', 'state'], rows));
  for (const s of services) {
    for (const reason of s.driftReasons) {
      ctx.out.line(`  ${s.name}: ${s.observedUnknown ? 'observed state ' : 'drift: '}${reason}`);
    }
    if (!service) continue;
    for (const c of s.components) {
      if (c.health) {
        const when = c.healthCheckedAt ? `, ${age(c.healthCheckedAt, new Date())} ago` : '';
        ctx.out.line(`  ${c.name}: ${c.health} (${c.healthDetail}${when})`);
      }
      for (const r of c.routes) {
        const proxy = r.proxyRoutePresent ? '' : ' (not in the proxy)';
        const where = `host port ${r.hostPort} -> ${c.containerName}:${r.port}`;
        const url = r.mode === 'l4' ? `${r.hostname} (l4)` : `https://${r.hostname}`;
        const notes = `${proxy}${r.public ? ' (public)' : ''}`;
        ctx.out.line(`  ${c.name}: ${url} -> ${where}, cert until ${utcMinute(r.certExpiresAt)}${notes}`);
      }
    }
  }
  printFindings(ctx, findings);
  return drift ? 1 : 0;
}

/**
 * A service's health in one word, from its components' last checks:
 * `UNHEALTHY` if any failed, `healthy` if all that were checked passed,
 * `-` when none was checked yet (or it has no routes to check).
 */
function serviceHealth(s: ServiceStatus): string {
  const checked = s.components.filter((c) => c.health);
  if (checked.some((c) => c.health !== 'healthy')) return 'UNHEALTHY';
  return checked.length ? 'healthy' : '-';
}

/** `stale-placement`, `orphan`, ... for people and JSON. */
function findingName(kind: FindingKind): string {
  return FindingKind[kind].replace('FINDING_KIND_', '').toLowerCase().replace(/_/g, '-');
}

function printFindings(ctx: CommandContext, findings: Finding[]): void {
  if (findings.length === 0) return;
  ctx.out.line('');
  ctx.out.line(
    table(
      ['finding', 'service', 'node', 'detail'],
      findings.map((f) => [findingName(f.kind), f.service || '-', f.node || '-', f.message]),
    ),
  );
}
