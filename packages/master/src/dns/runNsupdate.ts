import { execa } from 'execa';
import { DnsError } from './DnsError.js';
import { nsupdateErrorToDnsError, type NsupdateContext } from './nsupdateErrorToDnsError.js';
import type { ServerAddress } from './parseServerAddress.js';

/** One signed update message, as nsupdate commands. */
export interface NsupdateRequest {
  context: NsupdateContext;
  address: ServerAddress;
  /** Base64; reaches nsupdate on stdin only. */
  secret: string;
  /** `prereq …` and `update …` lines, all sent as ONE message. */
  commands: readonly string[];
  nsupdatePath: string;
}

/**
 * Sends one TSIG-signed RFC 2136 update through `nsupdate` and resolves when
 * the server accepted it (nsupdate verifies the TSIG of the reply).
 *
 * The secret goes in a `key` command on stdin: never on argv (readable by
 * every user through `ps`), and never in a file we would have to remove
 * after a crash. Names and values in `commands` must be validated by the
 * caller: a newline in them would add commands.
 *
 * @throws DnsError from `nsupdateErrorToDnsError`, `TIMEOUT` when the whole
 *   exchange outlasts `context.timeoutMs`, `TOOL_FAILED` when nsupdate
 *   cannot be started. No message or cause contains the secret.
 */
export async function runNsupdate(request: NsupdateRequest): Promise<void> {
  const { context, address, secret, commands } = request;
  const input = [
    `key ${context.algorithm}:${context.keyName} ${secret}`,
    `server ${address.host} ${address.port}`,
    `zone ${context.zone}`,
    ...commands,
    'send',
    '',
  ].join('\n');
  // nsupdate's own limit (whole seconds, -u 0: retries spread inside it)
  // is a fallback; the execa timeout is the one that holds to the millisecond.
  const seconds = String(Math.max(1, Math.ceil(context.timeoutMs / 1000)));
  const result = await execa(request.nsupdatePath, ['-t', seconds, '-u', '0', '-r', '2'], {
    input,
    all: true,
    reject: false,
    timeout: context.timeoutMs,
    forceKillAfterDelay: 1000,
  });
  // Before the exit code: nsupdate exits 0 on the SIGTERM of the timeout.
  if (result.timedOut) {
    throw new DnsError(
      'TIMEOUT',
      `no answer from DNS server ${context.server} within ${context.timeoutMs} ms (unreachable or timed out)`,
    );
  }
  if (result.isTerminated) {
    throw new DnsError('TOOL_FAILED', `${request.nsupdatePath} was killed by ${result.signal ?? 'a signal'}`);
  }
  if (result.exitCode === 0) return;
  if (result.code === 'ENOENT') {
    throw new DnsError('TOOL_FAILED', `${request.nsupdatePath} not found (install bind9-dnsutils)`);
  }
  const output = (result.all ?? '').replaceAll(secret, '[secret]');
  throw nsupdateErrorToDnsError(output, context);
}
