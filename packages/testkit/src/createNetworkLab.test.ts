import { describe, expect, it } from '@jest/globals';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { createNetworkLab, sweepStaleLabs } from './createNetworkLab.js';
import { makeTempDir } from './makeTempDir.js';
import { startProcess } from './startProcess.js';
import { waitFor } from './waitFor.js';

async function netnsNames(): Promise<string[]> {
  const { stdout } = await execa('ip', ['netns', 'list']);
  return stdout.split('\n').map((l) => l.split(' ')[0]!);
}

async function linkExists(name: string): Promise<boolean> {
  return (await execa('ip', ['link', 'show', name], { reject: false })).exitCode === 0;
}

/**
 * Runs a server command (inside a namespace); resolves once it prints its first line. The
 * subprocess comes back in an object: it is itself a promise, which `resolve` would wait for.
 */
function serveIn(wrap: { file: string; args: string[] }) {
  const child = execa(wrap.file, wrap.args, { reject: false });
  return new Promise<{ child: typeof child }>((resolve, reject) => {
    child.stdout.once('data', () => resolve({ child }));
    void child.then((r) => reject(new Error(`server exited (${r.exitCode}): ${r.stderr}`)));
  });
}

describe('createNetworkLab', () => {
  it('puts namespaces on one bridge: each reaches the others and the host, the host reaches each', async () => {
    const state = await makeTempDir('mcp-netlab-');
    const lab = await createNetworkLab({ namespaces: ['alpha', 'beta'], stateDir: state.path });
    try {
      expect(lab.subnet).toMatch(/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.\d+\.0\/24$/);
      const alpha = lab.get('alpha');
      const beta = lab.get('beta');
      expect(alpha.address).toBe(lab.subnet.replace('0/24', '10'));
      expect(beta.address).toBe(lab.subnet.replace('0/24', '11'));
      expect(await netnsNames()).toEqual(expect.arrayContaining([alpha.netns, beta.netns]));

      const script = `require('http').createServer((q, s) => s.end(process.argv[1])).listen(8099, '${alpha.address}', () => console.log('up'))`;
      const { child: server } = await serveIn(alpha.wrap(['node', '-e', script, 'alpha']));
      try {
        // From the host, and from the other namespace.
        const fromHost = await execa('curl', ['-sS', '-m', '3', `http://${alpha.address}:8099/`]);
        expect(fromHost.stdout).toBe('alpha');
        const other = beta.wrap(['curl', '-sS', '-m', '3', `http://${alpha.address}:8099/`]);
        expect((await execa(other.file, other.args)).stdout).toBe('alpha');
        // Inside its own namespace only its own addresses: the host's loopback is not there.
        const own = alpha.wrap(['ip', '-o', '-4', 'addr', 'show']);
        const addresses = (await execa(own.file, own.args)).stdout;
        expect(addresses).toContain(alpha.address);
        expect(addresses).not.toContain(beta.address);
        // Cut off, alpha answers no one; back up, it answers again.
        await alpha.setLink(false);
        const cut = await execa('curl', ['-sS', '-m', '1', `http://${alpha.address}:8099/`], {
          reject: false,
        });
        expect(cut.exitCode).not.toBe(0);
        await alpha.setLink(true);
        const back = await execa('curl', [
          '-sS',
          '-m',
          '3',
          '--retry',
          '3',
          '--retry-connrefused',
          `http://${alpha.address}:8099/`,
        ]);
        expect(back.stdout).toBe('alpha');
      } finally {
        server.kill();
        await server;
      }
    } finally {
      await lab.remove();
      await lab.remove();
      await state.remove();
    }
    expect(await netnsNames()).not.toContain(lab.get('alpha').netns);
    expect(await linkExists(lab.bridge)).toBe(false);
  });

  it('runs a daemon started with startProcess({ netns }) inside that namespace, by its own PID', async () => {
    const state = await makeTempDir('mcp-netlab-');
    const lab = await createNetworkLab({ namespaces: ['delta'], stateDir: state.path });
    try {
      const delta = lab.get('delta');
      const daemon = await startProcess('sleep', ['30'], {
        logPath: join(state.path, 'sleep.log'),
        netns: delta.path,
      });
      try {
        // nsenter and setpriv exec in turn: once the PID is sleep's, it is where it will run.
        await waitFor(async () => (await readFile(`/proc/${daemon.pid}/comm`, 'utf8')) === 'sleep\n');
        const [inside, theirs] = await Promise.all([stat(`/proc/${daemon.pid}/ns/net`), stat(delta.path)]);
        expect(inside.ino).toBe(theirs.ino);
        expect((await stat('/proc/self/ns/net')).ino).not.toBe(theirs.ino);
      } finally {
        await daemon.stop();
      }
    } finally {
      await lab.remove();
      await state.remove();
    }
  });

  it('removes a lab whose creator died, and keeps one whose creator lives', async () => {
    const state = await makeTempDir('mcp-netlab-');
    try {
      const lab = await createNetworkLab({ namespaces: ['gamma'], stateDir: state.path });
      const { netns } = lab.get('gamma');
      expect(await sweepStaleLabs(state.path)).toEqual([]);
      expect(await netnsNames()).toContain(netns);
      // Rewrite its record as if a process that has exited had made it.
      const exited = execa('true');
      const pid = exited.pid!;
      await exited;
      const record = { pid, bridge: lab.bridge, netns: [netns] };
      await mkdir(state.path, { recursive: true });
      await writeFile(join(state.path, `${lab.id}.json`), JSON.stringify(record));
      expect(await sweepStaleLabs(state.path)).toEqual([lab.id]);
      expect(await netnsNames()).not.toContain(netns);
      expect(await linkExists(lab.bridge)).toBe(false);
    } finally {
      await state.remove();
    }
  });

  it('refuses names it cannot use, making nothing', async () => {
    const before = await netnsNames();
    await expect(createNetworkLab({ namespaces: ['Bad Name'] })).rejects.toThrow('bad namespace name');
    await expect(createNetworkLab({ namespaces: ['a', 'a'] })).rejects.toThrow('distinct');
    await expect(createNetworkLab({ namespaces: ['a'], subnet: '10.0.0.0' })).rejects.toThrow(
      'inside 100.64.0.0/10',
    );
    expect(await netnsNames()).toEqual(before);
  });
});
