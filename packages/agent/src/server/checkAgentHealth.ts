import { LABELS, type AgentContext } from '../deploy/AgentContext.js';
import { messageOf } from '../deploy/StepLog.js';

/** What the agent finds when it checks itself. */
export interface AgentHealth {
  /** Running MCP containers; 0 on an edge node or when the runtime does not answer. */
  containers: number;
  /** What it depends on that is failing, e.g. `proxy: connect ENOENT ...`; empty when nothing is. */
  problems: string[];
}

/**
 * Checks what the agent depends on: the container runtime (not on an edge
 * node, which hosts no containers) and the proxy. The one check behind both
 * HealthCheck and the problems each heartbeat carries to the master. Never
 * throws: a failure is a problem.
 */
export async function checkAgentHealth(ctx: AgentContext): Promise<AgentHealth> {
  const problems: string[] = [];
  let containers = 0;
  if (ctx.role !== 'edge') {
    try {
      containers = (await ctx.runtime.list(LABELS.service)).filter((c) => c.state === 'running').length;
    } catch (error) {
      problems.push(`container runtime: ${messageOf(error)}`);
    }
  }
  await ctx.proxy.ping().catch((error: unknown) => problems.push(`proxy: ${messageOf(error)}`));
  return { containers, problems };
}
