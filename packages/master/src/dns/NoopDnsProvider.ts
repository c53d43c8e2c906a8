import type { DnsProvider, DnsResult } from './DnsProvider.js';

const NOT_MANAGED = 'DNS provider is "none"';

/**
 * The provider for `[dns] provider = "none"`: changes nothing and never
 * fails, and says so in every `detail` so the operator sees why no name resolves.
 */
export class NoopDnsProvider implements DnsProvider {
  setA(name: string, addresses: readonly string[]): Promise<DnsResult> {
    return skipped(`${NOT_MANAGED}: ${name} → ${addresses.join(', ')} not registered`);
  }

  deleteA(name: string): Promise<DnsResult> {
    return skipped(`${NOT_MANAGED}: no record of ${name} removed`);
  }

  check(): Promise<DnsResult> {
    return skipped(`${NOT_MANAGED}: no records are managed`);
  }
}

function skipped(detail: string): Promise<DnsResult> {
  return Promise.resolve({ applied: false, detail });
}
