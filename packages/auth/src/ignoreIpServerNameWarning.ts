/**
 * grpc-js passes the target host as the TLS server name even when it is an
 * IP address (nodes are dialed by their Tailnet address), and Node warns
 * about that once per process (DEP0123). The warning is not actionable, so
 * this drops exactly it; every other warning is still written, through
 * `write`, as `<prefix>: warning: <message>`.
 */
export function ignoreIpServerNameWarning(
  prefix: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.code !== 'DEP0123') write(`${prefix}: warning: ${warning.message}\n`);
  });
}
