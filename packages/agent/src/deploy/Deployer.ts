import { performance } from 'node:perf_hooks';
import { hashSpec, planRoutes, readStoredSpec, type ServiceSpec } from '@mcp/spec';
import { asBookkeeping, urgently } from '../runtime/urgency.js';
import type { AgentContext } from './AgentContext.js';
import { applyContainers, type AppliedContainers } from './applyContainers.js';
import { applyRoutes } from './applyRoutes.js';
import { buildRecord } from './buildRecord.js';
import { cleanUpAfterDeploy } from './cleanUpAfterDeploy.js';
import { clearStoppedRoutes } from './clearStoppedRoutes.js';
import { ensureCertificates, NO_CERTIFICATES } from './ensureCertificates.js';
import { holdPorts } from './holdPorts.js';
import { NameClaims } from './NameClaims.js';
import { pullImages } from './pullImages.js';
import { removeRoutes } from './removeRoutes.js';
import { StepLog, messageOf, type Step } from './StepLog.js';
import { UndoJournal } from './UndoJournal.js';

/** What a deploy, start or stop did. */
export interface ApplyOutcome {
  steps: Step[];
  changed: boolean;
  success: boolean;
}

/**
 * Brings a service on this node to a spec and a desired running state:
 * images, host ports (stable per route), certificates, containers, proxy
 * routes, then the record. Deploy, start and stop are all this one operation, so
 * running it again with nothing changed changes nothing. A failure part-way
 * undoes what the steps did, newest first, and says what it could not.
 */
export class Deployer {
  private readonly claims = new NameClaims();

  constructor(private readonly ctx: AgentContext) {}

  /** Deploys `spec`, running it if `spec.active`. An operator waits on it: see {@link urgently}. */
  deploy(spec: ServiceSpec): Promise<ApplyOutcome> {
    return urgently(() => this.ctx.locks.run(spec.name, () => this.apply(spec, spec.active)));
  }

  /**
   * Applies the recorded spec with a new desired state (start/stop).
   * @returns `undefined` when the service is not recorded.
   * @throws SpecError `CORRUPT_RECORD` when the record cannot be read back.
   */
  setRunning(service: string, running: boolean): Promise<ApplyOutcome | undefined> {
    return urgently(() =>
      this.ctx.locks.run(service, async () => {
        const state = this.ctx.store.getService(service);
        if (!state) return undefined;
        return this.apply(readStoredSpec(state.service.specJson, recordOf(service)), running);
      }),
    );
  }

  /**
   * For a running service: renews certificates that are due, re-adds any
   * route or certificate the proxy lost (a restarted, empty Caddy, say) and
   * removes 503 routes a stop that failed part-way left.
   * Returns what it changed, for the log.
   * @throws SpecError `CORRUPT_RECORD` when the record cannot be read back.
   */
  refreshProxy(service: string): Promise<string[]> {
    return this.ctx.locks.run(service, async () => {
      const { ctx } = this;
      const state = ctx.store.getService(service);
      if (!state?.service.active) return [];
      const routes = planRoutes(readStoredSpec(state.service.specJson, recordOf(service)), ctx.zone);
      const certs = await ensureCertificates(ctx, service, routes);
      // Only what the proxy lacks is added, and nothing is rolled back.
      const target = { service, routes, ports: ctx.store.portsOf(service), certificates: certs.loaded };
      const proxied = await applyRoutes(ctx, target, new UndoJournal());
      const unstopped = await clearStoppedRoutes(ctx, service, routes);
      return [
        certs.changed ? certs.detail : '',
        proxied.changed ? proxied.detail : '',
        unstopped ? `${unstopped} stopped routes removed` : '',
      ].filter(Boolean);
    });
  }

  /** One deploy (or start, or stop); the names it claimed are free again once it is over. */
  private apply(spec: ServiceSpec, running: boolean): Promise<ApplyOutcome> {
    return this.applyClaiming(spec, running).finally(() => this.claims.release(spec.name));
  }

  private async applyClaiming(spec: ServiceSpec, running: boolean): Promise<ApplyOutcome> {
    const { ctx } = this;
    const service = spec.name;
    const log = new StepLog();
    const journal = new UndoJournal();
    const previous = ctx.store.getService(service);
    const routes = planRoutes(spec, ctx.zone);
    const specHash = hashSpec(spec);
    let changed =
      previous === undefined || previous.service.specHash !== specHash || previous.service.active !== running;
    const step = async <T extends { changed: boolean; detail: string }>(
      name: string,
      fn: () => Promise<T>,
    ) => {
      const result = await log.run(name, fn);
      changed ||= result.changed;
      return result;
    };
    let parked: string[];
    let retired: AppliedContainers['retired'];
    try {
      if (running) await step('images', () => pullImages(ctx, spec));
      const { ports } = await step('ports', () => holdPorts(ctx, service, routes, journal, this.claims));
      // Stopping never needs a certificate, and must work with the CA down.
      const certs = running
        ? await step('certificates', () => ensureCertificates(ctx, service, routes, journal))
        : NO_CERTIFICATES;
      if (!running) await step('routes', () => removeRoutes(ctx, service, routes, previous));
      const target = { spec, specHash, running, ports, routes };
      ({ parked, retired } = await step('containers', () => applyContainers(ctx, target, journal)));
      if (running) {
        // A rolling switch has moved routes to the other port of their pair.
        const proxied = { service, routes, ports: ctx.store.portsOf(service), certificates: certs.loaded };
        await step('routes', () => applyRoutes(ctx, proxied, journal));
      }
    } catch (error) {
      ctx.logger.warn({ service, err: messageOf(error), ms: log.ms }, 'deploy failed; rolling back');
      const problems = await journal.rollback();
      const restored = problems.length === 0;
      log.add('rollback', restored, problems.join('; '), restored ? 'previous state restored' : '');
      return { steps: log.steps, changed: true, success: false };
    }
    // Up to here, what a visitor waits for; the drain and the old container's removal follow,
    // as bookkeeping: the new containers serve meanwhile.
    const served = { ...log.ms };
    const cleanupStarted = performance.now();
    const problems = await asBookkeeping(() =>
      cleanUpAfterDeploy(ctx, { spec, routes, previous, parked, retired, running }),
    );
    if (problems.length) log.add('cleanup', false, problems.join('; '));
    ctx.store.putService(buildRecord(ctx, { spec, specHash, running, routes }));
    ctx.logger.info(
      {
        service,
        changed,
        running,
        ms: { ...served, cleanup: Math.round(performance.now() - cleanupStarted) },
      },
      changed ? 'service deployed' : 'service unchanged',
    );
    return { steps: log.steps, changed, success: true };
  }
}

/** How a stored record is named when it cannot be read back. */
function recordOf(service: string): string {
  return `the agent's record of service ${service}`;
}
