import type { AgentServiceClient } from '@mcp/proto';
import { fromCallError } from '../callErrors.js';
import { connectAgent } from '../clients.js';
import { CliError } from '../CliError.js';
import type { CommandContext } from './context.js';

/** The node a direct-mode command talks to. */
export function requireDirect(ctx: CommandContext): string {
  if (!ctx.direct) throw new CliError('this needs --direct -n <node>', 2);
  return ctx.direct;
}

/**
 * Makes one call to the `--direct` node's agent under the `--timeout`
 * deadline, and closes the channel whatever happens.
 *
 * @throws CliError for a bad setup (exit 2) or a failed call (see `fromCallError`).
 */
export async function callAgent<T>(
  ctx: CommandContext,
  call: (client: AgentServiceClient, options: { signal: AbortSignal }) => Promise<T>,
  before?: (target: string) => void,
): Promise<{ node: string; reply: T }> {
  const node = requireDirect(ctx);
  const agent = await connectAgent(ctx.config, node);
  try {
    before?.(agent.target);
    return { node, reply: await call(agent.client, { signal: AbortSignal.timeout(ctx.timeoutMs) }) };
  } catch (error) {
    throw fromCallError(error, agent, ctx.timeoutMs);
  } finally {
    agent.close();
  }
}
