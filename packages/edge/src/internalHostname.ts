import { dnsLabelProblem, serviceSuffix } from '@mcp/names';
import { EdgeError } from './EdgeError.js';
import { asciiLowerCase, fail, MAX_HOSTNAME_LENGTH, quote, requireHostname } from './hostnameSyntax.js';

/**
 * The suffix every internal name ends in: `svc.mcp.<zone>`, lowercased.
 *
 * @throws EdgeError `INVALID_ZONE` if `zone` is not a valid hostname or leaves no room for a label in front of the suffix.
 */
export function internalSuffix(zone: string): string {
  const suffix = serviceSuffix(requireHostname(zone, { text: 'zone' }, 'INVALID_ZONE'));
  // An internal name needs at least "x." in front of the suffix.
  if (suffix.length + 2 > MAX_HOSTNAME_LENGTH) {
    throw new EdgeError(
      'INVALID_ZONE',
      `zone ${quote(zone)} is too long: ${quote(suffix)} leaves no room for a component label`,
    );
  }
  return suffix;
}

/**
 * The internal name of a component: `<component>.svc.mcp.<zone>`, lowercased,
 * e.g. `internalHostname('api', 'metacircular.net')` is
 * `api.svc.mcp.metacircular.net`.
 *
 * @throws EdgeError `INVALID_ZONE` for a bad zone; `INVALID_COMPONENT` if `component` is not a single DNS label or the name would exceed 253 characters.
 */
export function internalHostname(component: string, zone: string): string {
  const suffix = internalSuffix(zone);
  const subject = { text: 'component' };
  if (typeof component !== 'string') throw fail('INVALID_COMPONENT', subject, component, '');
  const label = asciiLowerCase(component);
  const problem = dnsLabelProblem(label);
  if (problem !== undefined) {
    throw fail('INVALID_COMPONENT', subject, component, `is not a DNS label: it ${problem}`);
  }
  const name = `${label}.${suffix}`;
  if (name.length > MAX_HOSTNAME_LENGTH) {
    throw fail(
      'INVALID_COMPONENT',
      subject,
      component,
      `makes ${quote(name)} longer than ${MAX_HOSTNAME_LENGTH} characters`,
    );
  }
  return name;
}
