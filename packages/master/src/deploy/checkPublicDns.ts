import { lookup, Resolver } from 'node:dns/promises';
import { nodeHost } from '@mcp/reconcile';
import { parseHostPort } from '@mcp/spec';

/** Where public names are looked up (`[edge] public_resolver`): `'system'`, `'off'` or `host:port`. */
export type PublicResolver = string;

/**
 * Public DNS is managed outside MCP: after a public route is set up, says
 * whether the public name resolves to the edge node's address, through the
 * system resolver or the one `resolver` names (`host:port`). Returns a
 * warning, or `undefined` when it does (or when `resolver` is `'off'`).
 */
export async function checkPublicDns(
  hostname: string,
  edgeAddress: string,
  resolver: PublicResolver = 'system',
  timeoutMs = 2000,
): Promise<string | undefined> {
  if (resolver === 'off') return undefined;
  const edge = nodeHost(edgeAddress).ip ?? nodeHost(edgeAddress).host;
  let timer: NodeJS.Timeout | undefined;
  try {
    const found = await Promise.race([
      resolver === 'system' ? lookupAll(hostname) : resolveAll(hostname, resolver, timeoutMs),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), timeoutMs);
      }),
    ]);
    if (found.includes(edge)) return undefined;
    return `public DNS: ${hostname} resolves to ${found.join(', ')}, not to the edge (${edge}); public DNS is managed outside MCP`;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return `public DNS: ${hostname} does not resolve (${why}); point it at the edge (${edge}); public DNS is managed outside MCP`;
  } finally {
    clearTimeout(timer);
  }
}

async function lookupAll(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true })).map((a) => a.address);
}

/** A and AAAA from one server; fails only if neither answers. */
async function resolveAll(hostname: string, server: string, timeoutMs: number): Promise<string[]> {
  const { host, port } = parseHostPort(server);
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([`${host.includes(':') ? `[${host}]` : host}:${port}`]);
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
  if (v4.status === 'rejected' && v6.status === 'rejected') throw v4.reason;
  return [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
}
