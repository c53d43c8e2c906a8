import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setDefaultCACertificates } from 'node:tls';
import { createChannelCredentials, createTokenMiddleware, readTokenFile } from '@mcp/auth';
import {
  AgentServiceDefinition,
  MasterServiceDefinition,
  type AgentServiceClient,
  type MasterServiceClient,
} from '@mcp/proto';
import type { CliConfig } from '@mcp/spec';
import { createChannel, createClientFactory, type Channel, type ChannelCredentials } from 'nice-grpc';
import { CliError } from './CliError.js';
import { isMissingFile } from './isMissingFile.js';

/** A connected client and the channel to close when done. */
export interface Connection<C> {
  client: C;
  /** `rift`, or `master`. */
  name: string;
  /** `rift (100.64.0.1:9444)`: what error messages call the peer. */
  target: string;
  /** Whether a connection was ever established (tells "unreachable" from "slow"). */
  connected(): boolean;
  close(): void;
}

// grpc-js's connectivityState.READY; nice-grpc does not re-export the enum.
const READY = 2;

async function readCa(config: CliConfig): Promise<string> {
  try {
    return await readFile(config.caCert, 'utf8');
  } catch (error) {
    const why = isMissingFile(error)
      ? 'does not exist; copy the fleet CA certificate there'
      : (error as Error).message;
    throw new CliError(`ca_cert ${config.caCert} ${why} (or set ca_cert in the config)`, 2, { cause: error });
  }
}

/** Reads a token file, turning a missing or loose file into advice (exit 2). */
async function readToken(file: string, what: string, setting: string): Promise<string> {
  try {
    return await readTokenFile(file);
  } catch (error) {
    if (isMissingFile(error)) {
      const fix = `write ${what} there with mode 0600 (or set ${setting} in the config)`;
      throw new CliError(`token file ${file} does not exist; ${fix}`, 2, { cause: error });
    }
    throw new CliError((error as Error).message, 2, { cause: error });
  }
}

/**
 * Makes the fleet CA the process's default trust store too. Every connection the CLI makes
 * names it as its `ca` anyway, but a context with its own `ca` still has Node build the
 * default store on the way: its ~140 bundled roots, and NODE_EXTRA_CA_CERTS when set. That
 * first context took 7 ms here, 17 with NODE_EXTRA_CA_CERTS, against 2 with this; `mcp node
 * list` starts ~6 ms sooner (bench/cli-startup). A CA that is not PEM is left to
 * createChannelCredentials, which says why.
 */
function trustOnly(ca: string): void {
  try {
    setDefaultCACertificates([ca]);
  } catch {
    // reported below
  }
}

async function connect<C>(
  config: CliConfig,
  name: string,
  address: string,
  readOwnToken: () => Promise<string>,
  create: (c: Channel, token: string) => C,
) {
  const ca = await readCa(config);
  const token = await readOwnToken();
  trustOnly(ca);
  let credentials: ChannelCredentials;
  try {
    credentials = createChannelCredentials({ ca });
  } catch (error) {
    throw new CliError(`ca_cert ${config.caCert}: ${(error as Error).message}`, 2, { cause: error });
  }
  const channel = createChannel(address, credentials);
  let connected = false;
  return {
    client: create(channel, token),
    name,
    target: `${name} (${address})`,
    connected: () => (connected ||= (channel.getConnectivityState(false) as number) === READY),
    close: () => channel.close(),
  } satisfies Connection<C>;
}

/**
 * A client for one node's agent (direct mode), by node name from the config.
 *
 * @throws CliError (exit 2) for an unknown node or an unreadable CA or token file.
 */
export async function connectAgent(config: CliConfig, node: string): Promise<Connection<AgentServiceClient>> {
  const entry = config.nodes.find((n) => n.name === node);
  if (!entry) {
    const known = config.nodes.map((n) => n.name).join(', ');
    throw new CliError(
      `unknown node "${node}": ${known ? `the config knows ${known}` : 'the config has no [[nodes]]'}`,
      2,
    );
  }
  // Each agent accepts only a token made for it, which is worth nothing to the master or another agent.
  const token = () =>
    readToken(
      join(config.directTokenDir, `${node}.token`),
      `your direct-mode token for ${node} (mcp-master init writes tokens/direct/<you>/${node}.token)`,
      'direct_token_dir',
    );
  return connect(config, node, entry.address, token, (channel, token) =>
    createClientFactory().use(createTokenMiddleware(token)).create(AgentServiceDefinition, channel),
  );
}

/**
 * A client for the master.
 *
 * @throws CliError (exit 2) without `[master]` in the config, or for an unreadable CA or token file.
 */
export async function connectMaster(config: CliConfig): Promise<Connection<MasterServiceClient>> {
  if (!config.master) {
    throw new CliError(
      'no [master] address in the config; add one, or use --direct -n <node> to talk to an agent',
      2,
    );
  }
  const token = () => readToken(config.tokenFile, 'your token for the master', 'token_file');
  return connect(config, 'master', config.master.address, token, (channel, token) =>
    createClientFactory().use(createTokenMiddleware(token)).create(MasterServiceDefinition, channel),
  );
}
