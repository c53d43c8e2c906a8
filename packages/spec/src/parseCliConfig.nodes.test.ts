// The [[nodes]] keys `mcp agent upgrade` needs: host_key, restart, binary_path.
import { describe, expect, it } from '@jest/globals';
import type { CliNode } from './CliConfig.js';
import { parseCliConfig } from './parseCliConfig.js';
import { parseMasterConfig } from './parseMasterConfig.js';
import { errorLines } from './testing/errors.js';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFu/WxJyherUNWGBC+9DolarjF4ngItV6CqRnmQ4clZH';
const ED25519_SHA256 = 'SHA256:CQaW9QZEMJTJ6oOqaTs0o/Tbq9R+FcX4H2J/w1spxCE';
const ECDSA =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGtPjXjwjCClUYC5H1tO8m6NewjNHGI3fmi7TKQtrryoIq/GqEggD/Y6A0xbFZiVh8hm5tSTiVgdXDXitfGjAOI=';

const node = (lines: string): CliNode =>
  parseCliConfig(`[[nodes]]\nname = "orion"\naddress = "100.64.0.2:9444"\n${lines}`, {
    file: 'mcp.toml',
    home: '/home/op',
  }).nodes[0]!;
const refusal = (lines: string): string[] =>
  errorLines(() =>
    parseCliConfig(`[[nodes]]\nname = "orion"\naddress = "100.64.0.2:9444"\n${lines}`, { file: 'mcp.toml' }),
  );

describe('[[nodes]] for agent upgrades', () => {
  it('reads ssh, arch, host_key, restart and binary_path', () => {
    expect(
      node(`ssh = "kyle@100.64.0.2:2222"
arch = "arm64"
host_key = "${ED25519} root@orion"
restart = "doas systemctl restart mcp-agent"
binary_path = "/opt/mcp/bin/mcp-agent"
`),
    ).toEqual({
      name: 'orion',
      address: '100.64.0.2:9444',
      ssh: { user: 'kyle', host: '100.64.0.2', port: 2222 },
      arch: 'arm64',
      hostKey: {
        kind: 'key',
        algorithm: 'ssh-ed25519',
        key: ED25519.split(' ')[1],
        fingerprint: ED25519_SHA256,
      },
      restart: 'doas systemctl restart mcp-agent',
      binaryPath: '/opt/mcp/bin/mcp-agent',
    });
  });

  it('defaults binary_path to /srv/mcp/mcp-agent and leaves the rest unset', () => {
    expect(node('')).toEqual({ name: 'orion', address: '100.64.0.2:9444', binaryPath: '/srv/mcp/mcp-agent' });
  });

  it.each([
    ['an ed25519 key', ED25519, 'key', ED25519_SHA256],
    ['an ecdsa key', ECDSA, 'key', 'SHA256:oaf12wxvdT20oIXX+aByjksUdjpBFMxtQ9ubSZQlQ/s'],
    ['a fingerprint', ED25519_SHA256, 'fingerprint', ED25519_SHA256],
  ])('pins %s', (_, value, kind, fingerprint) => {
    expect(node(`host_key = "${value}"\n`).hostKey).toMatchObject({ kind, fingerprint });
  });

  const HOST_KEY_FORMAT =
    'must be a public host key such as "ssh-ed25519 AAAA…" (ssh-keyscan, /etc/ssh/ssh_host_*_key.pub) or its fingerprint "SHA256:…"';
  it.each<[string, string, string]>([
    [
      'a host key of another algorithm than it says',
      `host_key = "ssh-rsa ${ED25519.split(' ')[1]}"`,
      'host_key',
    ],
    ['a host key that is not base64', 'host_key = "ssh-ed25519 not-base64!"', 'host_key'],
    ['a truncated fingerprint', 'host_key = "SHA256:CQaW9QZEMJTJ6oOq"', 'host_key'],
    ['an MD5 fingerprint', 'host_key = "MD5:aa:bb"', 'host_key'],
  ])('refuses %s', (_, line, field) => {
    const [issue] = refusal(`${line}\n`);
    expect(issue).toMatch(new RegExp(`^mcp\\.toml:4: nodes\\[0\\]\\.${field}: `));
    expect(issue).toContain(HOST_KEY_FORMAT);
  });

  it.each<[string, string, string]>([
    [
      'a relative binary_path',
      'binary_path = "mcp-agent"',
      'mcp.toml:4: nodes[0].binary_path: must be an absolute path on the node such as "/srv/mcp/mcp-agent" (letters, digits and ._+@%=,:- only; no . or ..), got "mcp-agent"',
    ],
    [
      'a binary_path with a quote',
      `binary_path = "/srv/mcp/it's"`,
      `mcp.toml:4: nodes[0].binary_path: must be an absolute path on the node such as "/srv/mcp/mcp-agent" (letters, digits and ._+@%=,:- only; no . or ..), got "/srv/mcp/it's"`,
    ],
    [
      'a binary_path climbing up',
      'binary_path = "/srv/../bin/mcp-agent"',
      'mcp.toml:4: nodes[0].binary_path: must be an absolute path on the node such as "/srv/mcp/mcp-agent" (letters, digits and ._+@%=,:- only; no . or ..), got "/srv/../bin/mcp-agent"',
    ],
    [
      'an empty restart command',
      'restart = " "',
      'mcp.toml:4: nodes[0].restart: must be a one-line shell command such as "sudo systemctl restart mcp-agent", got " "',
    ],
    [
      'a restart command of two lines',
      'restart = "systemctl stop mcp-agent\\nsystemctl start mcp-agent"',
      'mcp.toml:4: nodes[0].restart: must be a one-line shell command such as "sudo systemctl restart mcp-agent", got "systemctl stop mcp-agent\\nsystemctl start mcp-agent"',
    ],
    [
      'a misspelt key',
      'host_keys = "x"',
      'mcp.toml:4: nodes[0].host_keys: unknown key (did you mean "host_key"?)',
    ],
  ])('refuses %s', (_, line, message) => {
    expect(refusal(`${line}\n`)).toEqual([message]);
  });

  it('keeps these keys out of the master config', () => {
    // The master never reaches nodes over SSH; a host_key there is a mistake.
    const master = `node = "rift"\nzone = "fleet.test"\n\n[server]\ntls_cert = "/c"\ntls_key = "/k"\nca_cert = "/ca"\n\n[auth]\nsigning_key = "/s"\npublic_key = "/p"\n\n[ca]\ncert = "/ca"\nkey = "/cak"\n\n[[nodes]]\nname = "orion"\nrole = "worker"\naddress = "100.64.0.2:9444"\nhost_key = "${ED25519}"\n`;
    expect(errorLines(() => parseMasterConfig(master, { file: 'mcp-master.toml' }))).toEqual([
      'mcp-master.toml:21: nodes[0].host_key: unknown key',
    ]);
  });
});
