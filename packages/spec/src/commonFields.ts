import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { checked, converted, matching } from './fieldTypes.js';
import { expandHome } from './expandHome.js';
import { EdgeError, parseCidr } from '@mcp/edge';
import { isDnsLabel, isDnsName, NODE_ARCHES, type NodeArch } from '@mcp/names';
import { HOST_PORT_FORMAT, tryParseHostPort } from './parseHostPort.js';
import { tryParseDuration } from './parseDuration.js';
import { tryParseSshTarget, type SshTarget } from './parseSshTarget.js';
import { tryParseHostKey, type HostKey } from './parseHostKey.js';
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

/** `"system"` (the system resolver), `"off"`, or a DNS server's `host:port`. */
export const resolverChoice = matching(
  (text) => text === 'system' || text === 'off' || tryParseHostPort(text) !== undefined,
  'must be "system", "off" or a DNS server\'s "host:port" (port 1-65535)',
);

/** A duration greater than zero, in milliseconds. */
export const duration = converted((text) => {
  const ms = tryParseDuration(text);
  return ms !== undefined && ms > 0 ? ms : undefined;
}, 'must be a positive duration such as "500ms", "30s", "5m" or "1h"');

/** A duration of zero or more, in milliseconds. */
export const durationOrZero = converted(
  tryParseDuration,
  'must be a duration such as "0s", "500ms", "30s", "5m" or "1h"',
);

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

/** A pinned SSH host key: `ssh-ed25519 AAAA…` (or ecdsa, rsa) or `SHA256:…`. */
export const hostKey: FieldType<HostKey> = converted(
  tryParseHostKey,
  'must be a public host key such as "ssh-ed25519 AAAA…" (ssh-keyscan, /etc/ssh/ssh_host_*_key.pub) or its fingerprint "SHA256:…"',
);

/** An absolute path on another machine: no `~`, no quotes, spaces or control characters. */
export const remotePath = matching(
  (text) =>
    /^(\/[A-Za-z0-9._+@%=,:-]+)+$/.test(text) && !text.split('/').some((s) => s === '.' || s === '..'),
  'must be an absolute path on the node such as "/srv/mcp/mcp-agent" (letters, digits and ._+@%=,:- only; no . or ..)',
);

/** A shell command for a node: one line, not empty. */
export const shellCommand = matching(
  (text) => text.trim() !== '' && !/[\n\r\0]/.test(text),
  'must be a one-line shell command such as "sudo systemctl restart mcp-agent"',
);

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
