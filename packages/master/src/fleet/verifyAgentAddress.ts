import { connect, type PeerCertificate } from 'node:tls';
import { TLS_MIN_VERSION } from '@mcp/auth';
import { nodeDnsName } from '@mcp/names';
import { AgentIdentityError } from './AgentIdentityError.js';

/** What the check needs: the fleet CA and zone, and how long to wait. */
export interface VerifyAgentAddressOptions {
  caPem: string;
  zone: string;
  /** Default 5000. */
  timeoutMs?: number;
}

/**
 * Checks, before a registration is accepted, that `address` answers with a
 * certificate from the fleet CA naming `node` (`<node>.node.mcp.<zone>`). It
 * only completes a TLS handshake: no call is made and no token is sent, so
 * an address that belongs to another node learns nothing.
 *
 * @throws AgentIdentityError `WRONG_NODE` naming what the certificate does
 *   name; `UNREACHABLE` when no handshake could be made.
 */
export function verifyAgentAddress(
  node: string,
  address: string,
  options: VerifyAgentAddressOptions,
): Promise<void> {
  const expected = nodeDnsName(node, options.zone);
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(at + 1));
  return new Promise((resolve, reject) => {
    let peer: PeerCertificate | undefined;
    const socket = connect({
      host,
      port,
      servername: expected,
      ca: options.caPem,
      minVersion: TLS_MIN_VERSION,
      ALPNProtocols: ['h2'],
      checkServerIdentity: (_host, cert) => {
        peer = cert;
        return cert.subjectaltname?.split(', ').includes(`DNS:${expected}`)
          ? undefined
          : new Error('wrong node');
      },
    });
    const timer = setTimeout(
      () => socket.destroy(new Error(`no TLS handshake within ${options.timeoutMs ?? 5000} ms`)),
      options.timeoutMs ?? 5000,
    );
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (peer === undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
        reject(
          new AgentIdentityError(
            'WRONG_NODE',
            `address: ${address} answers with a certificate the fleet CA did not sign (${code}); it is no agent of this fleet`,
          ),
        );
        return;
      }
      if (peer !== undefined) {
        const names = (peer.subjectaltname ?? '').split(', ').filter((n) => n.includes('.node.mcp.'));
        const says = names.length
          ? `a certificate for ${names.map((n) => n.replace(/^DNS:/, '')).join(', ')}`
          : 'a certificate that names no node';
        reject(
          new AgentIdentityError(
            'WRONG_NODE',
            `address: ${address} answers with ${says}, not ${expected}; a node may only register its own agent's address`,
          ),
        );
        return;
      }
      reject(
        new AgentIdentityError(
          'UNREACHABLE',
          `address: cannot check that ${address} answers as ${node} (${error.message}); the master must reach the agent there`,
          { cause: error },
        ),
      );
    });
  });
}
