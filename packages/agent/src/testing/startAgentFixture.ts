import { join } from 'node:path';
import { createChannelCredentials, createTokenMiddleware, createTokenVerifier, generateSigningKeyPair, mintToken } from '@mcp/auth';
import { AgentServiceDefinition, type AgentServiceClient } from '@mcp/proto';
import {
  buildTestImage,
  createPodmanSandbox,
  createTestPki,
  makeTempDir,
  randomLoopbackAddress,
  startAcmeCa,
  startCaddy,
  type AcmeCa,
  type CaddyInstance,
  type PodmanSandbox,
  type TestImage,
  type TestPki,
} from '@mcp/testkit';
import { createChannel, createClientFactory, type Channel } from 'nice-grpc';
import { pino } from 'pino';
import { AcmeProvider } from '../certs/AcmeProvider.js';
import { CaddyDriver } from '../proxy/CaddyDriver.js';
import { PodmanRuntime } from '../runtime/PodmanRuntime.js';
import { startAgent, type RunningAgent, type StartAgentOptions } from '../startAgent.js';
import { httpsGet, type HttpsResult } from './httpsGet.js';

/** Real podman, Caddy, an ACME CA and a real agent, all private to one test file. */
export interface AgentFixture {
  zone: string;
  sandbox: PodmanSandbox;
  images: { v1: TestImage; v2: TestImage };
  caddy: CaddyInstance;
  acme: AcmeCa;
  pki: TestPki;
  agent: RunningAgent;
  /** Where the agent listens, `127.0.0.1:<port>`. */
  address: string;
  /** Loopback address of the agent's HTTP-01 responder. */
  http01Address: string;
  signingKeyPem: string;
  /** A client calling as `mcp-master` (or another identity). */
  client(as?: { sub: string; kind: 'human' | 'agent' | 'master' } | null): Promise<AgentServiceClient>;
  /** GET through the node proxy with SNI `hostname`, trusting only the ACME CA. */
  fetch(hostname: string, path?: string): Promise<HttpsResult>;
  /** Restarts the agent with option overrides (same data dir). */
  restartAgent(overrides?: Partial<StartAgentOptions>): Promise<void>;
  stop(): Promise<void>;
}

/** Internal hostname of a component under the fixture's zone. */
export const internalName = (component: string, zone = 'fleet.test'): string => `${component}.svc.mcp.${zone}`;

/**
 * Starts the fixture. Every internal name of `components` resolves (for the
 * ACME CA) to the agent's HTTP-01 responder address.
 */
export async function startAgentFixture(options: { components?: string[]; monitorIntervalMs?: number } = {}): Promise<AgentFixture> {
  const zone = 'fleet.test';
  const cleanups: (() => Promise<void>)[] = [];
  const channels: Channel[] = [];
  const stop = async () => {
    for (const c of channels.splice(0)) c.close();
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    const sandbox = await createPodmanSandbox();
    cleanups.push(() => sandbox.stop());
    const images = {
      v1: await buildTestImage(sandbox, { tag: 'localhost/mcp-test/httpd:v1.0.0' }),
      v2: await buildTestImage(sandbox, { tag: 'localhost/mcp-test/httpd:v1.0.1' }),
    };
    const caddy = await startCaddy();
    cleanups.push(() => caddy.stop());
    const http01Address = randomLoopbackAddress();
    const hosts = Object.fromEntries((options.components ?? ['web']).map((c) => [internalName(c, zone), http01Address]));
    const acme = await startAcmeCa({ hosts });
    cleanups.push(() => acme.stop());
    const pki = createTestPki();
    const keys = generateSigningKeyPair();
    const data = await makeTempDir('mcp-agent-');
    cleanups.push(() => data.remove());

    let base: StartAgentOptions | undefined;
    let provider: AcmeProvider | undefined;
    let agent: RunningAgent | undefined;
    const start = async (overrides: Partial<StartAgentOptions> = {}) => {
      provider = new AcmeProvider({
        directoryUrl: acme.directoryUrl,
        accountKeyPath: join(data.path, 'acme', 'account.key'),
        caPem: acme.caCertPem,
        http01Listen: `${http01Address}:80`,
      });
      await provider.start();
      base = {
        node: 'rift',
        role: 'worker',
        zone,
        dataDir: data.path,
        listen: '127.0.0.1:0',
        tls: pki.server,
        verifier: createTokenVerifier({ publicKey: keys.publicKeyPem }),
        allowDirect: true,
        runtime: new PodmanRuntime({ podman: sandbox.podmanPath, globalArgs: [...sandbox.globalArgs], env: sandbox.env }),
        proxy: new CaddyDriver({ adminSocket: caddy.adminSocket, listen: [`${caddy.host}:${caddy.port}`] }),
        certificateProvider: provider,
        monitorIntervalMs: options.monitorIntervalMs ?? 500,
        stopTimeoutSeconds: 2,
        logger: pino({ level: process.env.MCP_TEST_LOG ?? 'silent' }),
        ...overrides,
      };
      agent = await startAgent(base);
    };
    await start();
    cleanups.push(async () => {
      await agent?.stop();
      await provider?.stop();
    });

    const fixture: AgentFixture = {
      zone,
      sandbox,
      images,
      caddy,
      acme,
      pki,
      get agent() {
        return agent!;
      },
      get address() {
        return `127.0.0.1:${agent!.port}`;
      },
      http01Address,
      signingKeyPem: keys.privateKeyPem,
      async client(as = { sub: 'mcp-master', kind: 'master' }) {
        const channel = createChannel(`127.0.0.1:${agent!.port}`, createChannelCredentials({ ca: pki.ca.cert }));
        channels.push(channel);
        let factory = createClientFactory();
        if (as) factory = factory.use(createTokenMiddleware(await mintToken(keys.privateKeyPem, { ...as, ttl: 600 })));
        return factory.create(AgentServiceDefinition, channel);
      },
      fetch: (hostname, path) =>
        httpsGet({ address: caddy.host, port: caddy.port, hostname, caPem: acme.caCertPem, path }),
      async restartAgent(overrides) {
        await agent?.stop();
        await provider?.stop();
        await start(overrides);
      },
      stop,
    };
    return fixture;
  } catch (error) {
    await stop();
    throw error;
  }
}
