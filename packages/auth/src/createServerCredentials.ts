import { GrpcServerCredentials, type ServerCredentials } from './grpcServerCredentials.js';
import { pemOption, TLS_MIN_VERSION, type Pem } from './tlsMaterial.js';

/** What a TLS listener presents and, optionally, whom it accepts. */
export interface ServerTlsOptions {
  /** The server certificate chain (PEM), leaf first. */
  readonly cert: Pem;
  /** The server certificate's private key (PEM). */
  readonly key: Pem;
  /** If set, clients must present a certificate signed by this CA (mutual TLS). Default: no client certificate. */
  readonly ca?: Pem;
}

class Tls13ServerCredentials extends GrpcServerCredentials {
  constructor(cert: Buffer, key: Buffer, ca: Buffer | undefined) {
    const mutual = ca !== undefined;
    // minVersion in both: the first goes to http2.createSecureServer, the
    // second also to any later setSecureContext.
    super(
      { minVersion: TLS_MIN_VERSION, requestCert: mutual, rejectUnauthorized: true },
      { minVersion: TLS_MIN_VERSION, cert, key, ...(mutual ? { ca } : {}) },
    );
  }

  override _equals(other: ServerCredentials): boolean {
    return this === other;
  }
}

/**
 * grpc-js server credentials (for nice-grpc `server.listen(address, creds)`)
 * that speak TLS 1.3 only: TLS 1.2 and older handshakes and plaintext
 * connections fail before any RPC. With `ca`, clients must also present a
 * certificate from that CA.
 *
 * @throws AuthError `INVALID_OPTION` if `cert`, `key` or `ca` is not PEM;
 *   Node's TLS error when the listener starts if they do not match.
 */
export function createServerCredentials(options: ServerTlsOptions): ServerCredentials {
  const ca = options.ca === undefined ? undefined : pemOption('ca', options.ca);
  return new Tls13ServerCredentials(pemOption('cert', options.cert), pemOption('key', options.key), ca);
}
