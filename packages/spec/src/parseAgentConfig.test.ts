import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentConfig } from './AgentConfig.js';
import { loadAgentConfig, parseAgentConfig } from './parseAgentConfig.js';
import { errorLines, rejectionOf } from './testing/errors.js';

/** A minimal agent config; `extra` starts at line 15. */
const agent = (extra = ''): string => `zone = "metacircular.net"

[agent]
node = "rift"
role = "worker"
advertise_address = "100.64.0.1:9444"

[server]
tls_cert = "/etc/mcp/agent.pem"
tls_key = "/etc/mcp/agent.key"
ca_cert = "/etc/mcp/ca.pem"

[auth]
public_key = "/etc/mcp/token.pub"
${extra}`;

const parse = (source: string): AgentConfig =>
  parseAgentConfig(source, { file: 'mcp-agent.toml', home: '/home/op' });

const defaults: AgentConfig = {
  zone: 'metacircular.net',
  agent: { node: 'rift', role: 'worker', dataDir: '/srv/mcp', advertiseAddress: '100.64.0.1:9444' },
  server: {
    listen: '0.0.0.0:9444',
    tlsCert: '/etc/mcp/agent.pem',
    tlsKey: '/etc/mcp/agent.key',
    caCert: '/etc/mcp/ca.pem',
  },
  auth: { publicKey: '/etc/mcp/token.pub', issuer: 'mcp', allowDirect: false },
  runtime: {
    podman: 'podman',
    globalArgs: [],
    bindAddress: '127.0.0.1',
    portRange: { min: 10000, max: 60000 },
    stopTimeoutMs: 10_000,
  },
  proxy: { driver: 'caddy', adminSocket: '/srv/mcp/caddy/admin.sock', listen: '0.0.0.0:443' },
  certificates: { provider: 'master', renewFraction: 1 / 3 },
  edge: { allowedDomains: [], allowedCidrs: ['100.64.0.0/10'] },
  monitor: { intervalMs: 30_000 },
  heartbeat: { intervalMs: 30_000, backoffBaseMs: 1_000, backoffMaxMs: 60_000 },
};

