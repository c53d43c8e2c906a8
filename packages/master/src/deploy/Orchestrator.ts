import { KeyedLock } from '@mcp/daemon-kit';
import type { PlacementDecision } from '@mcp/placement';
import type { StepResult } from '@mcp/proto';
import { planDeploy, rollbackTarget, type DeployPlan, type RefusedDeploy } from '@mcp/reconcile';
import { readStoredSpec, type ServiceSpec } from '@mcp/spec';
import type { RevisionRecord } from '../store/MasterStore.js';
import { applyDeploy, type DeployOutcome } from './applyDeploy.js';
import { describeCallError } from './describeCallError.js';
import { step, type DeployDeps } from './DeployDeps.js';
import { OrchestratorError } from './OrchestratorError.js';
import { placedServices } from './placedServices.js';
import { recordRevision, type DeployOrigin } from './recordRevision.js';
import { undeployService } from './undeployService.js';

export type { DeployOutcome } from './applyDeploy.js';
export type { DeployOrigin } from './recordRevision.js';

/**
 * The master's fleet operations, one per service at a time. A deploy is
 * planned from the spec and the master's records (`@mcp/reconcile`'s
 * `planDeploy`), then applied step by step; undeploy and the lifecycle
 * verbs go to the agent that hosts the service.
 */
export class Orchestrator {
  private readonly locks = new KeyedLock();
  /** Specs of the deploys being applied, by service: their names are taken before they are recorded. */
  private readonly underWay = new Map<string, ServiceSpec>();

  constructor(private readonly deps: DeployDeps) {}

  /**
   * What deploying `spec` would do now, changing nothing (what `sync
   * --dry-run` shows). `decision` is a node already chosen by a bulk plan.
   * @throws SpecError `CORRUPT_RECORD` if a stored placement is unreadable.
   */
  plan(spec: ServiceSpec, decision?: PlacementDecision): DeployPlan | RefusedDeploy {
    const { store, fleet, zone, masterTakesWorkers, dnsManaged, allowedDomains } = this.deps;
    return planDeploy({
      spec,
      zone,
      placements: placedServices(store),
      dnsRecords: store.dnsRecordsOf(spec.name),
      edgeRoutes: store.listEdgeRoutes(),
      allowedDomains,
      nodes: fleet.deployNodes(),
      masterTakesWorkers,
      dnsManaged,
      decision,
      underWay: [...this.underWay].map(([service, underWay]) => ({ service, spec: underWay })),
    });
  }

  /**
   * Plans and applies a deploy of `spec`; `onStep` sees each step as it
   * completes. While it is applied, its names count as taken for the plans
   * of other services' deploys. Once the agent has deployed it, `spec` is
   * the service's newest revision (see {@link recordRevision}), from `origin`.
   */
  deploy(
    spec: ServiceSpec,
    onStep: (s: StepResult) => void = () => undefined,
    decision?: PlacementDecision,
    origin: DeployOrigin = {},
  ): Promise<DeployOutcome> {
    return this.locks.run(spec.name, async () => {
      const plan = this.plan(spec, decision);
      // Claimed with no await since the plan checked the names: a deploy of
      // another service planned from now on sees them taken.
      if (plan.ok) this.underWay.set(spec.name, spec);
      try {
        const outcome = await applyDeploy(this.deps, spec, plan, onStep);
        if (outcome.steps.some((s) => s.step === 'deploy' && s.success)) {
          recordRevision(this.deps.store, spec, this.deps.now(), origin);
        }
        return outcome;
      } finally {
        this.underWay.delete(spec.name);
      }
    });
  }

  /** A service's kept revisions, newest (the one it runs) first. */
  history(service: string): RevisionRecord[] {
    return this.deps.store.listRevisions(service);
  }

  /**
   * Deploys an earlier revision of `service` by the same path as a deploy
   * (a rolling switch on the agent): revision `to`, or the one before the
   * newest. It becomes a new revision noting where it came from.
   *
   * @throws OrchestratorError `NO_REVISION` when there is nothing to roll back to.
   * @throws SpecError `CORRUPT_RECORD` when the revision cannot be read back.
   */
  rollback(
    service: string,
    to: number | undefined,
    onStep: (s: StepResult) => void = () => undefined,
    origin: DeployOrigin = {},
  ): Promise<DeployOutcome & { revision: number }> {
    const choice = rollbackTarget(service, this.deps.store.listRevisions(service), to);
    if ('refused' in choice) return Promise.reject(new OrchestratorError('NO_REVISION', choice.refused));
    const { revision } = choice.revision;
    const spec = readStoredSpec(choice.revision.specJson, `revision ${revision} of service ${service}`);
    const note = `rollback to revision ${revision}`;
    return this.deploy(spec, onStep, undefined, { ...origin, note }).then((o) => ({ ...o, revision }));
  }

  /** @throws OrchestratorError when the service is not deployed or its node is gone. */
  undeploy(service: string): Promise<{ node: string; steps: StepResult[] }> {
    return this.locks.run(service, () => undeployService(this.deps, service));
  }

  /**
   * Stop, start or restart on the hosting agent.
   * @throws OrchestratorError when the service is not deployed or its node is gone.
   */
  lifecycle(
    verb: 'stop' | 'start' | 'restart',
    service: string,
  ): Promise<{ node: string; steps: StepResult[] }> {
    return this.locks.run(service, async () => {
      const placement = this.deps.store.getPlacement(service);
      if (!placement) {
        throw new OrchestratorError('NOT_DEPLOYED', `service ${service} is not deployed (no placement)`);
      }
      const record = this.deps.fleet.get(placement.node);
      if (!record) {
        throw new OrchestratorError(
          'NODE_NOT_REGISTERED',
          `node ${placement.node} of ${service} is not registered`,
        );
      }
      try {
        const reply = await this.deps.agents
          .client(record)
          [verb]({ service }, { signal: AbortSignal.timeout(this.deps.timeouts.deployMs) });
        return { node: placement.node, steps: reply.steps };
      } catch (error) {
        return {
          node: placement.node,
          steps: [step(verb, false, `agent on ${placement.node}: ${describeCallError(error)}`)],
        };
      }
    });
  }
}
