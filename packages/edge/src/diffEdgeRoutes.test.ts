import { describe, expect, it } from '@jest/globals';
import { diffEdgeRoutes } from './diffEdgeRoutes.js';
import { catchEdgeError } from './testing/catchEdgeError.js';
import type { EdgeRoute } from './types.js';

interface StoredRoute extends EdgeRoute {
  readonly certSerial?: string;
  readonly certExpiry?: string;
}

const route = (hostname: string, extra: Partial<StoredRoute> = {}): StoredRoute => ({
  hostname,
  backendHostname: `${hostname.split('.')[0]!}.svc.mcp.metacircular.net`,
  backendPort: 443,
  edgeNode: 'svc',
  ...extra,
});

const hostnames = (routes: readonly EdgeRoute[]): string[] => routes.map((r) => r.hostname);

describe('diffEdgeRoutes', () => {
  it.each<
    [string, StoredRoute[], StoredRoute[], Record<'add' | 'update' | 'remove' | 'unchanged', string[]>]
  >([
    ['nothing at all', [], [], { add: [], update: [], remove: [], unchanged: [] }],
    ['a new route', [route('a.m.net')], [], { add: ['a.m.net'], update: [], remove: [], unchanged: [] }],
    ['a stale route', [], [route('a.m.net')], { add: [], update: [], remove: ['a.m.net'], unchanged: [] }],
    [
      'an equal route',
      [route('a.m.net')],
      [route('a.m.net')],
      { add: [], update: [], remove: [], unchanged: ['a.m.net'] },
    ],
    [
      'certificate fields only',
      [route('a.m.net')],
      [route('a.m.net', { certSerial: '01', certExpiry: '2026-01-01' })],
      { add: [], update: [], remove: [], unchanged: ['a.m.net'] },
    ],
    [
      'hostname case only',
      [route('A.m.net')],
      [route('a.m.net', { backendHostname: 'A.SVC.mcp.metacircular.net' })],
      { add: [], update: [], remove: [], unchanged: ['a.m.net'] },
    ],
    [
      'a changed port',
      [route('a.m.net', { backendPort: 8443 })],
      [route('a.m.net')],
      { add: [], update: ['a.m.net'], remove: [], unchanged: [] },
    ],
    [
      'a mix, sorted by hostname whatever the input order',
      [route('d.m.net'), route('b.m.net', { edgeNode: 'svc2' }), route('a.m.net'), route('c.m.net')],
      [route('e.m.net'), route('c.m.net'), route('b.m.net'), route('0.m.net')],
      {
        add: ['a.m.net', 'd.m.net'],
        update: ['b.m.net'],
        remove: ['0.m.net', 'e.m.net'],
        unchanged: ['c.m.net'],
      },
    ],
  ])('%s', (_, desired, actual, expected) => {
    const diff = diffEdgeRoutes(desired, actual);
    expect({
      add: hostnames(diff.add),
      update: diff.update.map((u) => u.desired.hostname),
      remove: hostnames(diff.remove),
      unchanged: hostnames(diff.unchanged),
    }).toEqual(expected);
    expect(diffEdgeRoutes([...desired].reverse(), [...actual].reverse())).toEqual(diff);
  });

  it.each<[string, Partial<StoredRoute>, string[]]>([
    ['backend hostname', { backendHostname: 'other.svc.mcp.metacircular.net' }, ['backendHostname']],
    ['backend port', { backendPort: 8443 }, ['backendPort']],
    ['edge node', { edgeNode: 'svc2' }, ['edgeNode']],
    [
      'everything',
      { backendHostname: 'x.svc.mcp.metacircular.net', backendPort: 1, edgeNode: 'e' },
      ['backendHostname', 'backendPort', 'edgeNode'],
    ],
  ])('names a changed %s and carries both routes', (_, change, changed) => {
    const desired = route('a.m.net', change);
    const actual = route('a.m.net', { certSerial: '01' });
    expect(diffEdgeRoutes([desired], [actual]).update).toEqual([{ desired, actual, changed }]);
  });

  it.each<[string, StoredRoute[], StoredRoute[], string[], string[]]>([
    [
      'keeps the matching copy',
      [route('a.m.net', { edgeNode: 'svc2' })],
      [
        route('a.m.net', { edgeNode: 'svc' }),
        route('a.m.net', { edgeNode: 'svc2' }),
        route('a.m.net', { edgeNode: 'svc3' }),
      ],
      ['svc', 'svc3'],
      ['unchanged:svc2'],
    ],
    [
      'else the copy on the desired edge node',
      [route('a.m.net', { edgeNode: 'svc2', backendPort: 1 })],
      [route('a.m.net', { edgeNode: 'svc3' }), route('a.m.net', { edgeNode: 'svc2' })],
      ['svc3'],
      ['update:svc2'],
    ],
    [
      'else the first copy by edge node',
      [route('a.m.net', { edgeNode: 'new' })],
      [route('a.m.net', { edgeNode: 'svc3' }), route('a.m.net', { edgeNode: 'svc2' })],
      ['svc3'],
      ['update:svc2'],
    ],
    [
      'removes every copy nobody wants',
      [],
      [route('a.m.net', { edgeNode: 'b' }), route('a.m.net', { edgeNode: 'a' })],
      ['a', 'b'],
      [],
    ],
  ])('with a hostname listed twice in actual, %s', (_, desired, actual, removed, kept) => {
    const diff = diffEdgeRoutes(desired, actual);
    expect(diff.remove.map((r) => r.edgeNode)).toEqual(removed);
    expect([
      ...diff.unchanged.map((r) => `unchanged:${r.edgeNode}`),
      ...diff.update.map((u) => `update:${u.actual.edgeNode}`),
    ]).toEqual(kept);
  });

  it.each<[string, StoredRoute[]]>([
    ['exact duplicates', [route('a.m.net'), route('a.m.net')]],
    ['duplicates that differ in case', [route('a.m.net'), route('A.M.NET', { backendPort: 1 })]],
  ])('refuses desired routes with %s', (_, desired) => {
    const error = catchEdgeError(() => diffEdgeRoutes(desired, []));
    expect(error.code).toBe('DUPLICATE_ROUTE');
    expect(error.message).toContain('twice');
  });
});
