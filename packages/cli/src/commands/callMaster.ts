import type { MasterServiceClient } from '@mcp/proto';
import { fromCallError } from '../callErrors.js';
import { connectMaster } from '../clients.js';
import type { CommandContext } from './context.js';

/**
 * Makes one call to the master under the `--timeout` deadline, and closes
 * the channel whatever happens.
 *
 * @throws CliError for a bad setup (exit 2) or a failed call (see `fromCallError`).
 */
export async function callMaster<T>(
  ctx: CommandContext,
  call: (client: MasterServiceClient, options: { signal: AbortSignal }) => Promise<T>,
  before?: (target: string) => void,
): Promise<T> {
  const master = await connectMaster(ctx.config);
  try {
    before?.(master.target);
    return await call(master.client, { signal: AbortSignal.timeout(ctx.timeoutMs) });
  } catch (error) {
    throw fromCallError(error, master, ctx.timeoutMs);
  } finally {
    master.close();
  }
}
