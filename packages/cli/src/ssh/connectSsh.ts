import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { hostKeyFingerprint, type HostKey, type SshTarget } from '@mcp/spec';
import { NodeSSH } from 'node-ssh';
import { UpgradeError } from '../agent/UpgradeError.js';

/** What a command run over SSH printed and how it ended. */
export interface RemoteResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An SSH session with one node, whose host key matched the pinned one. */
export interface SshSession {
  /** `rift (kyle@100.64.0.1:22)`. */
  readonly target: string;
  /** Runs `command` through the login shell; rejects with REMOTE_COMMAND_FAILED after `timeoutMs`. */
  exec(command: string, timeoutMs: number): Promise<RemoteResult>;
  /** Uploads `local` to `remote` over SFTP (replacing nothing: `remote` must not exist). */
  put(local: string, remote: string): Promise<void>;
  close(): void;
}

/** How to reach and authenticate to a node. */
export interface ConnectSshOptions {
  node: string;
  target: SshTarget;
  hostKey: HostKey;
  /** Private key file; default the SSH agent (SSH_AUTH_SOCK) and ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  identity?: string | undefined;
  /** Default 20 000 ms. */
  connectTimeoutMs?: number;
}

// Offer only the pinned key's algorithm, so a server with several host keys
// shows the one we pinned rather than being refused for another.
const HOST_KEY_ALGORITHMS: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

function defaultIdentity(): string | undefined {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa']
    .map((f) => join(homedir(), '.ssh', f))
    .find((p) => existsSync(p));
}

/**
 * Opens an SSH session, refusing the server unless it presents the pinned
 * host key: the check runs during key exchange, before authentication, so
 * nothing is sent to a server that fails it.
 *
 * @throws UpgradeError HOST_KEY_MISMATCH, or SSH_FAILED (unreachable, authentication refused).
 */
export async function connectSsh(options: ConnectSshOptions): Promise<SshSession> {
  const { node, target: t, hostKey } = options;
  const target = `${node} (${t.user}@${t.host}:${t.port})`;
  let presented: string | undefined;
  const ssh = new NodeSSH();
  const identity = options.identity ?? defaultIdentity();
  try {
    await ssh.connect({
      host: t.host,
      port: t.port,
      username: t.user,
      ...(identity ? { privateKeyPath: identity } : {}),
      ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
      readyTimeout: options.connectTimeoutMs ?? 20_000,
      ...(hostKey.kind === 'key'
        ? {
            algorithms: {
              serverHostKey: (HOST_KEY_ALGORITHMS[hostKey.algorithm] ?? [hostKey.algorithm]) as never,
            },
          }
        : {}),
      hostVerifier: (key: Buffer) => {
        presented = hostKeyFingerprint(key);
        return hostKey.kind === 'key'
          ? key.equals(Buffer.from(hostKey.key, 'base64'))
          : presented === hostKey.fingerprint;
      },
    });
  } catch (error) {
    ssh.dispose();
    if (presented !== undefined && presented !== hostKey.fingerprint) {
      throw new UpgradeError(
        'HOST_KEY_MISMATCH',
        `${target} presented host key ${presented}, not the pinned ${hostKey.fingerprint}; refused before sending anything (if the node was reinstalled, check its key and update host_key)`,
        { cause: error },
      );
    }
    const why = (error as Error).message;
    const hint = /authentication/i.test(why)
      ? ' (pass --identity <key file> or load the key into ssh-agent)'
      : '';
    throw new UpgradeError('SSH_FAILED', `cannot connect to ${target}: ${why}${hint}`, { cause: error });
  }
  return {
    target,
    async exec(command, timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          ssh.dispose();
          reject(
            new UpgradeError(
              'REMOTE_COMMAND_FAILED',
              `${target}: no answer within ${timeoutMs / 1000}s to: ${command}`,
            ),
          );
        }, timeoutMs);
      });
      try {
        const run = ssh
          .execCommand(command)
          .then((r) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr }));
        return await Promise.race([run, timeout]);
      } catch (error) {
        if (error instanceof UpgradeError) throw error;
        throw new UpgradeError('SSH_FAILED', `${target}: ${(error as Error).message}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
    async put(local, remote) {
      try {
        await ssh.putFile(local, remote);
      } catch (error) {
        throw new UpgradeError('SSH_FAILED', `${target}: uploading ${remote}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
    close: () => ssh.dispose(),
  };
}
