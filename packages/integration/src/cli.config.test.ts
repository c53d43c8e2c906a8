// What the CLI says before any agent answers: usage, config and input
// errors (exit 2), an unreachable node (exit 1), and the help.
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair, mintToken } from '@mcp/auth';
import { createTestPki, freePort, makeTempDir, type TempDir } from '@mcp/testkit';
import { helloToml, mcp, writeConfigDir } from './index.js';

let tmp: TempDir;
let config: string;
let closedPort: number;

beforeAll(async () => {
  tmp = await makeTempDir('mcp-cli-');
  closedPort = await freePort();
  const token = await mintToken(generateSigningKeyPair().privateKeyPem, {
    sub: 'alice',
    kind: 'human',
    audience: 'agent-rift',
    ttl: 600,
  });
  config = await writeConfigDir(tmp.path, {
    nodes: { rift: `127.0.0.1:${closedPort}`, orion: '127.0.0.1:1' },
    caPem: createTestPki().ca.cert,
    token,
    services: {
      hello: helloToml('localhost/mcp-test/httpd:v1.0.0'),
      bad: 'name = "bad"\n\n[[components]]\nname = "web"\nimage = "busybox:latest"\nportz = 3\n',
    },
  });
});
afterAll(async () => {
  await tmp?.remove();
});

describe('usage', () => {
  it.each<[string, string[], RegExp]>([
    ['no command', [], /^mcp: name a command; see mcp --help\n$/],
    ['an unknown command', ['frobnicate'], /^mcp: unknown command "frobnicate"/],
    ['a misspelt command', ['depoly', 'hello'], /^mcp: unknown command "depoly"; did you mean deploy\?\n$/],
    ['an extra argument', ['ps', 'extra'], /^mcp: unknown argument: extra; see mcp ps --help\n$/],
    ['a missing service', ['--direct', '-n', 'rift', 'deploy'], /^mcp: deploy needs a service/],
    ['--direct without -n', ['--direct', 'ps'], /^mcp: --direct needs -n <node>\n$/],
    [
      'a bad --timeout',
      ['--direct', '-n', 'rift', 'ps', '--timeout', 'soon'],
      /--timeout must be a positive number/,
    ],
    [
      'no --direct and no [master]',
      ['ps'],
      /^mcp: no \[master\] address in the config; add one, or use --direct -n <node>/,
    ],
  ])('%s exits 2', async (_, argv, stderr) => {
    const run = await mcp(config, ...argv);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(stderr);
  });

  it.each(['', 'deploy', 'undeploy', 'stop', 'start', 'restart', 'status', 'ps'])(
    'mcp %s --help has examples',
    async (command) => {
      const run = await mcp(undefined, ...(command ? [command] : []), '--help');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('Examples:');
      expect(run.stdout).toContain(`mcp --direct -n rift ${command}`);
    },
  );

  it('prints a bash completion script', async () => {
    const run = await mcp(undefined, 'completion');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('###-begin-mcp-completions-###');
  });
});

describe('config and input errors exit 2 in one line per problem', () => {
  it('a missing config file names the file and how to create one', async () => {
    const file = join(tmp.path, 'nowhere', 'mcp.toml');
    const run = await mcp(file, '--direct', '-n', 'rift', 'ps');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^mcp: no config file ${file}; create one naming the master`));
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('a bad config names file:line:field', async () => {
    const file = join(tmp.path, 'bad-mcp.toml');
    await writeFile(file, 'services_dir = 3\n\n[[nodes]]\nname = "Rift"\naddress = "127.0.0.1:9444"\n');
    const run = await mcp(file, '--direct', '-n', 'rift', 'ps');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`mcp: ${file}:1: services_dir: must be a string`);
    expect(run.stderr).toContain(`mcp: ${file}:4: nodes[0].name: must be a DNS label`);
  });

  it.each<[string, string[], RegExp]>([
    [
      'an unknown node lists the known ones',
      ['-n', 'nope', 'ps'],
      /^mcp: unknown node "nope": the config knows rift, orion\n$/,
    ],
    [
      'a bad service file names file:line:field',
      ['-n', 'rift', 'deploy', 'bad'],
      /^mcp: .*\/services\/bad\.toml:5: components\[0\]\.image: must not use the tag "latest"/m,
    ],
    [
      'a missing service file',
      ['-n', 'rift', 'deploy', 'nothere'],
      /^mcp: no service file .*\/services\/nothere\.toml \(give a name from services_dir/,
    ],
    [
      'a service name that is no name',
      ['-n', 'rift', 'deploy', 'Hello_World'],
      /neither a service name \(a DNS label\) nor a path/,
    ],
  ])('%s', async (_, argv, stderr) => {
    const run = await mcp(config, '--direct', ...argv);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(stderr);
  });

  it('names every problem of a bad service file, each on its own mcp: line', async () => {
    const run = await mcp(config, '--direct', '-n', 'rift', 'deploy', join(tmp.path, 'services', 'bad.toml'));
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/bad\.toml:5: components\[0\]\.image:/),
      expect.stringMatching(/^mcp: .*bad\.toml:6: components\[0\]\.portz: unknown key/),
    ]);
  });

  it('a missing direct-mode token says where to put it, and which file init made for it', async () => {
    const token = join(tmp.path, 'direct', 'rift.token');
    const saved = await readFile(token, 'utf8');
    await rm(token);
    const run = await mcp(config, '--direct', '-n', 'rift', 'ps');
    await writeFile(token, saved, { mode: 0o600 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `mcp: token file ${token} does not exist; write your direct-mode token for rift ` +
        '(mcp-master init writes tokens/direct/<you>/rift.token) there with mode 0600 ' +
        '(or set direct_token_dir in the config)\n',
    );
  });

  it('a missing master token says where to put it', async () => {
    const token = join(tmp.path, 'token');
    const saved = await readFile(token, 'utf8');
    await rm(token);
    const withMaster = join(tmp.path, 'with-master.toml');
    await writeFile(
      withMaster,
      `${await readFile(config, 'utf8')}\n[master]\naddress = "127.0.0.1:${closedPort}"\n`,
    );
    const run = await mcp(withMaster, 'node', 'list');
    await writeFile(token, saved, { mode: 0o600 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `mcp: token file ${token} does not exist; write your token for the master there with mode 0600 ` +
        '(or set token_file in the config)\n',
    );
  });

  it('a token file readable by others names its mode', async () => {
    const token = join(tmp.path, 'direct', 'rift.token');
    await chmod(token, 0o644);
    const run = await mcp(config, '--direct', '-n', 'rift', 'ps');
    await chmod(token, 0o600);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^mcp: token file .* has mode 0644; .*chmod 600/);
  });

  it('a CA file that is not PEM', async () => {
    const ca = join(tmp.path, 'ca.pem');
    const pem = createTestPki().ca.cert;
    await writeFile(ca, 'not a certificate\n');
    const run = await mcp(config, '--direct', '-n', 'rift', 'ps');
    await writeFile(ca, pem);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^mcp: ca_cert .*ca\.pem: /);
  });
});

describe('an unreachable node exits 1', () => {
  it.each(['ps', 'status'])('%s says it cannot reach the node and why', async (command) => {
    const run = await mcp(config, '--direct', '-n', 'rift', command, '--json');
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      `mcp: cannot reach rift (127.0.0.1:${closedPort}): connect ECONNREFUSED 127.0.0.1:${closedPort}\n`,
    );
  });
});
