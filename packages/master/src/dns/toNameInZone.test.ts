import { describe, expect, it } from '@jest/globals';
import { toNameInZone } from './toNameInZone.js';

const zone = 'svc.mcp.example.org';

describe('toNameInZone', () => {
  it.each([
    ['web.svc.mcp.example.org', 'web.svc.mcp.example.org'],
    ['Web.SVC.mcp.Example.org.', 'web.svc.mcp.example.org'],
    ['a.b.svc.mcp.example.org', 'a.b.svc.mcp.example.org'],
    ['_acme-challenge.web.svc.mcp.example.org', '_acme-challenge.web.svc.mcp.example.org'],
    ['x1-2.svc.mcp.example.org', 'x1-2.svc.mcp.example.org'],
    [`${'a'.repeat(63)}.svc.mcp.example.org`, `${'a'.repeat(63)}.svc.mcp.example.org`],
  ])('accepts %s as %s', (name, canonical) => {
    expect(toNameInZone(name, zone)).toBe(canonical);
  });

  it.each([
    ['outside the zone', 'web.example.org', /not inside the DNS zone svc\.mcp\.example\.org/],
    ['the apex', 'svc.mcp.example.org', /not inside/],
    ['a string suffix only', 'websvc.mcp.example.org', /not inside/],
    ['an empty name', '', /not a valid DNS name/],
    ['a lone dot', '.', /not a valid DNS name/],
    ['an empty label', 'a..svc.mcp.example.org', /not a valid DNS name/],
    ['a leading hyphen', '-a.svc.mcp.example.org', /not a valid DNS name/],
    ['a trailing hyphen', 'a-.svc.mcp.example.org', /not a valid DNS name/],
    ['a 64-character label', `${'a'.repeat(64)}.svc.mcp.example.org`, /not a valid DNS name/],
    ['more than 253 characters', `${'a.'.repeat(120)}svc.mcp.example.org`, /not a valid DNS name/],
    ['a space', 'a b.svc.mcp.example.org', /not a valid DNS name/],
    ['a newline', 'a.svc.mcp.example.org\nsend', /not a valid DNS name/],
    ['a wildcard', '*.svc.mcp.example.org', /not a valid DNS name/],
  ])('refuses %s', (_, name, message) => {
    expect(() => toNameInZone(name, zone)).toThrow(
      expect.objectContaining({ code: 'INVALID_NAME', message: expect.stringMatching(message) }),
    );
  });
});
