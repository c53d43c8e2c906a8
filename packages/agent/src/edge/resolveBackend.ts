import { Resolver } from 'node:dns/promises';

/**
 * Resolves a backend's internal name to its addresses (A and AAAA), through
 * the fleet's DNS server when one is configured (`[edge] dns_server`, as
 * `host:port`), else through the system resolver's servers. A name that does
 * not exist resolves to no address; a resolver that cannot be asked throws.
 */
export async function resolveBackend(hostname: string, dnsServer?: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (dnsServer) resolver.setServers([dnsServer]);
  const answers = await Promise.all([
    resolver.resolve4(hostname).catch(noAnswer),
    resolver.resolve6(hostname).catch(noAnswer),
  ]);
  return answers.flat();
}

/** "No such name" and "no such record" are an empty answer; anything else is a failure. */
function noAnswer(error: NodeJS.ErrnoException): string[] {
  if (error.code === 'ENOTFOUND' || error.code === 'ENODATA') return [];
  throw new Error(`cannot resolve: ${error.code ?? error.message}`, { cause: error });
}
