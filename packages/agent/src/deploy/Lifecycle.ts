import { urgently } from '../runtime/urgency.js';
import type { AgentContext } from './AgentContext.js';
import { proxyIds } from './names.js';
import { StepLog, type Step } from './StepLog.js';

/** What undeploy or restart did; `undefined` from a method means no such service. */
export interface LifecycleOutcome {
  steps: Step[];
  success: boolean;
}

/**
 * Restart and undeploy: the operations that are not "apply a spec". An operator waits on
 * both (see `urgently`).
 */
export class Lifecycle {
  constructor(private readonly ctx: AgentContext) {}

  /** Restarts every container of the service; routes are untouched. */
  restart(service: string): Promise<LifecycleOutcome | undefined> {
    return urgently(() => this.restartLocked(service));
  }

  private restartLocked(service: string): Promise<LifecycleOutcome | undefined> {
    return this.ctx.locks.run(service, async () => {
      const state = this.ctx.store.getService(service);
      if (!state) return undefined;
      const log = new StepLog();
      try {
        await log.run('containers', async () => {
          for (const c of state.components) {
            await this.ctx.runtime.restart(c.containerName, this.ctx.stopTimeoutSeconds);
            // A check from before the restart says nothing about the new process.
            this.ctx.healthBook.forget(service, c.name);
          }
          if (!state.service.active) this.ctx.store.setActive(service, true, this.ctx.now().toISOString());
          return { detail: `restarted ${state.components.length}` };
        });
      } catch {
        // recorded in the log
      }
      return { steps: log.steps, success: log.success };
    });
  }

  /**
   * Removes routes, certificates, containers and records, in that order.
   * The record goes only when everything before it went, so a retry can
   * finish the job.
   */
  undeploy(service: string): Promise<LifecycleOutcome | undefined> {
    return urgently(() => this.undeployLocked(service));
  }

  private undeployLocked(service: string): Promise<LifecycleOutcome | undefined> {
    return this.ctx.locks.run(service, async () => {
      const { store, proxy, runtime, certs } = this.ctx;
      const state = store.getService(service);
      if (!state) return undefined;
      const log = new StepLog();
      try {
        await log.run('routes', async () => {
          for (const r of state.routes) {
            await proxy.removeRoute(proxyIds.route(service, r.component, r.route));
            await proxy.removeRoute(proxyIds.stoppedRoute(service, r.component, r.route));
          }
          return { detail: `${state.routes.length} removed` };
        });
        const certificates = store.listCertificates(service);
        await log.run('certificates', async () => {
          for (const c of certificates) {
            await proxy.removeCertificate(proxyIds.certificate(c.hostname));
            await certs.remove(c.hostname);
          }
          return { detail: `${certificates.length} removed` };
        });
        await log.run('containers', async () => {
          for (const c of state.components) {
            await runtime.stop(c.containerName, this.ctx.stopTimeoutSeconds);
            await runtime.remove(c.containerName);
          }
          return { detail: `${state.components.length} removed` };
        });
        await log.run('record', () => {
          store.deleteService(service);
          this.ctx.healthBook.forget(service);
          return Promise.resolve({ detail: 'ports released' });
        });
        this.ctx.logger.info({ service }, 'service undeployed');
      } catch {
        // recorded in the log
      }
      return { steps: log.steps, success: log.success };
    });
  }
}
