import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliConfig } from './CliConfig.js';
import { loadCliConfig, parseCliConfig } from './parseCliConfig.js';
import { errorLines, specErrorOf } from './testing/errors.js';

const parse = (source: string): CliConfig => parseCliConfig(source, { file: 'mcp.toml', home: '/home/op' });

const defaults: CliConfig = {
  servicesDir: '/home/op/.config/mcp/services',
  tokenFile: '/home/op/.config/mcp/token',
  directTokenDir: '/home/op/.config/mcp/direct',
  caCert: '/home/op/.config/mcp/ca.pem',
  nodes: [],
};

describe('parseCliConfig', () => {
  it('gives every default for an empty file', () => {
    expect(parse('')).toEqual(defaults);
  });

  it('expands ~ against os.homedir() by default', () => {
    expect(parseCliConfig('').servicesDir).toBe(join(homedir(), '.config/mcp/services'));
  });

  it('reads every field', () => {
    expect(
      parse(`services_dir = "~/src/fleet/services"
token_file = "/run/user/1000/mcp-token"
direct_token_dir = "~/fleet/direct"
ca_cert = "~/ca.pem"

[master]
address = "rift.tailnet:9443"

[[nodes]]
name = "rift"
address = "100.64.0.1:9444"
ssh = "kyle@rift"
arch = "amd64"

[[nodes]]
name = "svc"
address = "100.64.0.4:9444"
`),
    ).toEqual({
      servicesDir: '/home/op/src/fleet/services',
      tokenFile: '/run/user/1000/mcp-token',
      directTokenDir: '/home/op/fleet/direct',
      caCert: '/home/op/ca.pem',
      master: { address: 'rift.tailnet:9443' },
      nodes: [
        {
          name: 'rift',
          address: '100.64.0.1:9444',
          ssh: { user: 'kyle', host: 'rift', port: 22 },
          arch: 'amd64',
          binaryPath: '/srv/mcp/mcp-agent',
        },
        { name: 'svc', address: '100.64.0.4:9444', binaryPath: '/srv/mcp/mcp-agent' },
      ],
    });
  });

  it.each<[string, string, string[]]>([
    [
      'a relative path',
      'services_dir = "services"\n',
      ['mcp.toml:1: services_dir: must be an absolute path or start with "~/", got "services"'],
    ],
    [
      'a bad master address',
      '[master]\naddress = "rift"\n',
      [
        'mcp.toml:2: master.address: must be "host:port" (IPv4, [IPv6] or hostname; port 1-65535), got "rift"',
      ],
    ],
    ['[master] without address', '[master]\n', ['mcp.toml:1: master.address: is required']],
    ['a node without name', '[[nodes]]\naddress = "a:1"\n', ['mcp.toml:1: nodes[0].name: is required']],
    [
      'a node role (only the master config has one)',
      '[[nodes]]\nname = "a"\naddress = "a:1"\nrole = "edge"\n',
      ['mcp.toml:4: nodes[0].role: unknown key'],
    ],
    [
      'nodes as a table',
      '[nodes]\nname = "a"\n',
      ['mcp.toml:1: nodes: must be an array of tables, got a table'],
    ],
    ['an unknown key', 'token = "x"\n', ['mcp.toml:1: token: unknown key']],
    [
      'an unknown key in [master]',
      '[master]\nadress = "a:1"\n',
      [
        'mcp.toml:1: master.address: is required',
        'mcp.toml:2: master.adress: unknown key (did you mean "address"?)',
      ],
    ],
  ])('refuses %s', (_, source, lines) => {
    expect(errorLines(() => parse(source))).toEqual(lines);
  });

  it('reports syntax errors with line and column', () => {
    expect(specErrorOf(() => parse('[master\n')).message).toMatch(/^mcp\.toml:1:\d+: /);
  });
});

describe('loadCliConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-cli-config-'));
    await writeFile(join(dir, 'mcp.toml'), 'services_dir = 3\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file in errors', async () => {
    await expect(loadCliConfig(join(dir, 'mcp.toml'), { home: '/h' })).rejects.toThrow(
      `${join(dir, 'mcp.toml')}:1: services_dir: must be a string, got 3`,
    );
  });
});
