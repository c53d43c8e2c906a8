import { hashSpec, planRoutes, readStoredSpec } from '@mcp/spec';
import type { AgentContext } from './AgentContext.js';
import { buildRecord } from './buildRecord.js';
import { pointRoutes } from './proxyRouteFor.js';
import { retireContainers } from './retireContainers.js';
import { messageOf } from './StepLog.js';

/**
 * On agent start: finishes or undoes every rolling switch an earlier run
 * left in the store. The store's ports say which containers the routes
 * belong to, so the proxy is first pointed at them (a kill between the
 * store's swap and the proxy's change leaves it on the old ones). A switch
 * still `starting` is undone: its new containers are removed and the old
 * ones, never stopped, keep serving. A `switched` one is finished: the old
 * containers go, the new ones take their names, and the record is written
 * as the deploy would have. Either way one container serves each route.
 *
 * @returns what was done per service, for the log. Never throws.
 */
export async function recoverSwitches(ctx: AgentContext): Promise<string[]> {
  const done: string[] = [];
  for (const record of ctx.store.listSwitches()) {
    const { service } = record;
    try {
      const spec = readStoredSpec(record.specJson, `the switch in progress of service ${service}`);
      const routes = planRoutes(spec, ctx.zone);
      const names = new Set(record.containers.map((c) => c.component));
      await ctx.proxy.ensureReady();
      await pointRoutes(
        ctx,
        service,
        routes.filter((r) => names.has(r.component)),
        ctx.store.portsOf(service),
      );
      if (record.phase === 'starting') {
        for (const { next } of record.containers) await ctx.runtime.remove(next);
        ctx.store.deleteSwitch(service);
        done.push(`${service}: undid the switch; the old containers serve`);
        continue;
      }
      const problems = await retireContainers(ctx, service, record.containers, 0);
      if (problems.length) throw new Error(problems.join('; '));
      const specHash = hashSpec(spec);
      ctx.store.putService(buildRecord(ctx, { spec, specHash, running: record.running, routes }));
      done.push(`${service}: finished the switch; the new containers serve`);
    } catch (error) {
      ctx.logger.warn({ service, err: messageOf(error) }, 'could not recover an interrupted switch');
      done.push(`${service}: could not recover the switch: ${messageOf(error)}`);
    }
  }
  return done;
}
