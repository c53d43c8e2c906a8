import { isIP } from 'node:net';
import { PlacementError, choosePlacement } from '@mcp/placement';
import type { AgentServiceClient, StepResult } from '@mcp/proto';
import { parseHostPort } from '@mcp/spec';
import { hashSpec, planRoutes, specToProto, type ServiceSpec } from '@mcp/spec';
import { ClientError, Status } from 'nice-grpc';
import type { Logger } from 'pino';
import type { DnsProvider } from '../dns/DnsProvider.js';
import type { AgentPool } from '../fleet/AgentPool.js';
import type { Fleet } from '../fleet/Fleet.js';
import type { MasterStore } from '../store/MasterStore.js';
import { KeyedLock } from '@mcp/daemon-kit';

export interface OrchestratorOptions {
  store: MasterStore;
  fleet: Fleet;
  agents: AgentPool;
  dns: DnsProvider;
  /** False for `provider = "none"`: no records are kept or checked. */
  dnsManaged: boolean;
  zone: string;
  dnsTtl: number;
  timeouts: { deployMs: number; undeployMs: number; healthCheckMs: number; statusMs: number };
  masterTakesWorkers: boolean;
  logger: Logger;
  now?: () => Date;
}

/** The end of a deploy. */
export interface DeployOutcome {
  node: string;
  placementReason: string;
  steps: StepResult[];
  changed: boolean;
  success: boolean;
}

/** Thrown for requests that cannot start (unknown service); maps to a gRPC status. */
export class OrchestratorError extends Error {
  override readonly name = 'OrchestratorError';
  constructor(
    readonly code: 'NOT_FOUND' | 'FAILED_PRECONDITION',
    message: string,
  ) {
    super(message);
  }
}

const step = (name: string, success: boolean, error = '', detail = ''): StepResult => ({
  step: name,
  success,
  error,
  detail,
});
const messageOf = (e: unknown): string =>
  e instanceof ClientError ? e.details : e instanceof Error ? e.message : String(e);

/**
 * Deploy, undeploy and the lifecycle verbs across the fleet: place, call the
 * hosting agent, register DNS, record. One operation per service at a time;
 * every step is reported, and nothing that failed is hidden.
 */
export class Orchestrator {
  private readonly locks = new KeyedLock();
  private readonly now: () => Date;

