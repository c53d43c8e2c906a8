import type { StepResult } from '@mcp/proto';
import { ClientError, Status } from 'nice-grpc';
import { removeEdgeRoute } from './applyEdgePlan.js';
import { describeCallError } from './describeCallError.js';
import { step, type DeployDeps } from './DeployDeps.js';
import { OrchestratorError } from './OrchestratorError.js';

/**
 * Undeploys backend first: the agent (containers, routes, certificates),
 * then the service's edge routes, then DNS, then the placement record. Stops at the first failure so a
 * retry can finish the job.
 *
 * @throws OrchestratorError `NOT_DEPLOYED`, `NODE_NOT_REGISTERED`.
 */
export async function undeployService(
  deps: DeployDeps,
  service: string,
): Promise<{ node: string; steps: StepResult[] }> {
  const placement = deps.store.getPlacement(service);
  if (!placement)
    throw new OrchestratorError('NOT_DEPLOYED', `service ${service} is not deployed (no placement)`);
  const record = deps.fleet.get(placement.node);
  if (!record) {
    throw new OrchestratorError(
      'NODE_NOT_REGISTERED',
      `node ${placement.node} of ${service} is not registered`,
    );
  }
  const steps: StepResult[] = [];
  try {
    const reply = await deps.agents
      .client(record)
      .undeploy({ service }, { signal: AbortSignal.timeout(deps.timeouts.undeployMs) });
    const failed = reply.steps.filter((s) => !s.success);
    steps.push(step('undeploy', failed.length === 0, failed.map((s) => `${s.step}: ${s.error}`).join('; ')));
  } catch (error) {
    if (error instanceof ClientError && error.code === Status.NOT_FOUND) {
      steps.push(step('undeploy', true, '', 'not on the agent any more'));
    } else {
      steps.push(step('undeploy', false, `agent on ${placement.node}: ${describeCallError(error)}`));
    }
  }
  // Backend first, then the edge: a failed edge cleanup leaves a route that
  // answers 502 (its backend is gone), never stale content.
  if (steps.every((s) => s.success)) {
    for (const route of deps.store.listEdgeRoutes().filter((r) => r.service === service)) {
      steps.push(await removeEdgeRoute(deps, route));
    }
  }
  if (steps.every((s) => s.success)) {
    const records = deps.store.dnsRecordsOf(service);
    try {
      for (const r of records) {
        await deps.dns.deleteA(r.name);
        deps.store.deleteDnsRecord(r.name);
      }
      const detail = records.length ? `removed ${records.map((r) => r.name).join(', ')}` : 'no records';
      steps.push(step('dns', true, '', detail));
    } catch (error) {
      steps.push(step('dns', false, describeCallError(error)));
    }
  }
  if (steps.every((s) => s.success)) {
    deps.store.deletePlacement(service);
    steps.push(step('record', true, '', 'placement removed'));
  }
  const ok = steps.every((s) => s.success);
  deps.store.event('undeploy', `${service} on ${placement.node}: ${ok ? 'done' : 'FAILED'}`, deps.now(), {
    service,
    node: placement.node,
  });
  return { node: placement.node, steps };
}
