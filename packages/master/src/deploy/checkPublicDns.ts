import { lookup } from 'node:dns/promises';
import { nodeHost } from '@mcp/reconcile';

/**
 * Public DNS is managed outside MCP: after a public route is set up, says
 * whether the public name resolves (through the system resolver) to the
 * edge node's address. Returns a warning, or `undefined` when it does.
 */
export async function checkPublicDns(
  hostname: string,
  edgeAddress: string,
  timeoutMs = 2000,
): Promise<string | undefined> {
  const edge = nodeHost(edgeAddress).ip ?? nodeHost(edgeAddress).host;
  let timer: NodeJS.Timeout | undefined;
  try {
    const found = await Promise.race([
      lookup(hostname, { all: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), timeoutMs);
      }),
    ]);
    const addresses = found.map((a) => a.address);
    if (addresses.includes(edge)) return undefined;
    return `public DNS: ${hostname} resolves to ${addresses.join(', ')}, not to the edge (${edge}); public DNS is managed outside MCP`;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return `public DNS: ${hostname} does not resolve (${why}); point it at the edge (${edge}); public DNS is managed outside MCP`;
  } finally {
    clearTimeout(timer);
  }
}
