import type { SwitchRecord } from '../store/AgentStore.js';
import type { AgentContext } from './AgentContext.js';
import { messageOf } from './StepLog.js';

/**
 * Finishes a rolling switch whose routes already point at the new
 * containers: waits `drainMs` for requests in flight on the old ones, stops
 * and removes each old container (gracefully, in one command), gives its successor the canonical name,
 * and forgets the switch. Goes on past a failure, so one stuck container
 * does not keep the others.
 *
 * @returns one message per thing that could not be done; empty when all was.
 */
export async function retireContainers(
  ctx: AgentContext,
  service: string,
  retired: SwitchRecord['containers'],
  drainMs: number,
): Promise<string[]> {
  if (retired.length === 0) return [];
  const { runtime } = ctx;
  const problems: string[] = [];
  if (drainMs > 0) await ctx.sleep(drainMs);
  for (const { name, next } of retired) {
    try {
      // Already renamed (an agent killed right after): `name` is the new container now.
      if (!(await runtime.inspect(next))) continue;
      // Stopped (SIGTERM, the stop timeout, SIGKILL) and removed in one podman command.
      await runtime.remove(name, ctx.stopTimeoutSeconds);
      await runtime.rename(next, name);
    } catch (error) {
      problems.push(`could not retire ${name} for ${next}: ${messageOf(error)}`);
    }
  }
  if (problems.length === 0) ctx.store.deleteSwitch(service);
  return problems;
}
