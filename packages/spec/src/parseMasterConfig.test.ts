import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MasterConfig } from './MasterConfig.js';
import { loadMasterConfig, parseMasterConfig } from './parseMasterConfig.js';
import { errorLines, rejectionOf } from './testing/errors.js';

/** A minimal master config; `extra` starts at line 17. */
const master = (extra = ''): string => `node = "rift"
zone = "metacircular.net"

[server]
tls_cert = "/etc/mcp/master.pem"
tls_key = "/etc/mcp/master.key"
ca_cert = "/etc/mcp/ca.pem"

[auth]
signing_key = "/etc/mcp/token.key"
public_key = "/etc/mcp/token.pub"

[ca]
cert = "/etc/mcp/ca.pem"
key = "/etc/mcp/ca.key"

${extra}`;

const parse = (source: string): MasterConfig =>
  parseMasterConfig(source, { file: 'mcp-master.toml', home: '/home/op' });

const defaults: MasterConfig = {
  node: 'rift',
  zone: 'metacircular.net',
  server: {
    listen: '0.0.0.0:9443',
    tlsCert: '/etc/mcp/master.pem',
    tlsKey: '/etc/mcp/master.key',
    caCert: '/etc/mcp/ca.pem',
  },
  database: { path: '/srv/mcp/master.db' },
  auth: { signingKey: '/etc/mcp/token.key', publicKey: '/etc/mcp/token.pub', issuer: 'mcp' },
  ca: { cert: '/etc/mcp/ca.pem', key: '/etc/mcp/ca.key', certLifetimeMs: 90 * 24 * 3_600_000 },
  registration: { allowedAgents: [], maxNodes: 16 },
  heartbeat: { intervalMs: 30_000, thresholdMs: 90_000, probeTimeoutMs: 5_000, warmupMs: 120_000 },
  rateLimits: { register: { count: 1, periodMs: 60_000 }, heartbeat: { count: 1, periodMs: 10_000 } },
  timeouts: {
    deployMs: 300_000,
    edgeRouteMs: 30_000,
    healthCheckMs: 5_000,
    undeployMs: 120_000,
    statusMs: 5_000,
  },
  dns: { provider: 'none', ttl: 60 },
  edge: { allowedDomains: [], publicResolver: 'system' },
  placement: { masterTakesWorkers: true },
  nodes: [],
};

