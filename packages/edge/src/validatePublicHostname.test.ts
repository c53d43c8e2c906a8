import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EdgeError } from './EdgeError.js';
import { catchEdgeError } from './testing/catchEdgeError.js';
import { validatePublicHostname } from './validatePublicHostname.js';

const allowed = ['metacircular.net'];

describe('validatePublicHostname', () => {
  it.each<[string, string[], string]>([
    ['metacircular.net', allowed, 'metacircular.net'],
    ['a.metacircular.net', allowed, 'a.metacircular.net'],
    ['A.Metacircular.NET', allowed, 'a.metacircular.net'],
    ['deep.er.metacircular.net', allowed, 'deep.er.metacircular.net'],
    ['xn--bcher-kva.metacircular.net', allowed, 'xn--bcher-kva.metacircular.net'],
    ['www.example.org', ['metacircular.net', 'Example.ORG'], 'www.example.org'],
  ])('accepts %s', (hostname, domains, name) => {
    expect(validatePublicHostname(hostname, domains)).toBe(name);
  });

  it.each<[string, string, string]>([
    [
      'evilmetacircular.net',
      'HOSTNAME_NOT_ALLOWED',
      'hostname "evilmetacircular.net" is not under an allowed domain (metacircular.net)',
    ],
    ['metacircular.net.evil.com', 'HOSTNAME_NOT_ALLOWED', 'is not under an allowed domain'],
    ['metacircular.netx', 'HOSTNAME_NOT_ALLOWED', 'is not under an allowed domain'],
    ['net', 'HOSTNAME_NOT_ALLOWED', 'is not under an allowed domain'],
    ['metacircular.net.', 'INVALID_HOSTNAME', 'ends with a dot'],
    ['*.metacircular.net', 'INVALID_HOSTNAME', 'wildcard'],
    ['a..metacircular.net', 'INVALID_HOSTNAME', 'empty label'],
    ['-a.metacircular.net', 'INVALID_HOSTNAME', 'starts or ends with a hyphen'],
    ['bücher.metacircular.net', 'INVALID_HOSTNAME', 'non-ASCII'],
    ['a_b.metacircular.net', 'INVALID_HOSTNAME', 'outside a-z'],
    ['', 'INVALID_HOSTNAME', 'hostname "" is empty'],
  ])('refuses %j', (hostname, code, message) => {
    const error = catchEdgeError(() => validatePublicHostname(hostname, allowed));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('allows nothing when no domain is configured', () => {
    expect(catchEdgeError(() => validatePublicHostname('a.metacircular.net', [])).message).toContain(
      '(none configured)',
    );
  });

  it.each<[string, string[], string | undefined, string]>([
    [
      'a malformed allowed domain, even for a good name',
      ['metacircular.net', '*.x.net'],
      undefined,
      'INVALID_ALLOWED_DOMAIN',
    ],
    ['a malformed zone', allowed, 'bad..zone', 'INVALID_ZONE'],
  ])('refuses configuration with %s', (_, domains, zone, code) => {
    expect(catchEdgeError(() => validatePublicHostname('a.metacircular.net', domains, { zone })).code).toBe(
      code,
    );
  });

  it.each<[string, string]>([
    ['api.svc.mcp.metacircular.net', 'HOSTNAME_IS_INTERNAL'],
    ['svc.mcp.metacircular.net', 'HOSTNAME_IS_INTERNAL'],
    ['API.SVC.mcp.metacircular.net', 'HOSTNAME_IS_INTERNAL'],
  ])('with a zone, refuses internal name %s', (hostname, code) => {
    const error = catchEdgeError(() =>
      validatePublicHostname(hostname, allowed, { zone: 'metacircular.net' }),
    );
    expect(error.code).toBe(code);
    expect(error.message).toContain('internal names never go on edge certificates');
  });

  it.each(['mcp.metacircular.net', 'svc.metacircular.net', 'xsvc.mcp.metacircular.net'])(
    'with a zone, still accepts look-alike %s',
    (hostname) => {
      expect(validatePublicHostname(hostname, allowed, { zone: 'metacircular.net' })).toBe(hostname);
    },
  );
});

describe('validatePublicHostname properties', () => {
  const domains = ['metacircular.net', 'ex-ample.org'];
  const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

  // Pieces an attacker might glue around an allowed domain.
  const noise = fc.constantFrom(
    '',
    '.',
    '..',
    'a',
    'A',
    'a.',
    'Www.',
    'xn--bcher-kva.',
    'evil',
    'evil.',
    '.evil',
    '-',
    '_',
    '*',
    '*.',
    'x-',
    '-x',
    ' ',
    '\t',
    '\u0000',
    '/',
    ':',
    '@',
    '\u212A',
    'ü',
    'İ',
    '\u3002',
    '\uFF0E',
    '\u200B',
    'xn--',
    'com',
    '.com',
    'net',
    '0',
    '1.2.3.4',
    'a'.repeat(64),
    '%2e',
  );
  const nearMiss = fc.constantFrom(
    'metacircular.net',
    'Metacircular.Net',
    'METACIRCULAR.NET',
    'metacircular.ne',
    'etacircular.net',
    'metacircularnet',
    'metacircular.net.',
    'metacircular..net',
    'metacırcular.net',
    'metacircular.org',
    'ex-ample.org',
    'example.org',
    'ex-ample.or',
    'EX-AMPLE.ORG',
    'net',
    'org',
    '',
  );
  const tail = fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: fc.array(noise, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  );
  const flipCase = (text: string, mask: number): string =>
    [...text]
      .map((c, i) =>
        (mask >> (i % 31)) & 1 ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c,
      )
      .join('');
  const candidate = fc
    .tuple(fc.array(noise, { maxLength: 4 }), nearMiss, tail, fc.option(fc.nat()))
    .map(([before, domain, after, mask]) => {
      const raw = before.join('') + domain + after;
      return mask === null ? raw : flipCase(raw, mask);
    });

  /** An independent statement of the rule: what an accepted name must look like. */
  function isLegitimate(raw: string, accepted: string): boolean {
    if (!/^[\x21-\x7e]+$/.test(raw) || accepted !== raw.toLowerCase()) return false;
    if (accepted.length > 253) return false;
    if (!accepted.split('.').every((label) => label.length <= 63 && LABEL.test(label))) return false;
    return domains.some((d) => accepted === d || accepted.endsWith(`.${d}`));
  }

  it('never accepts a name outside the allowed domains, and only ever throws EdgeError', () => {
    fc.assert(
      fc.property(candidate, (raw) => {
        let accepted: string;
        try {
          accepted = validatePublicHostname(raw, domains);
        } catch (error) {
          return error instanceof EdgeError;
        }
        return isLegitimate(raw, accepted);
      }),
      { numRuns: 5000 },
    );
  });

  it('never accepts arbitrary strings that break the rule', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (raw) => {
        try {
          return isLegitimate(raw, validatePublicHostname(raw, domains));
        } catch (error) {
          return error instanceof EdgeError;
        }
      }),
      { numRuns: 2000 },
    );
  });

  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
  const upperSome = (text: string, mask: number): string =>
    [...text].map((c, i) => ((mask >> (i % 31)) & 1 ? c.toUpperCase() : c)).join('');

  it('accepts every name built from valid labels under an allowed domain', () => {
    fc.assert(
      fc.property(
        fc.array(label, { maxLength: 4 }),
        fc.constantFrom(...domains),
        fc.nat(),
        (labels, domain, mask) => {
          const name = [...labels, domain].join('.');
          fc.pre(name.length <= 253);
          expect(validatePublicHostname(upperSome(name, mask), domains)).toBe(name);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
