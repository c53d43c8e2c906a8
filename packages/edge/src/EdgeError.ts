/** Every way an edge rule can refuse its input. */
export type EdgeErrorCode =
  /** A hostname (public or backend) is malformed. */
  | 'INVALID_HOSTNAME'
  /** A public hostname is well-formed but not under any allowed domain. */
  | 'HOSTNAME_NOT_ALLOWED'
  /** A public hostname is an internal `svc.mcp.<zone>` name. */
  | 'HOSTNAME_IS_INTERNAL'
  /** A configured allowed domain is malformed (a config error). */
  | 'INVALID_ALLOWED_DOMAIN'
  /** The zone is malformed (a config error). */
  | 'INVALID_ZONE'
  /** A component name is not a DNS label. */
  | 'INVALID_COMPONENT'
  /** A backend hostname is not under `svc.mcp.<zone>`. */
  | 'BACKEND_HOSTNAME_NOT_INTERNAL'
  /** A backend port is not a whole number in 1–65535. */
  | 'INVALID_PORT'
  /** `backend_tls` is not `true`: plaintext to a backend is refused. */
  | 'BACKEND_TLS_REQUIRED'
  /** An IP address is malformed. */
  | 'INVALID_IP_ADDRESS'
  /** A CIDR is malformed, has its prefix out of range, or has host bits set. */
  | 'INVALID_CIDR'
  /** A backend resolved to no address at all. */
  | 'NO_BACKEND_ADDRESS'
  /** A backend resolved to an address outside the allowed CIDRs. */
  | 'BACKEND_ADDRESS_NOT_ALLOWED'
  /** No healthy edge node to route through. */
  | 'NO_EDGE_NODE'
  /** The desired routes name a public hostname twice. */
  | 'DUPLICATE_ROUTE';

/** A refused edge input: `code` for programs, `message` for people. */
export class EdgeError extends Error {
  override readonly name = 'EdgeError';
  /** The request field at fault, in wire spelling (`backend_port`), when there is one. */
  readonly field: string | undefined;

  constructor(
    readonly code: EdgeErrorCode,
    message: string,
    options: { cause?: unknown; field?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = options.field;
  }
}
