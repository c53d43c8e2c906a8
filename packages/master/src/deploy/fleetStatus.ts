import { FindingKind, type Finding, type ServiceStatus } from '@mcp/proto';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';

/** Every placed service with what its agent says, plus what needs an operator's eye. */
export interface FleetStatus {
  services: ServiceStatus[];
  findings: Finding[];
}

/**
 * Asks every registered agent for its services in parallel, each with
 * `timeoutMs`; an agent that does not answer makes its services `unknown`
 * and the rest still answer. Read-only: it reports stale placements (placed
 * but not running), orphans (running but not placed, such as direct-mode
 * deploys) and unhealthy nodes, and changes nothing.
 */
export async function fleetStatus(
  deps: { store: MasterStore; fleet: Fleet; agents: AgentPool },
  timeoutMs: number,
  only?: string,
): Promise<FleetStatus> {
  const nodes = deps.fleet.list();
  const placements = deps.store.listPlacements().filter((p) => !only || p.service === only);
  const answers = await Promise.all(
    nodes.map(async (n) => {
      try {
        const reply = await deps.agents
          .client(n.record.address)
          .status({ service: '' }, { signal: AbortSignal.timeout(timeoutMs) });
        return { node: n.record.name, services: reply.services };
      } catch (error) {
        return { node: n.record.name, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const findings: Finding[] = [];
  const reported = new Map<string, ServiceStatus>();
  const unreachable = new Set<string>();
  for (const a of answers) {
    if ('error' in a) {
      unreachable.add(a.node);
      findings.push({
        kind: FindingKind.FINDING_KIND_AGENT_UNREACHABLE,
        service: '',
        node: a.node,
        message: `${a.node} did not answer: ${a.error}`,
      });
      continue;
    }
    for (const s of a.services ?? []) reported.set(`${a.node}/${s.name}`, { ...s, node: a.node });
  }
  for (const n of nodes.filter((x) => x.health === 'unhealthy')) {
    findings.push({
      kind: FindingKind.FINDING_KIND_UNHEALTHY_NODE,
      service: '',
      node: n.record.name,
      message: `${n.record.name} is unhealthy`,
    });
  }
  const services: ServiceStatus[] = [];
  const placed = new Set<string>();
  for (const p of placements) {
    placed.add(`${p.node}/${p.service}`);
    const status = reported.get(`${p.node}/${p.service}`);
    if (status) {
      services.push(status);
      const stale = status.active && status.components.some((c) => c.state !== 'running');
      if (stale) {
        findings.push({
          kind: FindingKind.FINDING_KIND_STALE_PLACEMENT,
          service: p.service,
          node: p.node,
          message: `${p.service} is placed on ${p.node} but not running`,
        });
      }
    } else {
      services.push({
        name: p.service,
        node: p.node,
        active: false,
        specHash: p.specHash,
        components: [],
        drift: true,
        driftReasons: [
          unreachable.has(p.node) ? 'unknown: agent did not answer' : 'not deployed on its node',
        ],
      });
      if (!unreachable.has(p.node)) {
        findings.push({
          kind: FindingKind.FINDING_KIND_STALE_PLACEMENT,
          service: p.service,
          node: p.node,
          message: `${p.service} is placed on ${p.node} but its agent does not have it`,
        });
      }
    }
  }
  for (const [key, status] of reported) {
    if (placed.has(key) || (only && status.name !== only)) continue;
    findings.push({
      kind: FindingKind.FINDING_KIND_ORPHAN,
      service: status.name,
      node: status.node,
      message: `${status.name} runs on ${status.node} without a placement`,
    });
  }
  return { services, findings };
}
