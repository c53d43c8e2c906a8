// Addresses for simulated agents that pass the master's registration check:
// one TLS 1.3 listener per simulated node on 127.0.0.1, presenting a
// certificate from the fleet CA that names the node
// (`<node>.node.mcp.<zone>`), as a real agent's does. They only complete
// handshakes; nothing behind them answers gRPC.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { issueServerCertificate, loadFleetCa } from '@mcp/master';
import { nodeDnsName } from '@mcp/names';

export interface SimAgentEndpoints {
  /** `127.0.0.1:<port>` of `name`'s listener. */
  addressOf(name: string): string;
  close(): Promise<void>;
}

export async function startSimAgentEndpoints(
  fleetDir: string,
  zone: string,
  names: readonly string[],
): Promise<SimAgentEndpoints> {
  const ca = await loadFleetCa(
    await readFile(join(fleetDir, 'ca.pem'), 'utf8'),
    await readFile(join(fleetDir, 'ca.key'), 'utf8'),
  );
  const servers = new Map<string, { server: Server; address: string }>();
  const close = async () => {
    await Promise.all([...servers.values()].map(({ server }) => new Promise((r) => server.close(r))));
  };
  try {
    for (const name of names) {
      const { certPem, keyPem } = await issueServerCertificate(ca, {
        dnsNames: [nodeDnsName(name, zone)],
        ipAddresses: ['127.0.0.1'],
      });
      const server = createServer(
        { cert: certPem, key: keyPem, minVersion: 'TLSv1.3', ALPNProtocols: ['h2'] },
        (s) => s.end(),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.set(name, { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}` });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    addressOf: (name) => servers.get(name)!.address,
    close,
  };
}
