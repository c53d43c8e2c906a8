import { judgeHealth, type HealthProbe } from '@mcp/reconcile';
import type { ComponentSpec } from '@mcp/spec';
import type { AgentContext } from './AgentContext.js';
import { DeployError } from './DeployError.js';

/** Lines of a failed container's log that the deploy error quotes. */
const LOG_LINES = 20;

/** A container just started, to check. */
export interface NewContainer {
  service: string;
  /** Its name now (a rolling switch's temporary `-mcp-next` name, say). */
  name: string;
  component: ComponentSpec;
  /** Its host ports, one per route of the component, in route order. */
  ports: readonly number[];
  /**
   * A rolling switch's successor, beside the container that serves: its
   * checks only become the component's health (for status) once healthy.
   */
  successor?: boolean;
}

/**
 * Checks the container until it is healthy: at once, then after 10 ms,
 * 20 ms, ... up to every `health.interval`. A component without routes has
 * nothing to check and passes at once. A failed check asks podman whether
 * the container still runs only from {@link STATE_AFTER_MS} on: `podman run`
 * has just said it started, a refused connection in its first moments is the
 * server still starting, and asking costs a podman process each time.
 *
 * @returns the last check's detail and how long it took to get there, for the step's report.
 * @throws DeployError `UNHEALTHY` when it is not healthy by `health.deadline`,
 *   or stops running, with the last check's result and the tail of its log.
 */
export async function waitHealthy(ctx: AgentContext, container: NewContainer): Promise<string> {
  const { health } = container.component;
  if (container.ports.length === 0) return 'no routes to check';
  const started = ctx.now().getTime();
  let probe: HealthProbe | undefined;
  let soon = FIRST_RECHECK_MS;
  for (;;) {
    probe = await ctx.health.check({
      host: ctx.bindAddress,
      ports: container.ports,
      path: health.path,
      timeoutMs: health.timeout,
    });
    // A healthy answer on the container's own host ports shows it running;
    // only a failed check, past the first moments, asks podman whether it
    // still is (no podman process on the way to the switch).
    const elapsed = ctx.now().getTime() - started;
    const state =
      probe.healthy || elapsed < Math.min(STATE_AFTER_MS, health.deadline)
        ? 'running'
        : ((await ctx.runtime.inspect(container.name))?.state ?? 'missing');
    if (state === 'running' && (probe.healthy || !container.successor)) {
      ctx.healthBook.record(container.service, container.component.name, probe, ctx.now());
    }
    const verdict = judgeHealth({
      probe,
      containerState: state,
      elapsedMs: ctx.now().getTime() - started,
      deadlineMs: health.deadline,
    });
    if (verdict.verdict === 'healthy')
      return `${verdict.detail}, healthy after ${ctx.now().getTime() - started} ms`;
    if (verdict.verdict === 'failed') {
      const log = await ctx.runtime.logs(container.name, LOG_LINES).catch(() => '');
      throw new DeployError(
        'UNHEALTHY',
        `${container.name}: ${verdict.detail}` + (log ? `; its log ends:\n${log}` : '; its log is empty'),
      );
    }
    // A new container is usually up within a fraction of a second: check
    // again soon at first, then back off to the component's interval, so a
    // deploy does not wait a whole interval for a server that took 100 ms.
    // The last check falls on the deadline itself.
    const left = health.deadline - (ctx.now().getTime() - started);
    await ctx.sleep(Math.max(1, Math.min(health.interval, soon, left)));
    soon *= 2;
  }
}

/** The first re-check after a failed one, ms; doubling up to `health.interval`. A check is one connection. */
const FIRST_RECHECK_MS = 10;

/** From when a failed check asks podman whether the container still runs, ms since the deploy started it. */
const STATE_AFTER_MS = 200;
