import { nodeOfAgentIdentity, type NodeRole } from '@mcp/names';
import { EdgeError, internalSuffix, validatePublicHostname } from '@mcp/edge';
import { MAX_CERTIFICATE_NAMES } from './defaults.js';
import { normalizeDnsNames } from './normalizeDnsNames.js';
import { PkiError } from './PkiError.js';
import type { CsrNames } from './readCsrNames.js';

/** The role of the agent asking for a certificate. */
export type CertificateRole = NodeRole;

/** Who asks for which names. */
export interface CertificatePolicyInput {
  /** The caller's verified identity, `agent-<node>`. */
  readonly identity: string;
  /** The caller's registered role. */
  readonly role: CertificateRole;
  /** What the CSR asks for (`readCsrNames`), or bare DNS names. */
  readonly names: CsrNames | readonly string[];
  /** Internal DNS zone; internal names are under `svc.mcp.<zone>`. */
  readonly zone: string;
  /** Public domains edge agents may get names under (label match). */
  readonly allowedDomains: readonly string[];
  /** At most this many DNS names. Default 20. */
  readonly maxNames?: number;
}

/**
 * The fleet CA's certificate policy by identity: worker and master agents
 * only get names under `svc.mcp.<zone>` (at least one label in front); edge
 * agents only names at or under an allowed public domain, never an internal
 * one. Nobody gets wildcards, IP addresses or other subjectAltName types, a
 * common name that is not one of the DNS names, or more than `maxNames`.
 *
 * @returns the DNS names to certify, lowercased, without duplicates.
 * @throws PkiError `POLICY_DENIED` naming the refused name and the rule;
 *   `BAD_CSR` for no DNS name or a malformed one; `INVALID_OPTION` for a bad
 *   zone, allowed domain, role or `maxNames` (configuration errors).
 */
export function checkCertificatePolicy(input: CertificatePolicyInput): string[] {
  const { identity, role, zone, allowedDomains, maxNames = MAX_CERTIFICATE_NAMES } = input;
  const names: CsrNames = Array.isArray(input.names)
    ? { commonName: undefined, dnsNames: input.names, ipAddresses: [], otherSans: [] }
    : (input.names as CsrNames);
  const suffix = configured(() => internalSuffix(zone));
  if (!Number.isSafeInteger(maxNames) || maxNames < 1) {
    throw new PkiError('INVALID_OPTION', `maxNames must be a whole number > 0, got ${maxNames}`);
  }
  const who = `${identity} (${role})`;
  const deny = (name: string, why: string): PkiError =>
    new PkiError('POLICY_DENIED', `${who} may not get a certificate for ${JSON.stringify(name)}: ${why}`);
  if (nodeOfAgentIdentity(identity) === undefined) {
    throw new PkiError('POLICY_DENIED', `${who} may not get a certificate: only agent-<node> identities do`);
  }
  const [other] = names.otherSans;
  if (other !== undefined) throw deny(other, 'certificates carry DNS names only');
  const [ip] = names.ipAddresses;
  if (ip !== undefined) throw deny(ip, 'IP addresses are never certified; use a DNS name');
  const wildcard = names.dnsNames.find((name) => name.includes('*'));
  if (wildcard !== undefined) throw deny(wildcard, 'wildcard names are never certified');
  if (names.dnsNames.length > maxNames) {
    throw new PkiError('POLICY_DENIED', `${who} may not get a certificate for more than ${maxNames} names`);
  }
  const approved = normalizeDnsNames(names.dnsNames, 'BAD_CSR', 'the CSR');
  for (const name of approved) {
    switch (role) {
      case 'worker':
      case 'master':
        if (!name.endsWith(`.${suffix}`)) throw deny(name, `${role}s only get names under ${suffix}`);
        break;
      case 'edge':
        checkEdgeName(name, allowedDomains, zone, deny);
        break;
      default:
        throw new PkiError('INVALID_OPTION', `role must be master, worker or edge, got ${String(role)}`);
    }
  }
  const cn = names.commonName;
  if (cn !== undefined && !approved.includes(cn.toLowerCase())) {
    throw deny(cn, 'the common name must be one of the subjectAltName DNS names');
  }
  return approved;
}

function checkEdgeName(
  name: string,
  allowedDomains: readonly string[],
  zone: string,
  deny: (name: string, why: string) => PkiError,
): void {
  try {
    validatePublicHostname(name, allowedDomains, { zone });
  } catch (error) {
    if (!(error instanceof EdgeError)) throw error;
    if (error.code === 'HOSTNAME_IS_INTERNAL') {
      throw deny(name, `internal names (under ${internalSuffix(zone)}) never go on edge certificates`);
    }
    if (error.code === 'HOSTNAME_NOT_ALLOWED') {
      const domains = allowedDomains.length === 0 ? 'none configured' : allowedDomains.join(', ');
      throw deny(name, `edge agents only get names under the allowed public domains (${domains})`);
    }
    // A bad allowed domain or zone: the master's configuration is at fault.
    throw new PkiError('INVALID_OPTION', error.message, { cause: error });
  }
}

function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof EdgeError)) throw error;
    throw new PkiError('INVALID_OPTION', error.message, { cause: error });
  }
}
