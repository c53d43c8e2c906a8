import type { MasterServiceClient } from '@mcp/proto';
import { ClientError } from 'nice-grpc';
import type { CertificateProvider } from '../certs/CertificateProvider.js';

/**
 * {@link CertificateProvider} backed by the master's fleet CA
 * (`IssueCertificate`): the default. The master signs only names its policy
 * allows this node (internal names for workers, public ones for edges).
 */
export class MasterCaProvider implements CertificateProvider {
  readonly name = 'master';

  constructor(
    private readonly client: MasterServiceClient,
    private readonly node: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async issue(csrPem: string): Promise<string> {
    try {
      const reply = await this.client.issueCertificate(
        { name: this.node, csrPem },
        { signal: AbortSignal.timeout(this.timeoutMs) },
      );
      return reply.certificateChainPem;
    } catch (error) {
      throw new Error(
        error instanceof ClientError ? `master refused: ${error.details}` : (error as Error).message,
        { cause: error },
      );
    }
  }
}
