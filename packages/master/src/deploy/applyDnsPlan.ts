import type { StepResult } from '@mcp/proto';
import type { DeployPlan } from '@mcp/reconcile';
import { describeCallError } from './describeCallError.js';
import { step, type DeployDeps } from './DeployDeps.js';

/**
 * The dns step of a deploy: sets the names the plan wants, removes those the
 * service no longer has, and records each change the provider applied.
 */
export async function applyDnsPlan(
  deps: DeployDeps,
  plan: DeployPlan,
): Promise<{ step: StepResult; changed: boolean }> {
  if (plan.dnsProblem !== undefined) return { step: step('dns', false, plan.dnsProblem), changed: false };
  if (plan.dns === undefined) return { step: step('dns', true, '', 'no records managed'), changed: false };
  const { set, remove, address } = plan.dns;
  const details: string[] = [];
  try {
    for (const name of set) {
      const result = await deps.dns.setA(name, [address], deps.dnsTtl);
      if (result.applied) deps.store.putDnsRecord(name, plan.service, address);
      details.push(result.detail);
    }
    for (const name of remove) {
      details.push((await deps.dns.deleteA(name)).detail);
      deps.store.deleteDnsRecord(name);
    }
  } catch (error) {
    return { step: step('dns', false, describeCallError(error)), changed: true };
  }
  const changed = deps.dnsManaged && set.length + remove.length > 0;
  const detail = details.length ? details.join('; ') : plan.names.length ? 'unchanged' : 'no routes';
  return { step: step('dns', true, '', detail), changed };
}
