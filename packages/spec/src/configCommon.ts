import { homedir } from 'node:os';
import { absolutePath, hostPort } from './commonFields.js';
import type { TableReader } from './TableReader.js';

/** Options of the config parsers. */
export interface ConfigOptions {
  /** File name used in error messages; default none (messages say `line N`). */
  file?: string;
  /** Home directory that `~/` in paths expands to; default `os.homedir()`. */
  home?: string;
}

export { NODE_ROLES, type NodeRole } from '@mcp/names';

/** A TLS 1.3 gRPC listener (`[server]` of the agent and master configs). */
export interface TlsServerConfig {
  /** `host:port` to listen on. */
  listen: string;
  /** PEM certificate chain of this server. */
  tlsCert: string;
  /** PEM private key of `tlsCert`. */
  tlsKey: string;
  /** PEM fleet CA certificate that peers are verified against. */
  caCert: string;
}

/** The `home` that `~/` expands to. */
export function homeOf(options: ConfigOptions): string {
  return options.home ?? homedir();
}

/** Reads a `[server]` table. */
export function readTlsServer(table: TableReader, home: string, listen: string): TlsServerConfig | undefined {
  const path = absolutePath(home);
  return table.finish<TlsServerConfig>({
    listen: table.withDefault('listen', hostPort, listen),
    tlsCert: table.required('tls_cert', path),
    tlsKey: table.required('tls_key', path),
    caCert: table.required('ca_cert', path),
  });
}

/** Reports `key` when it is set although `reason` says it may not be. */
export function refuse(table: TableReader, key: string, reason: string): void {
  if (table.has(key)) table.report(reason, key);
}

/** Options of the config loaders (`file` is the path loaded). */
export type LoadConfigOptions = Omit<ConfigOptions, 'file'>;
