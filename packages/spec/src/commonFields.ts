import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { checked, converted, matching } from './fieldTypes.js';
import { expandHome } from './expandHome.js';
import { EdgeError, parseCidr } from '@mcp/edge';
import { isDnsLabel, isDnsName, NODE_ARCHES, type NodeArch } from '@mcp/names';
import { HOST_PORT_FORMAT, tryParseHostPort } from './parseHostPort.js';
import { tryParseDuration } from './parseDuration.js';
import { tryParseSshTarget, type SshTarget } from './parseSshTarget.js';
import type { FieldType } from './TableReader.js';

// Field types shared by service files and config files.

/** A DNS label: service, component, route and node names. */
export const dnsLabel = matching(
  isDnsLabel,
  'must be a DNS label (lowercase a-z, 0-9 and "-", 1-63 characters, not starting or ending with "-")',
);

/** A lowercase DNS name such as `www.example.net`. */
export const dnsName = matching(isDnsName, 'must be a lowercase DNS name such as "www.example.net"');

/** `host:port`, kept as written. */
export const hostPort = matching((text) => tryParseHostPort(text) !== undefined, HOST_PORT_FORMAT);

/** A duration greater than zero, in milliseconds. */
export const duration = converted((text) => {
  const ms = tryParseDuration(text);
  return ms !== undefined && ms > 0 ? ms : undefined;
}, 'must be a positive duration such as "500ms", "30s", "5m" or "1h"');

/** An IPv4 or IPv6 address (no brackets). */
export const ipAddress = matching((text) => isIP(text) !== 0, 'must be an IP address');

/** A CIDR block, by the same rules the edge applies (no host bits set). */
export const cidr: FieldType<string> = checked((text) => {
  try {
    parseCidr(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof EdgeError)) throw error;
    return `must be a CIDR block such as "100.64.0.0/10": ${error.message}`;
  }
});

/** An `https://` URL. */
export const httpsUrl = matching((text) => URL.parse(text)?.protocol === 'https:', 'must be an https:// URL');

/** `user@host[:port]`. */
export const sshTarget: FieldType<SshTarget> = converted(tryParseSshTarget, 'must be "user@host[:port]"');

/** `amd64` or `arm64`. */
export const ARCHES = NODE_ARCHES;

/** A CPU architecture of a node. */
export type Arch = NodeArch;

/** An absolute path, or one starting with `~/` (expanded against `home`). */
export function absolutePath(home: string): FieldType<string> {
  return converted((text) => {
    const path = expandHome(text, home);
    return isAbsolute(path) ? path : undefined;
  }, 'must be an absolute path or start with "~/"');
}
