import { createHash } from 'node:crypto';

/**
 * A pinned SSH host key: the full public key (`ssh-ed25519 AAAA…`, as in
 * `/etc/ssh/ssh_host_ed25519_key.pub` or `ssh-keyscan`), or only its SHA256
 * fingerprint (`SHA256:…`, as `ssh-keygen -l` prints it).
 */
export type HostKey =
  | { kind: 'key'; algorithm: string; /** Base64 key blob. */ key: string; fingerprint: string }
  | { kind: 'fingerprint'; fingerprint: string };

const ALGORITHMS = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
]);
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `SHA256:<unpadded base64>` of a key blob, as OpenSSH prints it. */
export function hostKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name a key blob starts with (SSH wire format: uint32 length, name). */
function blobAlgorithm(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  return length > 0 && 4 + length <= blob.length
    ? blob.subarray(4, 4 + length).toString('latin1')
    : undefined;
}

/** Reads a host key (a trailing comment is allowed); `undefined` when malformed. */
export function tryParseHostKey(text: string): HostKey | undefined {
  const trimmed = text.trim();
  if (FINGERPRINT.test(trimmed)) return { kind: 'fingerprint', fingerprint: trimmed };
  const [algorithm = '', key = ''] = trimmed.split(/\s+/);
  if (!ALGORITHMS.has(algorithm) || !BASE64.test(key)) return undefined;
  const blob = Buffer.from(key, 'base64');
  if (blobAlgorithm(blob) !== algorithm) return undefined;
  return { kind: 'key', algorithm, key, fingerprint: hostKeyFingerprint(blob) };
}
