import type { AgentContext } from './AgentContext.js';
import type { EdgeRouter } from '../edge/EdgeRouter.js';
import type { Deployer } from './Deployer.js';
import { checkRunning } from './checkRunning.js';
import { inspectServices } from './inspectServices.js';
import { messageOf } from './StepLog.js';

/**
 * The agent's periodic check: restores proxy routes and certificates that
 * went missing (edge routes too), renews certificates that are due, checks
 * each running component's health (for status), and logs drift (it does
 * not restart containers: reconciliation is an operator's call for now).
 */
export class Monitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: AgentContext,
    private readonly deployer: Deployer,
    /** Milliseconds between checks. */
    private readonly intervalMs: number,
    /** On an edge node: its public routes, kept current the same way. */
    private readonly edge?: EdgeRouter,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // Never overlap: a slow check just delays the next one.
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One check of every service; never throws. */
  async tick(): Promise<void> {
    const { logger, store } = this.ctx;
    try {
      await this.ctx.proxy.ensureReady({ recheck: true });
    } catch (error) {
      logger.warn({ err: messageOf(error) }, 'proxy unreachable');
      return;
    }
    for (const service of store.listServices().filter((s) => s.active)) {
      try {
        const changes = await this.deployer.refreshProxy(service.name);
        if (changes.length) logger.info({ service: service.name, changes }, 'proxy restored');
      } catch (error) {
        logger.warn({ service: service.name, err: messageOf(error) }, 'could not restore proxy state');
      }
    }
    if (this.edge) {
      try {
        const changes = await this.edge.refresh();
        if (changes.length) logger.info({ changes }, 'edge routes restored');
      } catch (error) {
        logger.warn({ err: messageOf(error) }, 'could not refresh edge routes');
      }
      // An edge node runs no containers: nothing to inspect.
      return;
    }
    try {
      await checkRunning(this.ctx);
    } catch (error) {
      logger.warn({ err: messageOf(error) }, 'could not check the health of running services');
    }
    try {
      for (const view of await inspectServices(this.ctx)) {
        if (view.drift) logger.warn({ service: view.name, drift: view.driftReasons }, 'drift');
      }
    } catch (error) {
      logger.warn({ err: messageOf(error) }, 'could not inspect services');
    }
  }
}
