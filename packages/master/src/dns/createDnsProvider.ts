import type { MasterConfig } from '@mcp/spec';
import type { Logger } from 'pino';
import { DnsError } from './DnsError.js';
import type { DnsProvider } from './DnsProvider.js';
import { NoopDnsProvider } from './NoopDnsProvider.js';
import { Rfc2136DnsProvider } from './Rfc2136DnsProvider.js';

/** What the `[dns]` section does not say. */
export interface CreateDnsProviderOptions {
  /**
   * The DNS zone the server serves and updates go to: `svc.mcp.<zone>` or
   * `<zone>` itself, whichever is delegated to it. Ignored for `none`.
   */
  zone: string;
  /** Longest one update may take; default 5000 ms. */
  timeoutMs?: number;
  /** Default: no logging. */
  logger?: Pick<Logger, 'debug'>;
}

/**
 * The provider the master config asks for: `NoopDnsProvider` for `none`,
 * `Rfc2136DnsProvider` for `rfc2136` (with the section's TTL as default).
 *
 * @throws DnsError `INVALID_OPTION` when `rfc2136` has no `[dns.rfc2136]`
 *   settings or they are malformed.
 */
export function createDnsProvider(dns: MasterConfig['dns'], options: CreateDnsProviderOptions): DnsProvider {
  switch (dns.provider) {
    case 'none':
      return new NoopDnsProvider();
    case 'rfc2136': {
      if (dns.rfc2136 === undefined) {
        throw new DnsError('INVALID_OPTION', 'DNS provider "rfc2136" needs a [dns.rfc2136] section');
      }
      return new Rfc2136DnsProvider({ ...dns.rfc2136, ttl: dns.ttl, ...options });
    }
  }
}