  constructor(private readonly o: OrchestratorOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** Deploys `spec`; `onStep` sees each step as it completes. */
  deploy(spec: ServiceSpec, onStep: (s: StepResult) => void = () => undefined): Promise<DeployOutcome> {
    return this.locks.run(spec.name, () => this.deployLocked(spec, onStep));
  }

  private async deployLocked(spec: ServiceSpec, onStep: (s: StepResult) => void): Promise<DeployOutcome> {
    const steps: StepResult[] = [];
    const emit = (s: StepResult) => {
      steps.push(s);
      onStep(s);
    };
    const existing = this.o.store.getPlacement(spec.name);
    const hash = hashSpec(spec);
    const clash = this.nameClash(spec);
    if (clash) {
      emit(step('placement', false, clash));
      return this.finish(spec, { node: '', placementReason: '', steps, changed: false, success: false });
    }
    let node: string;
    let reason: string;
    try {
      const decision = choosePlacement(
        {
          service: spec.name,
          tier: spec.tier,
          node: spec.node,
          components: spec.components.length,
          existingNode: existing?.node,
        },
        this.o.fleet.placementNodes(),
        { masterTakesWorkers: this.o.masterTakesWorkers },
      );
      node = decision.node;
      reason = decision.reason;
      emit(step('placement', true, '', `${node} (${reason})`));
    } catch (error) {
      if (!(error instanceof PlacementError)) throw error;
      emit(step('placement', false, error.message));
      return this.finish(spec, { node: '', placementReason: '', steps, changed: false, success: false });
    }
    const record = this.o.fleet.get(node)!;
    let changed: boolean;
    try {
      const reply = await this.o.agents
        .client(record.address)
        .deploy({ spec: specToProto(spec) }, { signal: AbortSignal.timeout(this.o.timeouts.deployMs) });
      const failed = reply.steps.filter((s) => !s.success);
      if (failed.length) {
        emit(step('deploy', false, failed.map((s) => `${s.step}: ${s.error}`).join('; ')));
        return this.finish(spec, { node, placementReason: reason, steps, changed: true, success: false });
      }
      changed = reply.changed;
      const detail = reply.steps.map((s) => `${s.step}: ${s.detail}`).join(', ');
      emit(step('deploy', true, '', reply.changed ? detail : 'unchanged'));
    } catch (error) {
      emit(step('deploy', false, `agent on ${node}: ${messageOf(error)}`));
      return this.finish(spec, { node, placementReason: reason, steps, changed: false, success: false });
    }
    if (!existing) this.o.fleet.notePlaced(node, spec.components.length);
    this.o.store.putPlacement({
      service: spec.name,
      node,
      reason,
      specJson: JSON.stringify(spec),
      specHash: hash,
      placedAt: existing?.node === node ? existing.placedAt : this.now().toISOString(),
    });
    const dns = await this.applyDns(spec, record.address);
    emit(dns.step);
    return this.finish(spec, {
      node,
      placementReason: reason,
      steps,
      changed: changed || dns.changed || existing?.specHash !== hash,
      success: dns.step.success,
    });
  }

  /**
   * Internal names are fleet-wide (`<component>.svc.mcp.<zone>`), so two
   * services may not share one: DNS could only point it at one of them.
   */
  private nameClash(spec: ServiceSpec): string | undefined {
    const mine = new Set(planRoutes(spec, this.o.zone).map((r) => r.internalHostname));
    for (const other of this.o.store.listPlacements()) {
      if (other.service === spec.name) continue;
      const theirs = planRoutes(JSON.parse(other.specJson) as ServiceSpec, this.o.zone);
      const shared = theirs.find((r) => mine.has(r.internalHostname));
      if (shared)
        return `internal name ${shared.internalHostname} is already used by service ${other.service}; rename the component`;
    }
    return undefined;
  }

  /** Whether the DNS records of a placed service are what they should be. */
  dnsCurrent(spec: ServiceSpec, nodeAddress: string): boolean {
    const want = this.wantedDns(spec, nodeAddress);
    if (!want || !this.o.dnsManaged) return true;
    const have = new Map(this.o.store.dnsRecordsOf(spec.name).map((r) => [r.name, r.address]));
    return want.names.length === have.size && want.names.every((n) => have.get(n) === want.address);
  }

  private wantedDns(
    spec: ServiceSpec,
    nodeAddress: string,
  ): { names: string[]; address: string } | undefined {
    const names = [...new Set(planRoutes(spec, this.o.zone).map((r) => r.internalHostname))].sort();
    if (names.length === 0) return undefined;
    return { names, address: parseHostPort(nodeAddress).host };
  }

  private async applyDns(
    spec: ServiceSpec,
    nodeAddress: string,
  ): Promise<{ step: StepResult; changed: boolean }> {
    const want = this.wantedDns(spec, nodeAddress) ?? { names: [], address: '' };
    if (want.names.length && !isIP(want.address)) {
      return {
        step: step('dns', false, `node address ${nodeAddress} is not an IP address; A records need one`),
        changed: false,
      };
    }
    const have = this.o.store.dnsRecordsOf(spec.name);
    const stale = have.filter((r) => !want.names.includes(r.name));
    const missing = want.names.filter((n) => !have.some((r) => r.name === n && r.address === want.address));
    const details: string[] = [];
    try {
      for (const name of missing) {
        const result = await this.o.dns.setA(name, [want.address], this.o.dnsTtl);
        if (result.applied) this.o.store.putDnsRecord(name, spec.name, want.address);
        details.push(result.detail);
      }
      for (const r of stale) {
        details.push((await this.o.dns.deleteA(r.name)).detail);
        this.o.store.deleteDnsRecord(r.name);
      }
    } catch (error) {
      return { step: step('dns', false, messageOf(error)), changed: true };
    }
    const changed = this.o.dnsManaged && missing.length + stale.length > 0;
    const detail = details.length ? details.join('; ') : want.names.length ? 'unchanged' : 'no routes';
    return { step: step('dns', true, '', detail), changed };
  }

  private finish(spec: ServiceSpec, outcome: DeployOutcome): DeployOutcome {
    const summary = outcome.steps.map((s) => `${s.step}=${s.success ? 'ok' : 'FAILED'}`).join(' ');
    this.o.store.event('deploy', `${spec.name} on ${outcome.node || '-'}: ${summary}`, this.now(), {
      service: spec.name,
      node: outcome.node || undefined,
    });
    this.o.logger.info(
      { service: spec.name, node: outcome.node, success: outcome.success, changed: outcome.changed },
      'deploy',
    );
    return outcome;
  }

  /** Agent first, then DNS, then the records; stops at the first failure so a retry can finish. */
  undeploy(service: string): Promise<{ node: string; steps: StepResult[] }> {
    return this.locks.run(service, async () => {
      const placement = this.placed(service);
      const steps: StepResult[] = [];
      const agent = this.agentOf(placement.node);
      try {
        const reply = await agent.undeploy(
          { service },
          { signal: AbortSignal.timeout(this.o.timeouts.undeployMs) },
        );
        const failed = reply.steps.filter((s) => !s.success);
        steps.push(
          step('undeploy', failed.length === 0, failed.map((s) => `${s.step}: ${s.error}`).join('; ')),
        );
      } catch (error) {
        if (error instanceof ClientError && error.code === Status.NOT_FOUND) {
          steps.push(step('undeploy', true, '', 'not on the agent any more'));
        } else {
          steps.push(step('undeploy', false, `agent on ${placement.node}: ${messageOf(error)}`));
        }
      }
      if (steps.every((s) => s.success)) {
        const records = this.o.store.dnsRecordsOf(service);
        try {
          for (const r of records) {
            await this.o.dns.deleteA(r.name);
            this.o.store.deleteDnsRecord(r.name);
          }
          steps.push(
            step(
              'dns',
              true,
              '',
              records.length ? `removed ${records.map((r) => r.name).join(', ')}` : 'no records',
            ),
          );
        } catch (error) {
          steps.push(step('dns', false, messageOf(error)));
        }
      }
      if (steps.every((s) => s.success)) {
        this.o.store.deletePlacement(service);
        steps.push(step('record', true, '', 'placement removed'));
      }
      const ok = steps.every((s) => s.success);
      this.o.store.event(
        'undeploy',
        `${service} on ${placement.node}: ${ok ? 'done' : 'FAILED'}`,
        this.now(),
        { service, node: placement.node },
      );
      return { node: placement.node, steps };
    });
  }

  /** Stop, start or restart on the hosting agent. */
  lifecycle(
    verb: 'stop' | 'start' | 'restart',
    service: string,
  ): Promise<{ node: string; steps: StepResult[] }> {
    return this.locks.run(service, async () => {
      const placement = this.placed(service);
      try {
        const reply = await this.agentOf(placement.node)[verb](
          { service },
          { signal: AbortSignal.timeout(this.o.timeouts.deployMs) },
        );
        return { node: placement.node, steps: reply.steps };
      } catch (error) {
        return {
          node: placement.node,
          steps: [step(verb, false, `agent on ${placement.node}: ${messageOf(error)}`)],
        };
      }
    });
  }

  private placed(service: string) {
    const placement = this.o.store.getPlacement(service);
    if (!placement)
      throw new OrchestratorError('NOT_FOUND', `service ${service} is not deployed (no placement)`);
    return placement;
  }

  private agentOf(node: string): AgentServiceClient {
    const record = this.o.fleet.get(node);
    if (!record) throw new OrchestratorError('FAILED_PRECONDITION', `node ${node} is not registered`);
    return this.o.agents.client(record.address);
  }
}
