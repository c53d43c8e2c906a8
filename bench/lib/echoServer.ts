// A bare nice-grpc unary echo, the yardstick for the master's Heartbeat: the
// master's Heartbeat method (same codec, same request and response messages)
// under another service name, served with the same TLS 1.3 server credentials
// (@mcp/auth createServerCredentials) but with no auth middleware and no
// handler work. Run as its own process by `startEchoServer`; as a script it
// reads MCP_ECHO_CERT, MCP_ECHO_KEY (file paths) and MCP_ECHO_LISTEN.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServerCredentials } from '@mcp/auth';
import { MasterServiceDefinition } from '@mcp/proto';
import { freePort, startProcess, type ManagedProcess } from '@mcp/testkit';
import { createServer } from 'nice-grpc';

export const EchoDefinition = {
  name: 'Echo',
  fullName: 'mcp.bench.Echo',
  methods: { heartbeat: MasterServiceDefinition.methods.heartbeat },
} as const;

const SELF = fileURLToPath(import.meta.url);

/** Starts the echo server process on a free loopback port with the fleet directory's master certificate. */
export async function startEchoServer(dir: string): Promise<{ process: ManagedProcess; address: string }> {
  const address = `127.0.0.1:${await freePort()}`;
  // The same loader (tsx) as this process, so the TypeScript runs as is.
  const proc = await startProcess(process.execPath, [...process.execArgv, SELF], {
    logPath: join(dir, 'echo.log'),
    env: {
      MCP_ECHO_CERT: join(dir, 'master.pem'),
      MCP_ECHO_KEY: join(dir, 'master.key'),
      MCP_ECHO_LISTEN: address,
    },
  });
  await proc.waitReady(async () => (await proc.readLog()).includes('echo listening'), { timeoutMs: 20_000 });
  return { process: proc, address };
}

async function serve(): Promise<void> {
  const { MCP_ECHO_CERT: cert, MCP_ECHO_KEY: key, MCP_ECHO_LISTEN: listen } = process.env;
  if (!cert || !key || !listen)
    throw new Error('the echo server needs MCP_ECHO_CERT, MCP_ECHO_KEY, MCP_ECHO_LISTEN');
  const server = createServer();
  server.add(EchoDefinition, { heartbeat: () => Promise.resolve({ receivedAt: new Date() }) });
  const [certPem, keyPem] = await Promise.all([readFile(cert, 'utf8'), readFile(key, 'utf8')]);
  await server.listen(listen, createServerCredentials({ cert: certPem, key: keyPem }));
  console.log('echo listening');
  const shutdown = () => void server.shutdown().then(() => process.exit(0));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (process.argv[1] === SELF) await serve();
