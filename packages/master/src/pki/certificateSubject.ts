import type { X509 } from './x509.js';

/**
 * A subject (or issuer) name with only a common name, built as JSON so a
 * comma or equals sign in `commonName` cannot add attributes the way the
 * string form (`CN=a, O=b`) would.
 */
export function certificateSubject(commonName: string): X509.JsonName {
  return [{ CN: [commonName] }];
}
