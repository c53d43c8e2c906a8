import type { StepResult } from '@mcp/proto';
import type { DeployPlan, RefusedDeploy } from '@mcp/reconcile';
import { specToProto, type ServiceSpec } from '@mcp/spec';
import { applyDnsPlan } from './applyDnsPlan.js';
import { applyEdgePlan } from './applyEdgePlan.js';
import { describeCallError } from './describeCallError.js';
import { step, type DeployDeps } from './DeployDeps.js';

/** The end of a deploy. */
export interface DeployOutcome {
  node: string;
  placementReason: string;
  steps: StepResult[];
  changed: boolean;
  success: boolean;
  /** Refused for the spec itself, before anything was done (see `RefusedDeploy`). */
  badRequest: boolean;
}

/**
 * Runs a planned deploy, step by step: placement (as planned), the agent's
 * deploy, the placement record, DNS, the routes at the edge. Stops when the
 * agent's deploy fails (DNS and edge steps report their own failures); each
 * step is reported to `onStep` as it completes.
 */
export async function applyDeploy(
  deps: DeployDeps,
  spec: ServiceSpec,
  plan: DeployPlan | RefusedDeploy,
  onStep: (s: StepResult) => void,
): Promise<DeployOutcome> {
  const steps: StepResult[] = [];
  const emit = (s: StepResult) => {
    steps.push(s);
    onStep(s);
  };
  const end = (outcome: Omit<DeployOutcome, 'steps'>): DeployOutcome =>
    finish(deps, spec, { ...outcome, steps });
  if (!plan.ok) {
    emit(step('placement', false, plan.error));
    return end({
      node: '',
      placementReason: '',
      changed: false,
      success: false,
      badRequest: plan.badRequest,
    });
  }
  const { node, reason } = plan;
  emit(step('placement', true, '', `${node} (${reason})`));
  let agentChanged: boolean;
  // Until the placement is recorded, the node may get certificates for these names only while this runs.
  const release = deps.pending.hold(node, spec.name, plan.names);
  try {
    const reply = await deps.agents
      .client({ name: node, address: plan.nodeAddress })
      .deploy({ spec: specToProto(spec) }, { signal: AbortSignal.timeout(deps.timeouts.deployMs) });
    const failed = reply.steps.filter((s) => !s.success);
    if (failed.length) {
      emit(step('deploy', false, failed.map((s) => `${s.step}: ${s.error}`).join('; ')));
      return end({ node, placementReason: reason, changed: true, success: false, badRequest: false });
    }
    agentChanged = reply.changed;
    const detail = reply.steps.map((s) => `${s.step}: ${s.detail}`).join(', ');
    emit(step('deploy', true, '', reply.changed ? detail : 'unchanged'));
  } catch (error) {
    emit(step('deploy', false, `agent on ${node}: ${describeCallError(error)}`));
    return end({ node, placementReason: reason, changed: false, success: false, badRequest: false });
  } finally {
    release();
  }
  if (!plan.previous) deps.fleet.notePlaced(node, spec.components.length);
  const placedAt = deps.store.getPlacement(spec.name)?.placedAt;
  deps.store.putPlacement({
    service: spec.name,
    node,
    reason,
    specJson: JSON.stringify(spec),
    specHash: plan.hash,
    placedAt: plan.previous?.node === node && placedAt ? placedAt : deps.now().toISOString(),
  });
  const dns = await applyDnsPlan(deps, plan);
  emit(dns.step);
  const edgeSteps = await applyEdgePlan(deps, plan);
  for (const s of edgeSteps) emit(s);
  const edgeChanged = plan.edge.add.length + plan.edge.update.length + plan.edge.remove.length > 0;
  return end({
    node,
    placementReason: reason,
    changed: agentChanged || dns.changed || plan.specChanged || edgeChanged,
    success: dns.step.success && edgeSteps.every((s) => s.success),
    badRequest: false,
  });
}

function finish(deps: DeployDeps, spec: ServiceSpec, outcome: DeployOutcome): DeployOutcome {
  const summary = outcome.steps.map((s) => `${s.step}=${s.success ? 'ok' : 'FAILED'}`).join(' ');
  deps.store.event('deploy', `${spec.name} on ${outcome.node || '-'}: ${summary}`, deps.now(), {
    service: spec.name,
    node: outcome.node || undefined,
  });
  deps.logger.info(
    { service: spec.name, node: outcome.node, success: outcome.success, changed: outcome.changed },
    'deploy',
  );
  return outcome;
}
