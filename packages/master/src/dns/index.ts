// The DNS provider of mcp-master, for the master's wiring and its tests.
export { createDnsProvider, type CreateDnsProviderOptions } from './createDnsProvider.js';
export { DnsError, type DnsErrorCode } from './DnsError.js';
export type { DnsProvider, DnsResult } from './DnsProvider.js';
export { NoopDnsProvider } from './NoopDnsProvider.js';
export { Rfc2136DnsProvider, type Rfc2136DnsProviderOptions } from './Rfc2136DnsProvider.js';
