import { DnsError } from './DnsError.js';

/** What the update was about, to name in messages (never the secret). */
export interface NsupdateContext {
  /** `host:port` as configured. */
  server: string;
  zone: string;
  keyName: string;
  algorithm: string;
  timeoutMs: number;
}

const TSIG_ERRORS: Record<string, (c: NsupdateContext) => string> = {
  BADSIG: (c) =>
    `${c.server} refused the TSIG signature of key ${c.keyName} (NOTAUTH/BADSIG): the secret does not match`,
  BADKEY: (c) =>
    `${c.server} does not accept key ${c.keyName} (${c.algorithm}) for updates to ${c.zone} (NOTAUTH/BADKEY)`,
  BADTIME: (c) => `${c.server} refused the TSIG time (NOTAUTH/BADTIME): the clocks differ too much`,
};

/**
 * Turns what `nsupdate` printed when it failed (stdout and stderr, secret
 * already removed) into a `DnsError` that says what went wrong and where:
 * the server's RCODE (and TSIG error) first, then a reply that failed TSIG
 * verification, then transport failures. Unknown output becomes
 * `TOOL_FAILED` quoting its first line.
 */
export function nsupdateErrorToDnsError(output: string, context: NsupdateContext): DnsError {
  const { server, zone, keyName, timeoutMs } = context;
  const cause = { cause: new Error(output.trim()) };
  const rcode = /update failed: ([A-Z]+)(?:\(([A-Z]+)\))?/.exec(output);
  if (rcode) {
    const [, name, tsigError] = rcode;
    const tsigMessage = tsigError === undefined ? undefined : TSIG_ERRORS[tsigError];
    if (name === 'NOTAUTH' && tsigMessage) return new DnsError('NOT_AUTHORIZED', tsigMessage(context), cause);
    if (name === 'NOTAUTH' && tsigError !== undefined) {
      return new DnsError('NOT_AUTHORIZED', `${server} refused key ${keyName} (NOTAUTH/${tsigError})`, cause);
    }
    if (name === 'NOTAUTH') {
      return new DnsError('NOT_ZONE', `${server} is not authoritative for zone ${zone} (NOTAUTH)`, cause);
    }
    if (name === 'NOTZONE') {
      return new DnsError('NOT_ZONE', `${server} says a name is outside zone ${zone} (NOTZONE)`, cause);
    }
    if (name === 'REFUSED') {
      return new DnsError(
        'REFUSED',
        `${server} refused the update to zone ${zone} (REFUSED): its policy forbids it`,
        cause,
      );
    }
    return new DnsError('UPDATE_FAILED', `${server} failed the update to zone ${zone} (${name})`, cause);
  }
  const tsig = /TSIG error with server: (.+)/.exec(output);
  if (tsig) {
    const reason = tsig[1]?.trim() ?? '';
    return new DnsError(
      'NOT_AUTHORIZED',
      `the reply from ${server} is not signed with key ${keyName} (${reason})`,
      cause,
    );
  }
  if (/timed out/i.test(output)) {
    return new DnsError(
      'TIMEOUT',
      `no answer from DNS server ${server} within ${timeoutMs} ms (timed out)`,
      cause,
    );
  }
  const unreachable =
    /(connection refused|host unreachable|network unreachable|no route to host|couldn't get address[^\n]*)/i.exec(
      output,
    );
  if (unreachable) {
    return new DnsError('UNREACHABLE', `DNS server ${server} is unreachable (${unreachable[1]})`, cause);
  }
  if (/could not create key|bad base64/i.test(output)) {
    return new DnsError('INVALID_SECRET', `nsupdate could not use the secret of key ${keyName}`, cause);
  }
  const firstLine = output.trim().split('\n')[0] ?? '';
  return new DnsError('TOOL_FAILED', `nsupdate failed: ${firstLine === '' ? 'no output' : firstLine}`, cause);
}
