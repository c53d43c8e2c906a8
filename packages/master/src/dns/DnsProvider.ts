/** What a DNS provider did, in words the master shows as the DNS step detail. */
export interface DnsResult {
  /** False when the provider manages no records (`provider = "none"`). */
  applied: boolean;
  /** One line for people, e.g. `A web.svc.mcp.example.org → 100.64.0.7 (ttl 60)`. */
  detail: string;
}

/**
 * Manages the address records of names in one DNS zone. Names are given
 * fully qualified (a trailing dot is optional) and compared case-insensitively.
 */
export interface DnsProvider {
  /**
   * Makes `addresses` the only addresses of `name`, atomically: the A and
   * AAAA RRsets are deleted and the new records (A for IPv4, AAAA for IPv6)
   * added in one update, so no reader sees the name without an address.
   *
   * @throws DnsError `INVALID_NAME` / `INVALID_ADDRESS` (`INVALID_OPTION`
   *   for a bad `ttl`) before anything is sent; otherwise the server's or
   *   the transport's refusal.
   */
  setA(name: string, addresses: readonly string[], ttl?: number): Promise<DnsResult>;
  /**
   * Deletes the A and AAAA RRsets of `name`; succeeds when there were none.
   *
   * @throws DnsError as `setA`.
   */
  deleteA(name: string): Promise<DnsResult>;
  /**
   * Checks that updates would be accepted (server reachable, authoritative
   * for the zone, key accepted) without changing anything.
   *
   * @throws DnsError as `setA`, except `INVALID_NAME` / `INVALID_ADDRESS`.
   */
  check(): Promise<DnsResult>;
}
