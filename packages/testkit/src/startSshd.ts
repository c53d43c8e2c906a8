import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { freePort } from './freePort.js';
import { makeTempDir } from './makeTempDir.js';
import { sshdConfig } from './sshdConfig.js';
import { SSHD_NAMESPACE_SCRIPT } from './sshdNamespaceScript.js';
import { startProcess, type ManagedProcess } from './startProcess.js';
import { superviseDaemon } from './superviseDaemon.js';

export interface StartSshdOptions {
  /** Address to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port. Default a free one. */
  port?: number;
  /** The sshd binary (absolute: sshd re-executes itself). Default '/usr/sbin/sshd'. */
  sshdPath?: string;
  /** How long to wait for the SSH banner. Default 10 000 ms. */
  startTimeoutMs?: number;
  /** More public keys (`ssh-ed25519 AAAA…`) that may log in as root, beside the generated one. Default none. */
  authorizedKeys?: readonly string[];
}

/** A running OpenSSH server that lets one generated key log in as root. */
export interface SshdInstance {
  readonly dir: string;
  readonly host: string;
  readonly port: number;
  readonly user: 'root';
  /** The server's public host key, e.g. 'ssh-ed25519 AAAA…'. */
  readonly hostPublicKey: string;
  /** Its fingerprint as OpenSSH prints it, e.g. 'SHA256:…'. */
  readonly hostKeyFingerprint: string;
  /** A known_hosts file pinning the host key for `[host]:port`. */
  readonly knownHostsPath: string;
  /** Unencrypted ed25519 private key (OpenSSH format) that may log in. */
  readonly clientPrivateKeyPath: string;
  readonly clientPublicKey: string;
  readonly process: ManagedProcess;
  /** ssh/sftp/scp options that log in with the client key and insist on the pinned host key. */
  readonly sshOptions: readonly string[];
  /** Arguments for `ssh` before the remote command: `sshOptions`, the port and `root@host`. */
  sshArgs(): string[];
  /** Stops sshd and every session it started, then removes `dir`; safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts `sshd -D -e` with its own host key, config and authorized_keys, in a private mount
 * namespace (see SSHD_NAMESPACE_SCRIPT). Resolves once it sends its banner. Throws
 * `TestkitError('START_FAILED')` with sshd's log if it exits first.
 */
export async function startSshd(options: StartSshdOptions = {}): Promise<SshdInstance> {
  const { host = '127.0.0.1', sshdPath = '/usr/sbin/sshd', startTimeoutMs = 10_000 } = options;
  const port = options.port ?? (await freePort({ host }));
  const temp = await makeTempDir('mcp-sshd-');
  const dir = temp.path;
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const clientPrivateKeyPath = join(dir, 'client_ed25519_key');
  const knownHostsPath = join(dir, 'known_hosts');
  const configPath = join(dir, 'sshd_config');
  let hostPublicKey: string;
  let clientPublicKey: string;
  try {
    await keygen(hostKey, 'mcp-testkit-host');
    await keygen(clientPrivateKeyPath, 'mcp-testkit-client');
    hostPublicKey = withoutComment(await readFile(`${hostKey}.pub`, 'utf8'));
    clientPublicKey = withoutComment(await readFile(`${clientPrivateKeyPath}.pub`, 'utf8'));
    const allowed = [clientPublicKey, ...(options.authorizedKeys ?? [])];
    await writeFile(join(dir, 'authorized_keys'), `${allowed.join('\n')}\n`, { mode: 0o600 });
    const hostPattern = port === 22 ? host : `[${host}]:${port}`;
    await writeFile(knownHostsPath, `${hostPattern} ${hostPublicKey}\n`, { mode: 0o600 });
    await writeFile(configPath, sshdConfig(host, port), { mode: 0o600 });
  } catch (error) {
    await temp.remove();
    throw error;
  }

  const namespace = ['--mount', '--propagation', 'private', 'sh', '-c', SSHD_NAMESPACE_SCRIPT, 'sh'];
  const daemon = await superviseDaemon({
    launch: () =>
      startProcess('unshare', [...namespace, dir, configPath, sshdPath], { logPath: join(dir, 'sshd.log') }),
    ready: async (proc) => {
      await proc.waitReady(() => banner(host, port).then((line) => line.startsWith('SSH-2.0-')), {
        timeoutMs: startTimeoutMs,
        description: `sshd on ${host}:${port}`,
      });
    },
    cleanup: () => temp.remove(),
  });

  const sshOptions = [
    ...['-i', clientPrivateKeyPath, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'],
    ...['-o', `UserKnownHostsFile=${knownHostsPath}`, '-o', 'GlobalKnownHostsFile=/dev/null'],
    ...['-o', 'StrictHostKeyChecking=yes'],
  ];
  return {
    dir,
    host,
    port,
    user: 'root',
    hostPublicKey,
    hostKeyFingerprint: fingerprint(hostPublicKey),
    knownHostsPath,
    clientPrivateKeyPath,
    clientPublicKey,
    process: daemon.current,
    sshOptions,
    sshArgs: () => [...sshOptions, '-p', String(port), `root@${host}`],
    stop: () => daemon.stop(),
    [Symbol.asyncDispose]: () => daemon.stop(),
  };
}

const keygen = (path: string, comment: string) =>
  execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);

const withoutComment = (line: string) => line.trim().split(/\s+/).slice(0, 2).join(' ');

/** SHA256 fingerprint of an OpenSSH public key line, as `ssh-keygen -l` prints it. */
function fingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.split(' ')[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function banner(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => socket.destroy(new Error('no banner')));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('latin1'));
    });
    socket.once('error', reject);
  });
}
