import { absolutePath, dnsLabel, dnsName, duration, hostPort, resolverChoice } from './commonFields.js';
import { readTlsServer, refuse } from './configCommon.js';
import { arrayOf, boolean, converted, integer, matching, oneOf, string } from './fieldTypes.js';
import { nodeOfAgentIdentity } from '@mcp/names';
import type { MasterConfig, RateLimit, TsigAlgorithm } from './MasterConfig.js';
import { tryParseDuration } from './parseDuration.js';
import { readNodes } from './readNodes.js';
import type { Loose, TableReader } from './TableReader.js';

const TSIG: readonly TsigAlgorithm[] = [
  'hmac-sha1',
  'hmac-sha224',
  'hmac-sha256',
  'hmac-sha384',
  'hmac-sha512',
];
const DNS_KEYS = ['server', 'tsig_key_name', 'tsig_algorithm', 'tsig_secret_file'] as const;

/** `"1/min"`, `"1/10s"`, `"5/1h"`: a count, then a duration or a bare unit. */
const rateLimit = converted((text): RateLimit | undefined => {
  const match = /^([1-9]\d*)\/(.+)$/.exec(text);
  if (match === null) return undefined;
  const period = match[2]!;
  // A bare unit ("min") means one of it.
  const periodMs = tryParseDuration(/^[a-z]+$/.test(period) ? `1${period}` : period);
  return periodMs ? { count: Number(match[1]), periodMs } : undefined;
}, 'must be a rate such as "1/min" or "1/10s"');

const agentIdentity = matching(
  (text) => nodeOfAgentIdentity(text) !== undefined,
  'must be an agent identity "agent-<node>"',
);

/** Reads the root table of `mcp-master.toml`. */
export function readMasterConfig(root: TableReader, home: string): MasterConfig | undefined {
  const path = absolutePath(home);
  const heartbeat = root.section<MasterConfig['heartbeat']>('heartbeat', (t) =>
    t.finish({
      intervalMs: t.withDefault('interval', duration, 30_000),
      thresholdMs: t.withDefault('threshold', duration, 90_000),
      probeTimeoutMs: t.withDefault('probe_timeout', duration, 5_000),
      warmupMs: t.withDefault('warmup', duration, 120_000),
    }),
  );
  const config: Loose<MasterConfig> = {
    node: root.required('node', dnsLabel),
    zone: root.required('zone', dnsName),
    server: root.section('server', (t) => readTlsServer(t, home, '0.0.0.0:9443')),
    database: root.section('database', (t) =>
      t.finish({ path: t.withDefault('path', path, '/srv/mcp/master.db') }),
    ),
    auth: root.section<MasterConfig['auth']>('auth', (t) =>
      t.finish({
        signingKey: t.required('signing_key', path),
        publicKey: t.required('public_key', path),
        issuer: t.withDefault('issuer', string, 'mcp'),
      }),
    ),
    ca: root.section<MasterConfig['ca']>('ca', (t) =>
      t.finish({
        cert: t.required('cert', path),
        key: t.required('key', path),
        certLifetimeMs: t.withDefault('cert_lifetime', duration, 2160 * 3_600_000),
      }),
    ),
    registration: root.section<MasterConfig['registration']>('registration', (t) =>
      t.finish({
        allowedAgents: t.withDefault('allowed_agents', arrayOf(agentIdentity), []),
        maxNodes: t.withDefault('max_nodes', integer(1, 10_000), 16),
      }),
    ),
    heartbeat,
    rateLimits: root.section<MasterConfig['rateLimits']>('rate_limits', (t) =>
      t.finish({
        register: t.withDefault('register', rateLimit, { count: 1, periodMs: 60_000 }),
        heartbeat: heartbeatLimit(t, heartbeat?.intervalMs),
      }),
    ),
    timeouts: root.section<MasterConfig['timeouts']>('timeouts', (t) =>
      t.finish({
        deployMs: t.withDefault('deploy', duration, 300_000),
        edgeRouteMs: t.withDefault('edge_route', duration, 30_000),
        healthCheckMs: t.withDefault('health_check', duration, 5_000),
        undeployMs: t.withDefault('undeploy', duration, 120_000),
        statusMs: t.withDefault('status', duration, 5_000),
      }),
    ),
    dns: root.section('dns', (t) => readDns(t, home)),
    edge: root.section('edge', (t) =>
      t.finish({
        allowedDomains: t.withDefault('allowed_domains', arrayOf(dnsName), []),
        publicResolver: t.withDefault('public_resolver', resolverChoice, 'system'),
      }),
    ),
    placement: root.section('placement', (t) =>
      t.finish({ masterTakesWorkers: t.withDefault('master_takes_workers', boolean, true) }),
    ),
    nodes: readNodes(root, true) ?? [],
  };
  return root.finish<MasterConfig>(config);
}

/**
 * The heartbeat rate limit. Unset, it follows the interval: one heartbeat
 * per a third of it, and never fewer than one per 10 s (30 s heartbeats get
 * the design's 1/10s). Set, it must let through at least one heartbeat per
 * interval, or every agent would be refused on every beat.
 */
function heartbeatLimit(t: TableReader, intervalMs: number | undefined): RateLimit | undefined {
  const interval = intervalMs ?? 30_000;
  const limit = t.withDefault('heartbeat', rateLimit, { count: 1, periodMs: Math.min(10_000, interval / 3) });
  if (limit && intervalMs !== undefined && t.has('heartbeat') && limit.periodMs / limit.count > interval) {
    t.report(
      `allows one heartbeat per ${describeMs(limit.periodMs / limit.count)}, but heartbeat.interval ` +
        `sends one every ${describeMs(interval)}: allow at least one per interval ` +
        `(e.g. "3/${describeMs(interval)}"), or leave rate_limits.heartbeat out to follow the interval`,
      'heartbeat',
    );
  }
  return limit;
}

function describeMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${Number((ms / 1000).toFixed(3))}s`;
}

function readDns(t: TableReader, home: string): MasterConfig['dns'] | undefined {
  const provider = t.withDefault('provider', oneOf(['none', 'rfc2136']), 'none');
  const ttl = t.withDefault('ttl', integer(1, 2_147_483_647), 60);
  if (provider === 'none') {
    for (const key of DNS_KEYS) refuse(t, key, 'is only used with provider = "rfc2136"');
    return t.finish<MasterConfig['dns']>({ provider, rfc2136: undefined, ttl });
  }
  const server = t.required('server', hostPort);
  const tsigKeyName = t.required('tsig_key_name', dnsName);
  const tsigAlgorithm = t.withDefault('tsig_algorithm', oneOf(TSIG), 'hmac-sha256');
  const tsigSecretFile = t.required('tsig_secret_file', absolutePath(home));
  const complete = server !== undefined && tsigKeyName !== undefined && tsigSecretFile !== undefined;
  return t.finish<MasterConfig['dns']>({
    provider,
    rfc2136: complete ? { server, tsigKeyName, tsigAlgorithm, tsigSecretFile } : undefined,
    ttl,
  });
}
