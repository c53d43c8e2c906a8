import { isHost, tryParseHostPort } from './parseHostPort.js';

/** Where to reach a node over SSH. */
export interface SshTarget {
  user: string;
  /** Hostname or address; IPv6 without brackets. */
  host: string;
  /** Default 22. */
  port: number;
}

const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Reads `"user@host[:port]"` (IPv6 hosts in brackets); `undefined` when malformed. */
export function tryParseSshTarget(text: string): SshTarget | undefined {
  const at = text.indexOf('@');
  const user = text.slice(0, at);
  const rest = text.slice(at + 1);
  if (at === -1 || !USER.test(user)) return undefined;
  const address = tryParseHostPort(rest);
  if (address !== undefined) return { user, ...address };
  if (!isHost(rest)) return undefined;
  return { user, host: rest.startsWith('[') ? rest.slice(1, -1) : rest, port: 22 };
}
