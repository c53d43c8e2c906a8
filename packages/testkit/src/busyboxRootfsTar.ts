import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface BusyboxRootfsOptions {
  /** A statically linked busybox. Default '/bin/busybox' (Debian's busybox-static). */
  busyboxPath?: string;
  /** Where tarballs are kept. Default `$MCP_CACHE/testkit`, MCP_CACHE defaulting to ~/.cache/mcp. */
  cacheDir?: string;
}

// Bump when the layout below changes, so stale cached tarballs are not reused.
const LAYOUT_VERSION = 1;

/**
 * Returns the path of a tarball holding a minimal root filesystem: /bin/busybox with a link
 * for each of its applets, /etc/passwd and /etc/group for root, /tmp and an empty /www. The
 * tarball is built once per busybox binary and cached; concurrent callers are safe.
 */
export async function busyboxRootfsTar(options: BusyboxRootfsOptions = {}): Promise<string> {
  const {
    busyboxPath = '/bin/busybox',
    cacheDir = join(process.env.MCP_CACHE ?? join(homedir(), '.cache', 'mcp'), 'testkit'),
  } = options;
  const busybox = await readFile(busyboxPath);
  const digest = createHash('sha256').update(busybox).digest('hex').slice(0, 16);
  const tarPath = join(cacheDir, `busybox-rootfs-v${LAYOUT_VERSION}-${digest}.tar`);
  if (await stat(tarPath).catch(() => undefined)) return tarPath;

  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, 'build-'));
  try {
    const rootfs = join(work, 'rootfs');
    for (const sub of ['bin', 'etc', 'www', 'tmp', 'proc', 'sys', 'dev', 'root']) {
      await mkdir(join(rootfs, sub), { recursive: true });
    }
    await writeFile(join(rootfs, 'bin', 'busybox'), busybox, { mode: 0o755 });
    const { stdout } = await execa(busyboxPath, ['--list']);
    for (const applet of stdout.split('\n').filter((name) => /^[\w.[-]+$/.test(name))) {
      if (applet !== 'busybox') await symlink('busybox', join(rootfs, 'bin', applet));
    }
    await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\n');
    await chmod(join(rootfs, 'tmp'), 0o1777);
    const partial = join(work, 'rootfs.tar');
    await execa('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', rootfs, '-cf', partial, '.']);
    await rename(partial, tarPath);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return tarPath;
}
