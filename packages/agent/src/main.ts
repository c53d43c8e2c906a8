#!/usr/bin/env node
// mcp-agent: reads its config, wires the real drivers and listens.
// Usage: mcp-agent [--config /srv/mcp/mcp-agent.toml] | --version | --self-check | --help
import './quietGrpc.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createChannelCredentials,
  createTokenMiddleware,
  createTokenVerifier,
  ignoreIpServerNameWarning,
  readTokenFile,
} from '@mcp/auth';
import { exitOnStartFailure } from '@mcp/daemon-kit';
import { validateCidrs } from '@mcp/edge';
import { agentIdentity } from '@mcp/names';
import { MasterServiceDefinition, type MasterServiceClient } from '@mcp/proto';
import { createChannel, createClientFactory } from 'nice-grpc';
import { loadAgentConfig, type AgentConfig } from '@mcp/spec';
import { pino } from 'pino';
import { AcmeProvider } from './certs/AcmeProvider.js';
import { MasterCaProvider } from './master/MasterCaProvider.js';
import type { CertificateProvider } from './certs/CertificateProvider.js';
import { CaddyDriver } from './proxy/CaddyDriver.js';
import { PodmanRuntime } from './runtime/PodmanRuntime.js';
import { startAgent } from './startAgent.js';
import { AGENT_USAGE, parseAgentArgs, type AgentArgs } from './cli/parseAgentArgs.js';
import { runInfoCommand } from './cli/runInfoCommand.js';

ignoreIpServerNameWarning('mcp-agent');

let args: AgentArgs;
try {
  args = parseAgentArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`mcp-agent: ${(error as Error).message}\n${AGENT_USAGE}`);
  process.exit(2);
}
// --help, --version, --self-check: answered before any config is read.
const infoExit = await runInfoCommand(args);
if (infoExit !== undefined) process.exit(infoExit);

const logger = pino({ name: 'mcp-agent' }, pino.destination(2));
let config: AgentConfig;
try {
  config = await loadAgentConfig(args.config);
} catch (error) {
  exitOnStartFailure('mcp-agent', logger, error, 2);
}

async function masterClient(): Promise<MasterServiceClient | undefined> {
  if (!config.master) return undefined;
  const tokenFile = config.master.tokenFile;
  const channel = createChannel(
    config.master.address,
    createChannelCredentials({ ca: await readFile(config.server.caCert, 'utf8') }),
    {
      // grpc-js waits up to 2 minutes between reconnects by default: after the
      // master or the network was away for a while, the agent would stay
      // silent that long once it is back. Reconnect on the heartbeat's backoff.
      'grpc.initial_reconnect_backoff_ms': config.heartbeat.backoffBaseMs,
      'grpc.max_reconnect_backoff_ms': config.heartbeat.backoffMaxMs,
    },
  );
  // Read on every call, so a rotated token is picked up without a restart.
  return createClientFactory()
    .use(createTokenMiddleware(() => readTokenFile(tokenFile)))
    .create(MasterServiceDefinition, channel);
}

async function certificateProvider(
  master: MasterServiceClient | undefined,
): Promise<CertificateProvider & { start?(): Promise<void>; stop?(): Promise<void> }> {
  const acme = config.certificates.acme;
  if (config.certificates.provider === 'master') {
    if (!master) throw new Error('certificates.provider = "master" needs a [master] section');
    return new MasterCaProvider(master, config.agent.node);
  }
  if (!acme) throw new Error('certificates.provider = "acme" needs its acme settings');
  const provider = new AcmeProvider({
    directoryUrl: acme.directory,
    accountKeyPath: join(config.agent.dataDir, 'acme', 'account.key'),
    caPem: acme.caCert ? await readFile(acme.caCert, 'utf8') : undefined,
    eab: acme.eab
      ? { kid: acme.eab.kid, hmacKey: (await readFile(acme.eab.hmacKeyFile, 'utf8')).trim() }
      : undefined,
    email: acme.email,
    http01Listen: acme.http01Listen,
  });
  await provider.start();
  return provider;
}

try {
  const master = await masterClient();
  const provider = await certificateProvider(master);
  const auth = config.auth;
  // This agent accepts only tokens made for it: `aud` must be agent-<node>.
  const verifierOptions = { audience: agentIdentity(config.agent.node), issuer: auth.issuer };
  const verifier = auth.jwksUrl
    ? createTokenVerifier({ jwksUrl: auth.jwksUrl }, verifierOptions)
    : createTokenVerifier({ publicKey: await readFile(auth.publicKey!, 'utf8') }, verifierOptions);
  const agent = await startAgent({
    node: config.agent.node,
    role: config.agent.role,
    zone: config.zone,
    dataDir: config.agent.dataDir,
    listen: config.server.listen,
    tls: {
      cert: await readFile(config.server.tlsCert, 'utf8'),
      key: await readFile(config.server.tlsKey, 'utf8'),
    },
    verifier,
    allowDirect: auth.allowDirect,
    runtime: new PodmanRuntime({
      podman: config.runtime.podman,
      globalArgs: config.runtime.globalArgs,
      containersConf: config.runtime.containersConf,
    }),
    proxy: new CaddyDriver({ adminSocket: config.proxy.adminSocket, listen: [config.proxy.listen] }),
    proxyPort: Number(config.proxy.listen.slice(config.proxy.listen.lastIndexOf(':') + 1)),
    edge:
      config.agent.role === 'edge'
        ? {
            allowedDomains: config.edge.allowedDomains,
            allowedCidrs: validateCidrs(config.edge.allowedCidrs),
            dnsServer: config.edge.dnsServer,
            caPem: await readFile(config.server.caCert, 'utf8'),
          }
        : undefined,
    certificateProvider: provider,
    bindAddress: config.runtime.bindAddress,
    portRange: [config.runtime.portRange.min, config.runtime.portRange.max],
    stopTimeoutSeconds: Math.ceil(config.runtime.stopTimeoutMs / 1000),
    monitorIntervalMs: config.monitor.intervalMs,
    renewFraction: config.certificates.renewFraction,
    logger: logger.child({ node: config.agent.node }),
    master: master && {
      client: master,
      advertiseAddress: config.agent.advertiseAddress,
      heartbeatIntervalMs: config.heartbeat.intervalMs,
      backoff: { baseMs: config.heartbeat.backoffBaseMs, maxMs: config.heartbeat.backoffMaxMs },
    },
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void agent
      .stop()
      .then(() => provider.stop?.())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  exitOnStartFailure('mcp-agent', logger, error, 1);
}
