import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execa } from 'execa';
import { isProcessRunning } from './isProcessRunning.js';
import { mountsUnder } from './mountsUnder.js';
import { startSshd, type SshdInstance } from './startSshd.js';
import { waitFor } from './waitFor.js';

describe('startSshd', () => {
  jest.setTimeout(30_000);
  let sshd: SshdInstance;
  let hostHadRunSshd: boolean;
  beforeAll(async () => {
    hostHadRunSshd = (await readdir('/run')).includes('sshd');
    sshd = await startSshd();
  });
  afterAll(() => sshd.stop());

  it('lets the client key in as root when the pinned host key matches', async () => {
    const { stdout } = await execa('ssh', [...sshd.sshArgs(), 'echo "$(id -un) on $SSH_CONNECTION"']);
    expect(stdout).toMatch(new RegExp(`^root on 127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${sshd.port}$`));
  });

  it('reports the host key fingerprint as ssh-keygen does', async () => {
    const { stdout } = await execa('ssh-keygen', ['-l', '-f', join(sshd.dir, 'ssh_host_ed25519_key.pub')]);
    expect(stdout.split(' ')[1]).toBe(sshd.hostKeyFingerprint);
    expect(sshd.hostPublicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+$/);
  });

  it('is refused by a client that pinned another host key', async () => {
    const args = sshd
      .sshArgs()
      .map((arg) => arg.replace(sshd.knownHostsPath, join(sshd.dir, 'wrong_known_hosts')));
    await execa('sh', [
      '-c',
      `echo "[127.0.0.1]:${sshd.port} ${sshd.clientPublicKey}" > ${sshd.dir}/wrong_known_hosts`,
    ]);
    const result = await execa('ssh', [...args, 'true'], { reject: false });
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toMatch(/host key/i);
  });

  it('gives sessions the host /run plus /run/sshd, without creating anything on the host', async () => {
    const { stdout } = await execa('ssh', [...sshd.sshArgs(), 'ls -d /run/sshd /run/netns 2>&1; ls /run']);
    expect(stdout).toContain('/run/sshd\n');
    if ((await readdir('/run')).includes('netns')) expect(stdout).toContain('/run/netns\n');
    const hostRun = await readdir('/run');
    expect(hostRun).not.toContain('mcp-testkit-sshd');
    expect(hostRun.includes('sshd')).toBe(hostHadRunSshd);
    expect(await mountsUnder(sshd.dir)).toEqual([]);
  });

  it('supports SFTP', async () => {
    const target = join(sshd.dir, 'uploaded');
    await execa('sftp', ['-b', '-', ...sshd.sshOptions, '-P', String(sshd.port), `root@${sshd.host}`], {
      input: `put ${sshd.knownHostsPath} ${target}\n`,
    });
    await access(target);
  });

  it('stops sshd and its open sessions, and removes its directory', async () => {
    const other = await startSshd();
    const session = execa('ssh', [...other.sshArgs(), 'echo $$; exec sleep 300'], { reject: false });
    let output = '';
    session.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const shellPid = Number(await waitFor(() => /^(\d+)\n/.exec(output)?.[1]));
    expect(isProcessRunning(shellPid)).toBe(true);
    const pid = other.process.pid;
    await other.stop();
    expect(isProcessRunning(pid)).toBe(false);
    expect(isProcessRunning(shellPid)).toBe(false);
    expect((await session).exitCode).not.toBe(0);
    await expect(access(other.dir)).rejects.toThrow();
  });
});
