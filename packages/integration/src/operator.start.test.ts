// A new operator's first steps with the built programs (issue 10): the
// configs `mcp-master init` writes are the ones @mcp/spec's README shows,
// the programs run as installed (executable, by their shebang), and a daemon
// that cannot start says why in plain words.
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeTempDir, type TempDir } from '@mcp/testkit';
import { BINARIES } from './index.js';

const SPEC_README = fileURLToPath(new URL('../../spec/README.md', import.meta.url));
/** The fleet directory the README's examples use. */
const README_DIR = '/srv/mcp/fleet';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an installed program as a person does: the file itself, found by its shebang. */
function run(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/** The fenced blocks of `markdown` in `lang`, in order. */
function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);
}

let temp: TempDir;
let dir: string;
let readme: string;
let holder: Server;
let busy: string;

beforeAll(async () => {
  temp = await makeTempDir('mcp-operator-');
  dir = join(temp.path, 'fleet');
  readme = await readFile(SPEC_README, 'utf8');
  // The README's own init command, with a temporary directory for its fleet.
  const command = blocks(readme, 'sh').find((b) => b.startsWith('mcp-master init '))!;
  const args = command.trim().split(/\s+/).slice(1);
  const init = await run(
    BINARIES.master,
    args.map((a) => (a === README_DIR ? dir : a)),
  );
  expect(init).toMatchObject({ code: 0, stderr: '' });
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  busy = `127.0.0.1:${(holder.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  holder?.close();
  await temp?.remove();
});

/**
 * A starter config init wrote, with `replace` applied, keeping its state
 * (the default is under /srv/mcp) in the temporary directory.
 */
async function starter(name: string, replace: [string | RegExp, string][] = []): Promise<string> {
  let text = await readFile(join(dir, 'config', name), 'utf8');
  const data = JSON.stringify(join(temp.path, 'data'));
  text = text
    .replace('[server]', `[database]\npath = ${JSON.stringify(join(temp.path, 'master.db'))}\n\n[server]`)
    .replace(/^(\[agent\]\n)/m, `$1data_dir = ${data}\n`);
  if (!name.startsWith('mcp-master')) text = text.replace(/\[database\]\npath = .*\n\n/, '');
  for (const [from, to] of replace) text = text.replace(from, to);
  const file = join(temp.path, `edited-${name}`);
  await writeFile(file, text);
  return file;
}

describe("@mcp/spec's README", () => {
  it.each([
    ['mcp-agent.toml', 'mcp-agent-orion.toml', '# mcp-agent.toml of orion'],
    ['mcp-master.toml', 'mcp-master.toml', '# mcp-master.toml,'],
  ])('shows as %s exactly what mcp-master init writes', async (_, file, heading) => {
    const shown = blocks(readme, 'toml').find((b) => b.startsWith(heading));
    const written = await readFile(join(dir, 'config', file), 'utf8');
    expect(shown).toBe(written.replaceAll(dir, README_DIR));
  });
});

describe('the installed programs', () => {
  it.each([
    ['mcp-master', BINARIES.master, ['--help']],
    ['mcp-agent', BINARIES.agent, ['--version']],
    ['mcp', BINARIES.cli, ['--version']],
  ])('%s is executable and runs by its shebang', async (_, file, args) => {
    expect((await stat(file)).mode & 0o111).toBe(0o111);
    expect((await run(file, args)).code).toBe(0);
  });
});

describe('a daemon that cannot start', () => {
  it.each([
    ['mcp-master', BINARIES.master, ['run'], 'mcp-master.toml', '[server]'],
    ['mcp-agent', BINARIES.agent, [], 'mcp-agent-rift.toml', '[server]'],
  ])(
    '%s says in words which address is in use, and exits 1',
    async (program, file, args, config, section) => {
      const edited = await starter(config, [[section, `${section}\nlisten = "${busy}"`]]);
      const r = await run(file, [...args, '--config', edited]);
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      // The same in words and in the structured log (written as the process exits).
      expect(lines.filter((l) => !l.startsWith('{'))).toEqual([
        `${program}: cannot listen on ${busy}: the address is already in use (another process listens there)`,
      ]);
      const logged = lines
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(logged.at(-1)).toMatchObject({ level: 60, msg: expect.stringContaining(busy) });
      expect(r.stderr).not.toMatch(/No address added|resolved/);
    },
  );

  it.each([
    ['mcp-master', BINARIES.master, ['run'], 'mcp-master.toml'],
    ['mcp-agent', BINARIES.agent, [], 'mcp-agent-rift.toml'],
  ])('%s names each bad field on a line of its own, and exits 2', async (program, file, args, config) => {
    const edited = await starter(config, [
      [/^zone = .*$/m, 'zone = "Not A Zone"'],
      ['[auth]', '[auth]\ncolour = "blue"'],
    ]);
    const r = await run(file, [...args, '--config', edited]);
    expect(r.code).toBe(2);
    const plain = r.stderr.split('\n').filter((l) => l.startsWith(`${program}: `));
    expect(plain).toEqual([
      expect.stringMatching(new RegExp(`^${program}: ${edited}:\\d+: zone: `)),
      expect.stringMatching(new RegExp(`^${program}: ${edited}:\\d+: auth.colour: `)),
    ]);
  });

  it('mcp-master refuses a heartbeat rate limit its heartbeat interval exceeds, naming both', async () => {
    const edited = await starter('mcp-master.toml', [
      [
        '[registration]',
        '[heartbeat]\ninterval = "1s"\n\n[rate_limits]\nheartbeat = "1/10s"\n\n[registration]',
      ],
    ]);
    const r = await run(BINARIES.master, ['run', '--config', edited]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      // At the start of a line: first, or after a warning Node printed (or not) before it.
      /(^|\n)mcp-master: .*:\d+: rate_limits\.heartbeat: allows one heartbeat per 10s, but heartbeat\.interval sends one every 1s/,
    );
  });

  it.each([
    ['mcp-master', BINARIES.master, ['run']],
    ['mcp-agent', BINARIES.agent, []],
    ['mcp', BINARIES.cli, ['status']],
  ])('%s refuses --config given twice, and exits 2', async (_, file, args) => {
    const r = await run(file, [...args, '--config', '/a.toml', '--config', '/b.toml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--config was given 2 times (/a.toml, /b.toml); give it once');
    expect(r.stderr).not.toContain('must be of type string');
  });
});
