import { createSecureContext } from 'node:tls';
import { ChannelCredentials } from 'nice-grpc';
import { AuthError } from './AuthError.js';
import { pemOption, TLS_MIN_VERSION, type Pem } from './tlsMaterial.js';

/** Whom a client trusts and, optionally, what it presents. */
export interface ChannelTlsOptions {
  /** The fleet CA (PEM): the only CA the server's certificate may chain to (system roots are not used). */
  readonly ca: Pem;
  /** A client certificate chain (PEM) for mutual TLS; needs `key`. Default: none. */
  readonly cert?: Pem;
  /** The client certificate's private key (PEM); needs `cert`. Default: none. */
  readonly key?: Pem;
}

/**
 * grpc-js channel credentials (for nice-grpc `createChannel(address, creds)`)
 * that speak TLS 1.3 only and verify the server's certificate and name
 * against the fleet CA alone. Uses grpc-js's public
 * `ChannelCredentials.createFromSecureContext`.
 *
 * @throws AuthError `INVALID_OPTION` if `ca` is missing or a PEM is malformed,
 *   or only one of `cert` and `key` is given.
 */
export function createChannelCredentials(options: ChannelTlsOptions): ChannelCredentials {
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new AuthError('INVALID_OPTION', 'cert and key go together: give both or neither');
  }
  const context = createSecureContext({
    minVersion: TLS_MIN_VERSION,
    ca: pemOption('ca', options.ca),
    ...(options.cert === undefined ? {} : { cert: pemOption('cert', options.cert) }),
    ...(options.key === undefined ? {} : { key: pemOption('key', options.key) }),
  });
  return ChannelCredentials.createFromSecureContext(context);
}