describe('parseMasterConfig', () => {
  it('applies every default', () => {
    expect(parse(master())).toEqual(defaults);
  });

  it.each<[string, number]>([
    ['30s', 10_000],
    ['1s', 333.3333333333333],
    ['2m', 10_000],
  ])(
    'without rate_limits.heartbeat, follows heartbeat.interval = "%s": one per %d ms',
    (interval, periodMs) => {
      const config = parse(master(`[heartbeat]\ninterval = "${interval}"\n`));
      expect(config.rateLimits.heartbeat).toEqual({ count: 1, periodMs });
    },
  );

  it('reads every field', () => {
    const config = parse(
      master(`[database]
path = "~/master.db"
[registration]
allowed_agents = ["agent-rift", "agent-orion"]
max_nodes = 4
[heartbeat]
interval = "100ms"
threshold = "300ms"
probe_timeout = "50ms"
warmup = "1s"
[rate_limits]
register = "5/1m"
heartbeat = "20/s"
[timeouts]
deploy = "1m"
edge_route = "10s"
health_check = "1s"
undeploy = "30s"
status = "2s"
[dns]
provider = "rfc2136"
server = "100.64.0.1:53"
tsig_key_name = "mcp-update"
tsig_algorithm = "hmac-sha512"
tsig_secret_file = "/etc/mcp/tsig.secret"
ttl = 30
[edge]
allowed_domains = ["metacircular.net", "example.org"]
public_resolver = "100.64.0.1:53"
[placement]
master_takes_workers = false
[[nodes]]
name = "rift"
role = "master"
address = "100.64.0.1:9444"
[[nodes]]
name = "hyperborea"
role = "worker"
address = "100.64.0.3:9444"
arch = "arm64"
ssh = "root@hyperborea:2222"
`),
    );
    expect(config).toEqual({
      ...defaults,
      database: { path: '/home/op/master.db' },
      registration: { allowedAgents: ['agent-rift', 'agent-orion'], maxNodes: 4 },
      heartbeat: { intervalMs: 100, thresholdMs: 300, probeTimeoutMs: 50, warmupMs: 1000 },
      rateLimits: { register: { count: 5, periodMs: 60_000 }, heartbeat: { count: 20, periodMs: 1000 } },
      timeouts: {
        deployMs: 60_000,
        edgeRouteMs: 10_000,
        healthCheckMs: 1000,
        undeployMs: 30_000,
        statusMs: 2000,
      },
      dns: {
        provider: 'rfc2136',
        rfc2136: {
          server: '100.64.0.1:53',
          tsigKeyName: 'mcp-update',
          tsigAlgorithm: 'hmac-sha512',
          tsigSecretFile: '/etc/mcp/tsig.secret',
        },
        ttl: 30,
      },
      edge: { allowedDomains: ['metacircular.net', 'example.org'], publicResolver: '100.64.0.1:53' },
      placement: { masterTakesWorkers: false },
      nodes: [
        { name: 'rift', role: 'master', address: '100.64.0.1:9444', arch: 'amd64' },
        {
          name: 'hyperborea',
          role: 'worker',
          address: '100.64.0.3:9444',
          arch: 'arm64',
          ssh: { user: 'root', host: 'hyperborea', port: 2222 },
        },
      ],
    });
  });

  it.each<[string, number]>([
    ['1/min', 60_000],
    ['1/10s', 10_000],
    ['3/h', 3_600_000],
    ['1/1h30m', 5_400_000],
  ])('reads the rate %j', (rate, periodMs) => {
    expect(parse(master(`[rate_limits]\nregister = "${rate}"\n`)).rateLimits.register.periodMs).toBe(
      periodMs,
    );
  });

  it.each<[string, string, string[]]>([
    ['node missing', master().replace('node = "rift"', ''), ['mcp-master.toml: node: is required']],
    [
      'zone missing',
      master().replace('zone = "metacircular.net"', ''),
      ['mcp-master.toml: zone: is required'],
    ],
    [
      'tls_cert missing',
      master().replace('tls_cert = "/etc/mcp/master.pem"', ''),
      ['mcp-master.toml:4: server.tls_cert: is required'],
    ],
    [
      'tls_key missing',
      master().replace('tls_key = "/etc/mcp/master.key"', ''),
      ['mcp-master.toml:4: server.tls_key: is required'],
    ],
    [
      'server ca_cert missing',
      master().replace('ca_cert = "/etc/mcp/ca.pem"', ''),
      ['mcp-master.toml:4: server.ca_cert: is required'],
    ],
    [
      'signing_key missing',
      master().replace('signing_key = "/etc/mcp/token.key"', ''),
      ['mcp-master.toml:9: auth.signing_key: is required'],
    ],
    [
      'public_key missing',
      master().replace('public_key = "/etc/mcp/token.pub"', ''),
      ['mcp-master.toml:9: auth.public_key: is required'],
    ],
    [
      'ca.cert missing',
      master().replace('cert = "/etc/mcp/ca.pem"\nkey', 'key'),
      ['mcp-master.toml:13: ca.cert: is required'],
    ],
    [
      'ca.key missing',
      master().replace('key = "/etc/mcp/ca.key"', ''),
      ['mcp-master.toml:13: ca.key: is required'],
    ],
    [
      'a zone that is not a DNS name',
      master().replace('"metacircular.net"', '"Metacircular.net"'),
      [
        'mcp-master.toml:2: zone: must be a lowercase DNS name such as "www.example.net", got "Metacircular.net"',
      ],
    ],
    [
      'a bad duration',
      master('[heartbeat]\nthreshold = "1.5"\n'),
      [
        'mcp-master.toml:18: heartbeat.threshold: must be a positive duration such as "500ms", "30s", "5m" or "1h", got "1.5"',
      ],
    ],
    [
      'a duration as a number',
      master('[timeouts]\ndeploy = 300\n'),
      ['mcp-master.toml:18: timeouts.deploy: must be a string, got 300'],
    ],
    [
      'a bad rate',
      master('[rate_limits]\nregister = "1 per minute"\n'),
      [
        'mcp-master.toml:18: rate_limits.register: must be a rate such as "1/min" or "1/10s", got "1 per minute"',
      ],
    ],
    [
      'a zero rate',
      master('[rate_limits]\nregister = "0/min"\n'),
      ['mcp-master.toml:18: rate_limits.register: must be a rate such as "1/min" or "1/10s", got "0/min"'],
    ],
    [
      'a rate with a bad unit',
      master('[rate_limits]\nregister = "1/day"\n'),
      ['mcp-master.toml:18: rate_limits.register: must be a rate such as "1/min" or "1/10s", got "1/day"'],
    ],
    [
      // The design's default limit with one-second heartbeats: every agent refused on every beat.
      'a heartbeat limit the heartbeat interval exceeds',
      master('[heartbeat]\ninterval = "1s"\n[rate_limits]\nheartbeat = "1/10s"\n'),
      [
        'mcp-master.toml:20: rate_limits.heartbeat: allows one heartbeat per 10s, but heartbeat.interval ' +
          'sends one every 1s: allow at least one per interval (e.g. "3/1s"), or leave ' +
          'rate_limits.heartbeat out to follow the interval',
      ],
    ],
    [
      'a bad agent identity',
      master('[registration]\nallowed_agents = ["rift"]\n'),
      [
        'mcp-master.toml:18: registration.allowed_agents[0]: must be an agent identity "agent-<node>", got "rift"',
      ],
    ],
    [
      'max_nodes of 0',
      master('[registration]\nmax_nodes = 0\n'),
      ['mcp-master.toml:18: registration.max_nodes: must be an integer from 1 to 10000, got 0'],
    ],
    [
      'rfc2136 without its keys',
      master('[dns]\nprovider = "rfc2136"\n'),
      [
        'mcp-master.toml:17: dns.server: is required',
        'mcp-master.toml:17: dns.tsig_key_name: is required',
        'mcp-master.toml:17: dns.tsig_secret_file: is required',
      ],
    ],
    [
      'rfc2136 keys without the provider',
      master('[dns]\nserver = "a:53"\n'),
      ['mcp-master.toml:18: dns.server: is only used with provider = "rfc2136"'],
    ],
    [
      'a bad TSIG algorithm',
      master(
        '[dns]\nprovider = "rfc2136"\nserver = "a:53"\ntsig_key_name = "k"\ntsig_secret_file = "/s"\ntsig_algorithm = "hmac-md5"\n',
      ),
      [
        'mcp-master.toml:22: dns.tsig_algorithm: must be "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384" or "hmac-sha512", got "hmac-md5"',
      ],
    ],
    [
      'a bad provider',
      master('[dns]\nprovider = "route53"\n'),
      ['mcp-master.toml:18: dns.provider: must be "none" or "rfc2136", got "route53"'],
    ],
    [
      'a public resolver that is neither a choice nor host:port',
      master('[edge]\npublic_resolver = "8.8.8.8"\n'),
      [
        'mcp-master.toml:18: edge.public_resolver: must be "system", "off" or a DNS server\'s "host:port" (port 1-65535), got "8.8.8.8"',
      ],
    ],
    [
      'a node without role',
      master('[[nodes]]\nname = "a"\naddress = "a:1"\n'),
      ['mcp-master.toml:17: nodes[0].role: is required'],
    ],
    [
      'a node without address',
      master('[[nodes]]\nname = "a"\nrole = "edge"\n'),
      ['mcp-master.toml:17: nodes[0].address: is required'],
    ],
    [
      'a node with a bad arch',
      master('[[nodes]]\nname = "a"\nrole = "edge"\naddress = "a:1"\narch = "x86"\n'),
      ['mcp-master.toml:21: nodes[0].arch: must be "amd64" or "arm64", got "x86"'],
    ],
    [
      'a node with a bad ssh',
      master('[[nodes]]\nname = "a"\nrole = "edge"\naddress = "a:1"\nssh = "host"\n'),
      ['mcp-master.toml:21: nodes[0].ssh: must be "user@host[:port]", got "host"'],
    ],
    [
      'duplicate nodes',
      master(
        '[[nodes]]\nname = "a"\nrole = "edge"\naddress = "a:1"\n[[nodes]]\nname = "a"\nrole = "worker"\naddress = "b:1"\n',
      ),
      ['mcp-master.toml:22: nodes[1].name: duplicate node name "a" (also nodes[0])'],
    ],
    [
      'an unknown key in [[nodes]]',
      master('[[nodes]]\nname = "a"\nrole = "edge"\naddress = "a:1"\nhost = "x"\n'),
      ['mcp-master.toml:21: nodes[0].host: unknown key'],
    ],
    [
      'an unknown key in [ca]',
      master().replace('[ca]', '[ca]\nlifetime = "1h"'),
      ['mcp-master.toml:14: ca.lifetime: unknown key'],
    ],
    [
      'an unknown top-level key',
      `nodes_dir = "/x"\n${master()}`,
      ['mcp-master.toml:1: nodes_dir: unknown key'],
    ],
  ])('refuses %s', (_, source, lines) => {
    expect(errorLines(() => parse(source))).toEqual(lines);
  });
});

describe('loadMasterConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-master-config-'));
    await writeFile(join(dir, 'mcp-master.toml'), master());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the file', async () => {
    await expect(loadMasterConfig(join(dir, 'mcp-master.toml'))).resolves.toEqual(defaults);
  });

  it('names a file it cannot read', async () => {
    expect((await rejectionOf(loadMasterConfig(join(dir, 'nope.toml')))).code).toBe('READ_FAILED');
  });
});
