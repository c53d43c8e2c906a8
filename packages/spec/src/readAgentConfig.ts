import { isAbsolute, join } from 'node:path';
import type { AgentConfig } from './AgentConfig.js';
import {
  absolutePath,
  cidr,
  dnsLabel,
  dnsName,
  duration,
  hostPort,
  httpsUrl,
  ipAddress,
} from './commonFields.js';
import { NODE_ROLES, readTlsServer } from './configCommon.js';
import { expandHome } from './expandHome.js';
import { arrayOf, boolean, converted, integer, oneOf, string } from './fieldTypes.js';
import { readAgentCertificates } from './readAgentCertificates.js';
import type { FieldType, Loose, TableReader } from './TableReader.js';

type Section<K extends keyof AgentConfig> = (table: TableReader) => AgentConfig[K] | undefined;

/** Reads the root table of `mcp-agent.toml`. */
export function readAgentConfig(root: TableReader, home: string): AgentConfig | undefined {
  const path = absolutePath(home);
  const agent = root.section<AgentConfig['agent']>('agent', (t) =>
    t.finish({
      node: t.required('node', dnsLabel),
      role: t.required('role', oneOf(NODE_ROLES)),
      dataDir: t.withDefault('data_dir', path, '/srv/mcp'),
      advertiseAddress: t.required('advertise_address', hostPort),
    }),
  );
  const dataDir = agent?.dataDir ?? '/srv/mcp';
  const config: Loose<AgentConfig> = {
    zone: root.required('zone', dnsName),
    agent,
    server: root.section('server', (t) => readTlsServer(t, home, '0.0.0.0:9444')),
    auth: root.section('auth', readAuth(home)),
    master: root.has('master') ? root.section('master', readMaster(home)) : undefined,
    runtime: root.section('runtime', readRuntime(home)),
    proxy: root.section<AgentConfig['proxy']>('proxy', (t) =>
      t.finish({
        driver: t.withDefault('driver', oneOf(['caddy']), 'caddy'),
        adminSocket: t.withDefault('admin_socket', path, join(dataDir, 'caddy', 'admin.sock')),
        listen: t.withDefault('listen', hostPort, '0.0.0.0:443'),
      }),
    ),
    certificates: root.section('certificates', (t) => readAgentCertificates(t, home)),
    edge: root.section<AgentConfig['edge']>('edge', (t) =>
      t.finish({
        allowedDomains: t.withDefault('allowed_domains', arrayOf(dnsName), []),
        allowedCidrs: t.withDefault('allowed_cidrs', arrayOf(cidr), ['100.64.0.0/10']),
        dnsServer: t.optional('dns_server', hostPort),
      }),
    ),
    monitor: root.section<AgentConfig['monitor']>('monitor', (t) =>
      t.finish({ intervalMs: t.withDefault('interval', duration, 30_000) }),
    ),
    heartbeat: root.section('heartbeat', readHeartbeat),
  };
  return root.finish<AgentConfig>(config);
}

function readAuth(home: string): Section<'auth'> {
  return (t) => {
    const auth = {
      publicKey: t.optional('public_key', absolutePath(home)),
      jwksUrl: t.optional('jwks_url', httpsUrl),
      issuer: t.withDefault('issuer', string, 'mcp'),
      allowDirect: t.withDefault('allow_direct', boolean, false),
    };
    if (t.has('public_key') && t.has('jwks_url'))
      t.report('set only one of public_key and jwks_url', 'jwks_url');
    if (!t.has('public_key') && !t.has('jwks_url')) t.report('one of public_key and jwks_url is required');
    return t.finish(auth);
  };
}

function readMaster(home: string): Section<'master'> {
  // Without [master] the agent runs in direct mode only; with it, both are needed.
  return (t) =>
    t.finish({
      address: t.required('address', hostPort),
      tokenFile: t.required('token_file', absolutePath(home)),
    });
}

function readRuntime(home: string): Section<'runtime'> {
  return (t) => {
    const range = t.withDefault('port_range', arrayOf(integer(1, 65535)), [10000, 60000]);
    const [min = 0, max = 0] = range;
    if (range.length !== 2 || min > max) {
      t.report(`must be [min, max] with min <= max, got [${range.join(', ')}]`, 'port_range');
    }
    return t.finish({
      podman: t.withDefault('podman', commandOrPath(home), 'podman'),
      globalArgs: t.withDefault('global_args', arrayOf(string), []),
      containersConf: t.optional('containers_conf', absolutePath(home)),
      bindAddress: t.withDefault('bind_address', ipAddress, '127.0.0.1'),
      portRange: { min, max },
      stopTimeoutMs: t.withDefault('stop_timeout', duration, 10_000),
    });
  };
}

function readHeartbeat(t: TableReader): AgentConfig['heartbeat'] | undefined {
  const heartbeat = {
    intervalMs: t.withDefault('interval', duration, 30_000),
    backoffBaseMs: t.withDefault('backoff_base', duration, 1_000),
    backoffMaxMs: t.withDefault('backoff_max', duration, 60_000),
  };
  if (heartbeat.backoffBaseMs > heartbeat.backoffMaxMs)
    t.report('must not be less than backoff_base', 'backoff_max');
  return t.finish(heartbeat);
}

/** A command name looked up on PATH (`podman`), or an absolute (or `~/`) path. */
function commandOrPath(home: string): FieldType<string> {
  return converted((text) => {
    if (/^[A-Za-z0-9_.-]+$/.test(text)) return text;
    const path = expandHome(text, home);
    return isAbsolute(path) ? path : undefined;
  }, 'must be a command name or an absolute path');
}