describe('parseAgentConfig', () => {
  it('applies every default', () => {
    expect(parse(agent())).toEqual(defaults);
  });

  it('reads every field', () => {
    const config = parse(
      agent().replace('public_key = "/etc/mcp/token.pub"', 'jwks_url = "https://id.example.net/jwks.json"') +
        `issuer = "mcias"
allow_direct = true
[master]
address = "rift.tailnet:9443"
token_file = "~/agent.token"
[runtime]
podman = "/usr/bin/podman"
global_args = ["--root", "/srv/podman"]
containers_conf = "/etc/mcp/containers.conf"
bind_address = "::1"
port_range = [20000, 20100]
stop_timeout = "2s"
[proxy]
admin_socket = "/run/caddy.sock"
listen = "100.64.0.1:8443"
[certificates]
provider = "acme"
acme_directory = "https://acme.example.net/directory"
acme_ca_cert = "/etc/mcp/acme-ca.pem"
acme_eab_kid = "kid-1"
acme_eab_hmac_key_file = "/etc/mcp/eab.key"
acme_email = "ops@example.net"
http01_listen = "100.64.0.1:8080"
renew_fraction = 0.5
[edge]
allowed_domains = ["metacircular.net"]
allowed_cidrs = ["100.64.0.0/10", "fd7a:115c:a1e0::/48"]
[monitor]
interval = "500ms"
[heartbeat]
interval = "1s"
backoff_base = "10ms"
backoff_max = "100ms"
`,
    );
    expect(config).toEqual({
      ...defaults,
      auth: { jwksUrl: 'https://id.example.net/jwks.json', issuer: 'mcias', allowDirect: true },
      master: { address: 'rift.tailnet:9443', tokenFile: '/home/op/agent.token' },
      runtime: {
        podman: '/usr/bin/podman',
        globalArgs: ['--root', '/srv/podman'],
        containersConf: '/etc/mcp/containers.conf',
        bindAddress: '::1',
        portRange: { min: 20000, max: 20100 },
        stopTimeoutMs: 2000,
      },
      proxy: { driver: 'caddy', adminSocket: '/run/caddy.sock', listen: '100.64.0.1:8443' },
      certificates: {
        provider: 'acme',
        acme: {
          directory: 'https://acme.example.net/directory',
          caCert: '/etc/mcp/acme-ca.pem',
          eab: { kid: 'kid-1', hmacKeyFile: '/etc/mcp/eab.key' },
          email: 'ops@example.net',
          http01Listen: '100.64.0.1:8080',
        },
        renewFraction: 0.5,
      },
      edge: { allowedDomains: ['metacircular.net'], allowedCidrs: ['100.64.0.0/10', 'fd7a:115c:a1e0::/48'] },
      monitor: { intervalMs: 500 },
      heartbeat: { intervalMs: 1000, backoffBaseMs: 10, backoffMaxMs: 100 },
    });
  });

  it('puts the proxy socket under a custom data_dir, and expands ~/', () => {
    const config = parse(agent().replace('role = "worker"', 'role = "edge"\ndata_dir = "~/mcp"'));
    expect(config.agent.dataDir).toBe('/home/op/mcp');
    expect(config.proxy.adminSocket).toBe('/home/op/mcp/caddy/admin.sock');
  });

  it('takes a minimal ACME setup', () => {
    const config = parse(
      agent('[certificates]\nprovider = "acme"\nacme_directory = "https://acme.example.net/dir"\n'),
    );
    expect(config.certificates).toEqual({
      provider: 'acme',
      acme: { directory: 'https://acme.example.net/dir', http01Listen: '0.0.0.0:80' },
      renewFraction: 1 / 3,
    });
  });

  it.each<[string, string, string[]]>([
    ['zone missing', agent().replace('zone = "metacircular.net"', ''), ['mcp-agent.toml: zone: is required']],
    [
      'agent.node missing',
      agent().replace('node = "rift"', ''),
      ['mcp-agent.toml:3: agent.node: is required'],
    ],
    [
      'agent.role missing',
      agent().replace('role = "worker"', ''),
      ['mcp-agent.toml:3: agent.role: is required'],
    ],
    [
      'advertise_address missing',
      agent().replace('advertise_address = "100.64.0.1:9444"', ''),
      ['mcp-agent.toml:3: agent.advertise_address: is required'],
    ],
    [
      'tls_cert missing',
      agent().replace('tls_cert = "/etc/mcp/agent.pem"', ''),
      ['mcp-agent.toml:8: server.tls_cert: is required'],
    ],
    [
      'tls_key missing',
      agent().replace('tls_key = "/etc/mcp/agent.key"', ''),
      ['mcp-agent.toml:8: server.tls_key: is required'],
    ],
    [
      'ca_cert missing',
      agent().replace('ca_cert = "/etc/mcp/ca.pem"', ''),
      ['mcp-agent.toml:8: server.ca_cert: is required'],
    ],
    [
      'both auth keys missing',
      agent().replace('public_key = "/etc/mcp/token.pub"', ''),
      ['mcp-agent.toml:13: auth: one of public_key and jwks_url is required'],
    ],
    [
      'both auth keys set',
      agent('jwks_url = "https://id.example.net/jwks"\n'),
      ['mcp-agent.toml:15: auth.jwks_url: set only one of public_key and jwks_url'],
    ],
    [
      'jwks over http',
      agent().replace('public_key = "/etc/mcp/token.pub"', 'jwks_url = "http://id/jwks"'),
      ['mcp-agent.toml:14: auth.jwks_url: must be an https:// URL, got "http://id/jwks"'],
    ],
    [
      'the whole [agent] table missing',
      agent().replace(/\[agent\][^[]*/, ''),
      [
        'mcp-agent.toml: agent.node: is required',
        'mcp-agent.toml: agent.role: is required',
        'mcp-agent.toml: agent.advertise_address: is required',
      ],
    ],
    [
      'a bad role',
      agent().replace('"worker"', '"boss"'),
      ['mcp-agent.toml:5: agent.role: must be "master", "worker" or "edge", got "boss"'],
    ],
    [
      'a relative path',
      agent().replace('"/etc/mcp/agent.pem"', '"agent.pem"'),
      ['mcp-agent.toml:9: server.tls_cert: must be an absolute path or start with "~/", got "agent.pem"'],
    ],
    [
      'a bad listen',
      agent().replace('[server]\n', '[server]\nlisten = "9444"\n'),
      [
        'mcp-agent.toml:9: server.listen: must be "host:port" (IPv4, [IPv6] or hostname; port 1-65535), got "9444"',
      ],
    ],
    [
      '[master] without token_file',
      agent('[master]\naddress = "rift:9443"\n'),
      ['mcp-agent.toml:15: master.token_file: is required'],
    ],
    [
      '[master] without address',
      agent('[master]\ntoken_file = "/t"\n'),
      ['mcp-agent.toml:15: master.address: is required'],
    ],
    [
      'a bad duration',
      agent('[runtime]\nstop_timeout = "10"\n'),
      [
        'mcp-agent.toml:16: runtime.stop_timeout: must be a positive duration such as "500ms", "30s", "5m" or "1h", got "10"',
      ],
    ],
    [
      'a zero duration',
      agent('[monitor]\ninterval = "0s"\n'),
      [
        'mcp-agent.toml:16: monitor.interval: must be a positive duration such as "500ms", "30s", "5m" or "1h", got "0s"',
      ],
    ],
    [
      'a reversed port range',
      agent('[runtime]\nport_range = [60000, 10000]\n'),
      ['mcp-agent.toml:16: runtime.port_range: must be [min, max] with min <= max, got [60000, 10000]'],
    ],
    [
      'a port range of one',
      agent('[runtime]\nport_range = [10000]\n'),
      ['mcp-agent.toml:16: runtime.port_range: must be [min, max] with min <= max, got [10000]'],
    ],
    [
      'a port out of range',
      agent('[runtime]\nport_range = [0, 10]\n'),
      ['mcp-agent.toml:16: runtime.port_range[0]: must be an integer from 1 to 65535, got 0'],
    ],
    [
      'a relative podman',
      agent('[runtime]\npodman = "bin/podman"\n'),
      ['mcp-agent.toml:16: runtime.podman: must be a command name or an absolute path, got "bin/podman"'],
    ],
    [
      'a bad bind address',
      agent('[runtime]\nbind_address = "localhost"\n'),
      ['mcp-agent.toml:16: runtime.bind_address: must be an IP address, got "localhost"'],
    ],
    [
      'another proxy driver',
      agent('[proxy]\ndriver = "nginx"\n'),
      ['mcp-agent.toml:16: proxy.driver: must be "caddy", got "nginx"'],
    ],
    [
      'acme without directory',
      agent('[certificates]\nprovider = "acme"\n'),
      ['mcp-agent.toml:15: certificates.acme_directory: is required'],
    ],
    [
      'acme keys with provider master',
      agent('[certificates]\nacme_email = "a@b"\n'),
      ['mcp-agent.toml:16: certificates.acme_email: is only used with provider = "acme"'],
    ],
    [
      'an eab kid alone',
      agent('[certificates]\nprovider = "acme"\nacme_directory = "https://a/d"\nacme_eab_kid = "k"\n'),
      ['mcp-agent.toml:15: certificates.acme_eab_hmac_key_file: is required with acme_eab_kid'],
    ],
    [
      'an eab key file alone',
      agent(
        '[certificates]\nprovider = "acme"\nacme_directory = "https://a/d"\nacme_eab_hmac_key_file = "/k"\n',
      ),
      ['mcp-agent.toml:15: certificates.acme_eab_kid: is required with acme_eab_hmac_key_file'],
    ],
    [
      'a renew fraction of 1',
      agent('[certificates]\nrenew_fraction = 1\n'),
      ['mcp-agent.toml:16: certificates.renew_fraction: must be a number between 0 and 1, got 1'],
    ],
    [
      'a bad CIDR',
      agent('[edge]\nallowed_cidrs = ["100.64.0.0"]\n'),
      [
        'mcp-agent.toml:16: edge.allowed_cidrs[0]: must be a CIDR block such as "100.64.0.0/10": CIDR "100.64.0.0" has no /prefix length',
      ],
    ],
    [
      'backoff_max below backoff_base',
      agent('[heartbeat]\nbackoff_base = "2m"\n'),
      ['mcp-agent.toml:15: heartbeat.backoff_max: must not be less than backoff_base'],
    ],
    [
      'an unknown section',
      agent('[agnet]\nx = 1\n'),
      ['mcp-agent.toml:15: agnet: unknown key (did you mean "agent"?)'],
    ],
    [
      'an unknown key in [agent]',
      agent().replace('node = "rift"', 'node = "rift"\nversion = "1"'),
      ['mcp-agent.toml:5: agent.version: unknown key'],
    ],
    [
      'an unknown key in [runtime]',
      agent('[runtime]\nstop_timout = "1s"\n'),
      ['mcp-agent.toml:16: runtime.stop_timout: unknown key (did you mean "stop_timeout"?)'],
    ],
    [
      '[server] not a table',
      agent()
        .replace(/\[server\][^[]*/, '')
        .replace('zone = "metacircular.net"', 'zone = "metacircular.net"\nserver = "x"'),
      ['mcp-agent.toml:2: server: must be a table, got "x"'],
    ],
    [
      'a section that is not a table',
      agent().replace('zone = "metacircular.net"', 'zone = "metacircular.net"\nmonitor = 5'),
      ['mcp-agent.toml:2: monitor: must be a table, got 5'],
    ],
  ])('refuses %s', (_, source, lines) => {
    expect(errorLines(() => parse(source))).toEqual(lines);
  });
});

describe('loadAgentConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-agent-config-'));
    await writeFile(join(dir, 'good.toml'), agent());
    await writeFile(join(dir, 'bad.toml'), agent('[monitor]\ninterval = "often"\n'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the file', async () => {
    await expect(loadAgentConfig(join(dir, 'good.toml'), { home: '/home/op' })).resolves.toEqual(defaults);
  });

  it('names the file in errors', async () => {
    expect((await rejectionOf(loadAgentConfig(join(dir, 'bad.toml')))).message).toBe(
      `${join(dir, 'bad.toml')}:16: monitor.interval: must be a positive duration such as "500ms", "30s", "5m" or "1h", got "often"`,
    );
  });
});
