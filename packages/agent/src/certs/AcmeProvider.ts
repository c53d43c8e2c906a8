import { Agent, get } from 'node:https';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import * as acme from 'acme-client';
import type { CertificateProvider } from './CertificateProvider.js';
import { writeSecretFile } from '@mcp/auth';

/** How to reach the ACME CA (RFC 8555), e.g. Metacrypt with external account binding. */
export interface AcmeProviderOptions {
  directoryUrl: string;
  /** Where the account key is kept (0600); made on first use. */
  accountKeyPath: string;
  /** PEM of the CA that signed the ACME server's own TLS certificate. Default: the system's roots. */
  caPem?: string | undefined;
  /** External account binding, both or neither. */
  eab?: { kid: string; hmacKey: string } | undefined;
  email?: string | undefined;
  /** `host:port` where HTTP-01 challenges are answered. */
  http01Listen: string;
}

/**
 * {@link CertificateProvider} over ACME with HTTP-01 challenges, answered by a
 * small HTTP server the provider runs on `http01Listen` for as long as it lives.
 */
export class AcmeProvider implements CertificateProvider {
  readonly name = 'acme';
  private readonly tokens = new Map<string, string>();
  private server: Server | undefined;
  private client: acme.Client | undefined;

  constructor(private readonly options: AcmeProviderOptions) {}

  /** Starts the HTTP-01 responder. */
  async start(): Promise<void> {
    const [host, port] = splitHostPort(this.options.http01Listen);
    const server = createServer((req, res) => {
      const prefix = '/.well-known/acme-challenge/';
      const token = req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : undefined;
      const answer = token === undefined ? undefined : this.tokens.get(token);
      res.writeHead(answer === undefined ? 404 : 200, { 'Content-Type': 'text/plain' });
      res.end(answer ?? 'not found');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async issue(csrPem: string, hostnames: string[]): Promise<string> {
    const client = await this.getClient();
    await this.checkDirectory();
    try {
      return await this.order(client, csrPem, hostnames);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `ACME CA at ${this.options.directoryUrl} did not issue ${hostnames.join(', ')}: ${reason}`,
        { cause: error },
      );
    }
  }

  /**
   * One RFC 8555 order: an HTTP-01 challenge per name, answered by this
   * provider's responder. A challenge the CA cannot validate fails with the
   * CA's own reason (its `error.detail`), not acme-client's "pending".
   */
  private async order(client: acme.Client, csrPem: string, hostnames: string[]): Promise<string> {
    try {
      client.getAccountUrl();
    } catch {
      await client.createAccount({
        termsOfServiceAgreed: true,
        ...(this.options.email ? { contact: [`mailto:${this.options.email}`] } : {}),
      });
    }
    const order = await client.createOrder({
      identifiers: hostnames.map((value) => ({ type: 'dns', value })),
    });
    const authorizations = await client.getAuthorizations(order);
    await Promise.all(
      authorizations
        .filter((authz) => authz.status !== 'valid')
        .map(async (authz) => {
          const name = authz.identifier.value;
          const challenge = authz.challenges.find((c) => c.type === 'http-01');
          if (!challenge) throw new Error(`the CA offers no HTTP-01 challenge for ${name}`);
          this.tokens.set(challenge.token, await client.getChallengeKeyAuthorization(challenge));
          try {
            await client.completeChallenge(challenge);
            await client.waitForValidStatus(challenge);
          } catch (error) {
            throw new Error(
              `HTTP-01 for ${name} failed: ${await this.challengeProblem(client, order, authz.url, error)}`,
              {
                cause: error,
              },
            );
          } finally {
            this.tokens.delete(challenge.token);
          }
        }),
    );
    const finalized = await client.finalizeOrder(order, csrPem);
    return client.getCertificate(finalized);
  }

  /** Why the CA did not accept a challenge, in its words when it gave any. */
  private async challengeProblem(
    client: acme.Client,
    order: acme.Order,
    authzUrl: string,
    error: unknown,
  ): Promise<string> {
    const fallback = error instanceof Error ? error.message : String(error);
    try {
      const authz = (await client.getAuthorizations(order)).find((a) => a.url === authzUrl);
      const challenge = authz?.challenges.find((c) => c.type === 'http-01');
      const detail = (challenge?.error as { detail?: unknown } | undefined)?.detail;
      return typeof detail === 'string' && detail !== '' ? detail : fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * Fetches the directory once with a short timeout, so an unreachable CA is
   * reported as such (acme-client retries for over a minute, then fails with
   * an unhelpful message).
   */
  private checkDirectory(): Promise<void> {
    const url = this.options.directoryUrl;
    return new Promise((resolve, reject) => {
      const req = get(url, { ca: this.options.caPem, minVersion: 'TLSv1.3', timeout: 10_000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else reject(new Error(`ACME directory ${url} answered HTTP ${res.statusCode ?? 0}`));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', (error) =>
        reject(new Error(`ACME directory ${url} unreachable: ${error.message}`, { cause: error })),
      );
    });
  }

  private async getClient(): Promise<acme.Client> {
    if (this.client) return this.client;
    let accountKey: Buffer;
    try {
      accountKey = await readFile(this.options.accountKeyPath);
    } catch {
      accountKey = await acme.crypto.createPrivateEcdsaKey('P-256');
      await writeSecretFile(this.options.accountKeyPath, accountKey);
    }
    // acme-client talks through one module-wide axios instance. Its default
    // retries (5 attempts, 5-25 s apart) would hold a deploy for 75 s.
    const settings = acme.axios.defaults as unknown as { acmeSettings: Record<string, number> };
    settings.acmeSettings = { ...settings.acmeSettings, retryMaxAttempts: 2, retryDefaultDelay: 1 };
    if (this.options.caPem) {
      acme.axios.defaults.httpsAgent = new Agent({ ca: this.options.caPem, minVersion: 'TLSv1.3' });
    }
    this.client = new acme.Client({
      directoryUrl: this.options.directoryUrl,
      accountKey,
      externalAccountBinding: this.options.eab,
      // Polls for a challenge's or an order's status 0.25 s, 0.5 s, 1 s, 2 s,
      // then every 4 s: a CA that cannot validate is given up on after
      // about 20 s, not acme-client's several minutes.
      backoffAttempts: 9,
      backoffMin: 250,
      backoffMax: 4000,
    });
    return this.client;
  }
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  return [host || '0.0.0.0', Number(address.slice(at + 1))];
}
