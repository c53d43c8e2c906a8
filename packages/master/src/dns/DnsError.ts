/** Every way a DNS provider can refuse or fail. */
export type DnsErrorCode =
  /** A record name is malformed or not strictly below the provider's zone; nothing was sent. */
  | 'INVALID_NAME'
  /** An address is not a plain IPv4 or IPv6 address, or none was given; nothing was sent. */
  | 'INVALID_ADDRESS'
  /** A provider option (zone, server, key name, TTL, timeout) is malformed. */
  | 'INVALID_OPTION'
  /** The TSIG secret file is unreadable, open to group or others, or holds no base64 secret. */
  | 'INVALID_SECRET'
  /** The server refused the update (RCODE REFUSED): its policy does not allow it. */
  | 'REFUSED'
  /** TSIG failed (NOTAUTH with BADSIG, BADKEY or BADTIME, or an unsigned or unverifiable reply). */
  | 'NOT_AUTHORIZED'
  /** The server is not authoritative for the zone, or a name is outside it (NOTAUTH, NOTZONE). */
  | 'NOT_ZONE'
  /** The server answered with another error RCODE (SERVFAIL, …). */
  | 'UPDATE_FAILED'
  /** The server could not be reached (connection refused, no route, unknown host). */
  | 'UNREACHABLE'
  /** No answer within the timeout. */
  | 'TIMEOUT'
  /** The update tool (`nsupdate`) is missing, crashed or said something not understood. */
  | 'TOOL_FAILED';

/** A refused or failed DNS operation: `code` for programs, `message` for people (never the secret). */
export class DnsError extends Error {
  override readonly name = 'DnsError';

  constructor(
    readonly code: DnsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
