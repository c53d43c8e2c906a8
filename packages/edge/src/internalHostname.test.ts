import { describe, expect, it } from '@jest/globals';
import { internalHostname, internalSuffix } from './internalHostname.js';
import { catchEdgeError } from './testing/catchEdgeError.js';

describe('internalSuffix', () => {
  it.each<[string, string]>([
    ['metacircular.net', 'svc.mcp.metacircular.net'],
    ['Metacircular.Net', 'svc.mcp.metacircular.net'],
    ['test', 'svc.mcp.test'],
  ])('%s → %s', (zone, suffix) => {
    expect(internalSuffix(zone)).toBe(suffix);
  });

  it.each<[string, string]>([
    ['', 'zone "" is empty'],
    ['metacircular.net.', 'ends with a dot'],
    ['*.net', 'wildcard'],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}`, 'leaves no room'],
  ])('refuses zone %j', (zone, message) => {
    const error = catchEdgeError(() => internalSuffix(zone));
    expect(error.code).toBe('INVALID_ZONE');
    expect(error.message).toContain(message);
  });
});

describe('internalHostname', () => {
  it.each<[string, string, string]>([
    ['api', 'metacircular.net', 'api.svc.mcp.metacircular.net'],
    ['Web-1', 'Metacircular.NET', 'web-1.svc.mcp.metacircular.net'],
    ['0', 'test', '0.svc.mcp.test'],
  ])('%s in %s → %s', (component, zone, name) => {
    expect(internalHostname(component, zone)).toBe(name);
  });

  it.each<[string, unknown, string, string, string]>([
    ['an empty component', '', 'z.net', 'INVALID_COMPONENT', 'component "" is not a DNS label: it is empty'],
    ['a dotted component', 'a.b', 'z.net', 'INVALID_COMPONENT', 'has a character outside'],
    ['an underscore', 'my_api', 'z.net', 'INVALID_COMPONENT', 'has a character outside'],
    ['a leading hyphen', '-api', 'z.net', 'INVALID_COMPONENT', 'starts or ends with a hyphen'],
    ['a long label', 'a'.repeat(64), 'z.net', 'INVALID_COMPONENT', 'longer than 63'],
    ['a Kelvin sign', '\u212A', 'z.net', 'INVALID_COMPONENT', 'has a character outside'],
    ['a non-string', 7, 'z.net', 'INVALID_COMPONENT', 'component must be a string, got number'],
    [
      'a name too long in total',
      'a'.repeat(63),
      `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}`,
      'INVALID_COMPONENT',
      'longer than 253',
    ],
    ['a bad zone', 'api', 'bad..zone', 'INVALID_ZONE', 'zone "bad..zone" has an empty label'],
  ])('refuses %s', (_, component, zone, code, message) => {
    const error = catchEdgeError(() => internalHostname(component as string, zone));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });
});
