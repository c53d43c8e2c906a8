/** What an operator can do about each way a listener fails to bind. */
const REASONS: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (another process listens there)',
  EADDRNOTAVAIL: "the address is not one of this machine's",
  EACCES: 'permission denied (a port below 1024 needs root or CAP_NET_BIND_SERVICE)',
};

/**
 * A gRPC listener that could not bind, in plain words: `cannot listen on
 * <address>: <why>`. grpc-js reports a bind failure as `No address added
 * out of total 1 resolved errors: [Error: listen EADDRINUSE: ...]`; the
 * operator needs the address and the reason, not the resolver's count.
 */
export function listenFailure(address: string, error: unknown): Error {
  const text = error instanceof Error ? error.message : String(error);
  const code = /\b(EADDRINUSE|EADDRNOTAVAIL|EACCES)\b/.exec(text)?.[1];
  const why =
    (code && REASONS[code]) ??
    text
      .replace(/^No address added out of total \d+ resolved(?: errors: )?/, '')
      .replace(/^\[(.*)\]$/s, '$1')
      .replace(/^Error: /, '')
      .trim();
  return new Error(`cannot listen on ${address}: ${why || text}`, { cause: error });
}
