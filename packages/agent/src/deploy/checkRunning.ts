import { planRoutes, readStoredSpec } from '@mcp/spec';
import type { AgentContext } from './AgentContext.js';
import { portKey } from './names.js';

/**
 * One health check of every running component with routes of every active
 * service, as its `[components.health]` says, recorded in the health book
 * for status (unless the component was restarted, switched or undeployed
 * while its probe ran). Changes nothing else.
 *
 * @returns how many components answered unhealthy.
 * @throws SpecError `CORRUPT_RECORD` when a record cannot be read back.
 */
export async function checkRunning(ctx: AgentContext): Promise<number> {
  let unhealthy = 0;
  for (const record of ctx.store.listServices().filter((s) => s.active)) {
    const spec = readStoredSpec(record.specJson, `the agent's record of service ${record.name}`);
    const routes = planRoutes(spec, ctx.zone);
    const ports = ctx.store.portsOf(spec.name);
    for (const component of spec.components) {
      const own = routes.filter((r) => r.component === component.name);
      if (own.length === 0) continue;
      // Probes run one after another, without the service's lock: a restart,
      // switch or undeploy meanwhile makes this probe's answer stale.
      const since = ctx.healthBook.mark();
      const probe = await ctx.health.check({
        host: ctx.bindAddress,
        ports: own.map((r) => ports.get(portKey(r))!),
        path: component.health.path,
        timeoutMs: component.health.timeout,
      });
      ctx.healthBook.record(spec.name, component.name, probe, ctx.now(), since);
      if (!probe.healthy) unhealthy++;
    }
  }
  return unhealthy;
}
