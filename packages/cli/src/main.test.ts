// The built entry point as a person runs it: `--version` answers before the
// command table loads, `--help` without loading any command's module.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { runCli } from './runCli.js';
import { cliVersion } from './version.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
/** What `bin` runs: the same entry, bundled by scripts/bundle.mjs (part of build). */
const BUNDLE = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));

function buffers() {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
    out: () => ({ stdout, stderr }),
  };
}

describe('mcp --version', () => {
  it('prints the build version, from the fast path and from the parser alike', async () => {
    const fast = await run(process.execPath, [MAIN, '--version']);
    expect(fast.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    // Not alone on the line: through yargs.
    const parsed = await run(process.execPath, [MAIN, '--json', '--version']);
    expect(parsed.stdout).toBe(fast.stdout);
    const b = buffers();
    expect(await runCli(['--version'], { io: b.io })).toBe(0);
    expect(b.out().stdout).toBe(`${cliVersion()}\n`);
  });
});

describe('the bundle', () => {
  it('is what bin runs, and answers --version and --help as the modules do', async () => {
    const { bin } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      bin: { mcp: string };
    };
    expect(fileURLToPath(new URL(`../${bin.mcp}`, import.meta.url))).toBe(BUNDLE);
    for (const args of [['--version'], ['--help'], ['node', '--help']]) {
      const [bundled, modules] = await Promise.all([
        run(process.execPath, [BUNDLE, ...args]),
        run(process.execPath, [MAIN, ...args]),
      ]);
      expect(bundled.stdout).toBe(modules.stdout);
    }
  });
});

describe('mcp --help', () => {
  it('prints, without yargs, exactly what the parser prints at the full help width', async () => {
    const b = buffers();
    expect(await runCli(['--help'], { io: b.io, width: 100 })).toBe(0);
    for (const flag of ['--help', '-h']) {
      const fast = await run(process.execPath, [MAIN, flag]);
      expect(fast.stdout).toBe(b.out().stdout);
    }
    expect(b.out().stdout).toContain('mcp deploy hello');
  });

  it('lists the commands without loading gRPC or any command module', async () => {
    // A module hook in the child records every module it loads and prints the list at exit.
    const hook = `import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
      process.on('exit', () => process.stderr.write(JSON.stringify(seen)));`;
    const loaded = async (args: string[]) => {
      const { stdout, stderr } = await run(process.execPath, [
        '--import',
        `data:text/javascript,${encodeURIComponent(hook)}`,
        MAIN,
        ...args,
      ]).catch((e: { stdout: string; stderr: string }) => e);
      return { stdout, modules: JSON.parse(stderr.slice(stderr.lastIndexOf('['))) as string[] };
    };
    const heavy = (url: string) =>
      /\/commands\/(?!agentCommand)|nice-grpc|@grpc|node-ssh|\/proto\//.test(url);
    // `mcp --help` is the build's text: not even yargs loads.
    const help = await loaded(['--help']);
    expect(help.stdout).toContain('mcp deploy hello');
    expect(help.modules.filter((url) => /cliParser|yargs/.test(url))).toEqual([]);
    // A command's help goes through the parser, and still loads no command.
    const nodeHelp = await loaded(['node', '--help']);
    expect(nodeHelp.stdout).toContain('mcp node list');
    expect(nodeHelp.modules.some((url) => url.endsWith('/cliParser.js'))).toBe(true);
    expect(nodeHelp.modules.filter(heavy)).toEqual([]);
    // The same probe sees them when a command runs (it fails: no config, but it got that far).
    const status = await loaded(['--config', '/nonexistent/mcp.toml', 'status']);
    expect(status.modules.filter(heavy).length).toBeGreaterThan(0);
  });
});

describe('an option that takes one value', () => {
  it.each([
    ['--config', ['--config', '/a.toml', '--config', '/b.toml', 'status'], '(/a.toml, /b.toml)'],
    ['--node', ['--direct', '-n', 'rift', '--node', 'orion', 'status'], '(rift, orion)'],
    ['--timeout', ['--timeout', '5', '--timeout', '9', 'status'], '(5, 9)'],
  ])('refuses %s given twice, naming both values', async (flag, argv, values) => {
    const b = buffers();
    expect(await runCli(argv, { io: b.io, defaultConfig: '/nonexistent/mcp.toml' })).toBe(2);
    expect(b.out().stderr).toBe(`mcp: ${flag} was given 2 times ${values}; give it once\n`);
  });
});
