// TOML for the processes a test fleet starts: the same files an operator writes.

const q = (s: string): string => JSON.stringify(s);

export interface MasterTomlInput {
  node: string;
  zone: string;
  dir: string;
  listen: string;
  database: string;
  allowedAgents: string[];
  heartbeat: { interval: string; threshold: string; probeTimeout: string; warmup: string };
  rateLimits: { register: string; heartbeat: string };
  dns?: { server: string; tsigKeyName: string; tsigSecretFile: string } | undefined;
  allowedDomains: string[];
}

export function masterToml(m: MasterTomlInput): string {
  const dns = m.dns
    ? `[dns]\nprovider = "rfc2136"\nttl = 30\nserver = ${q(m.dns.server)}\ntsig_key_name = ${q(m.dns.tsigKeyName)}\ntsig_secret_file = ${q(m.dns.tsigSecretFile)}\n`
    : '[dns]\nprovider = "none"\n';
  return `node = ${q(m.node)}
zone = ${q(m.zone)}

[server]
listen = ${q(m.listen)}
tls_cert = ${q(`${m.dir}/master.pem`)}
tls_key = ${q(`${m.dir}/master.key`)}
ca_cert = ${q(`${m.dir}/ca.pem`)}

[database]
path = ${q(m.database)}

[auth]
signing_key = ${q(`${m.dir}/signing.key`)}
public_key = ${q(`${m.dir}/signing.pub`)}

[ca]
cert = ${q(`${m.dir}/ca.pem`)}
key = ${q(`${m.dir}/ca.key`)}

[registration]
allowed_agents = ${JSON.stringify(m.allowedAgents)}

[heartbeat]
interval = ${q(m.heartbeat.interval)}
threshold = ${q(m.heartbeat.threshold)}
probe_timeout = ${q(m.heartbeat.probeTimeout)}
warmup = ${q(m.heartbeat.warmup)}

[rate_limits]
register = ${q(m.rateLimits.register)}
heartbeat = ${q(m.rateLimits.heartbeat)}

[timeouts]
deploy = "60s"
health_check = "1s"
status = "2s"

${dns}
[edge]
allowed_domains = ${JSON.stringify(m.allowedDomains)}
`;
}

export interface AgentTomlInput {
  node: string;
  role: string;
  zone: string;
  dir: string;
  dataDir: string;
  listen: string;
  masterAddress: string;
  podman: string;
  globalArgs: readonly string[];
  containersConf: string;
  bindAddress: string;
  caddySocket: string;
  caddyListen: string;
  heartbeatInterval: string;
  monitorInterval: string;
}

export function agentToml(a: AgentTomlInput): string {
  return `zone = ${q(a.zone)}

[agent]
node = ${q(a.node)}
role = ${q(a.role)}
data_dir = ${q(a.dataDir)}
advertise_address = ${q(a.listen)}

[server]
listen = ${q(a.listen)}
tls_cert = ${q(`${a.dir}/agents/${a.node}.pem`)}
tls_key = ${q(`${a.dir}/agents/${a.node}.key`)}
ca_cert = ${q(`${a.dir}/ca.pem`)}

[auth]
public_key = ${q(`${a.dir}/signing.pub`)}
allow_direct = true

[master]
address = ${q(a.masterAddress)}
token_file = ${q(`${a.dir}/tokens/agent-${a.node}.token`)}

[runtime]
podman = ${q(a.podman)}
global_args = ${JSON.stringify(a.globalArgs)}
containers_conf = ${q(a.containersConf)}
bind_address = ${q(a.bindAddress)}
stop_timeout = "2s"

[proxy]
admin_socket = ${q(a.caddySocket)}
listen = ${q(a.caddyListen)}

[certificates]
provider = "master"

[monitor]
interval = ${q(a.monitorInterval)}

[heartbeat]
interval = ${q(a.heartbeatInterval)}
backoff_base = "100ms"
backoff_max = "1s"
`;
}
