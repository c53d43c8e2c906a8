import { join } from 'node:path';
import { agentIdentity } from '@mcp/names';
import { agentCertPaths, FLEET_FILES, tokenPath } from './fleetLayout.js';
import type { ResolvedInitOptions } from './resolveInitOptions.js';

/** Directory of the starter configs, under the fleet directory. */
export const CONFIG_DIR = 'config';

/** The master's gRPC port, and an agent's: the config defaults. */
const MASTER_PORT = 9443;
const AGENT_PORT = 9444;

/** One starter config file: where it goes and what it says. */
export interface StarterConfig {
  /** `master`, or the agent's node. */
  readonly for: string;
  readonly path: string;
  readonly content: string;
}

/** Path of the starter `mcp-master.toml`. */
export function masterConfigPath(dir: string): string {
  return join(dir, CONFIG_DIR, 'mcp-master.toml');
}

/** Path of the starter `mcp-agent.toml` of `node`. */
export function agentConfigPath(dir: string, node: string): string {
  return join(dir, CONFIG_DIR, `mcp-agent-${node}.toml`);
}

/**
 * The configs `mcp-master init` writes beside the fleet files: the master's,
 * and one per agent it made a listener certificate for. Every path in them
 * is a file init writes, so they start as they are; the rest keeps its
 * defaults (see @mcp/spec's README). An agent node reads its files at the
 * same paths: copy them there (see docs/operators/install.md).
 */
export function starterConfigs(o: ResolvedInitOptions): StarterConfig[] {
  const file = (name: string) => q(join(o.dir, name));
  const master = `# mcp-master.toml, written by mcp-master init
node = ${q(o.masterNode)}
zone = ${q(o.zone)}

[server]
tls_cert = ${file(FLEET_FILES.masterCert)}
tls_key = ${file(FLEET_FILES.masterKey)}
ca_cert = ${file(FLEET_FILES.caCert)}

[auth]
signing_key = ${file(FLEET_FILES.signingKey)}
public_key = ${file(FLEET_FILES.signingPub)}

[ca]
cert = ${file(FLEET_FILES.caCert)}
key = ${file(FLEET_FILES.caKey)}

[registration]
allowed_agents = [${o.agents.map((node) => q(agentIdentity(node))).join(', ')}]
`;
  const agents = [...o.agentAddress].map(([node, address]): StarterConfig => {
    const certs = agentCertPaths(o.dir, node);
    const content = `# mcp-agent.toml of ${node}, written by mcp-master init
zone = ${q(o.zone)}

[agent]
node = ${q(node)}
role = ${q(node === o.masterNode ? 'master' : 'worker')}
advertise_address = ${q(hostPort(address, AGENT_PORT))}

[server]
tls_cert = ${q(certs.cert)}
tls_key = ${q(certs.key)}
ca_cert = ${file(FLEET_FILES.caCert)}

[auth]
public_key = ${file(FLEET_FILES.signingPub)}

[master]
address = ${q(hostPort(o.masterAddress, MASTER_PORT))}
token_file = ${q(tokenPath(o.dir, agentIdentity(node)))}
`;
    return { for: node, path: agentConfigPath(o.dir, node), content };
  });
  return [{ for: 'master', path: masterConfigPath(o.dir), content: master }, ...agents];
}

function q(text: string): string {
  return JSON.stringify(text);
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
