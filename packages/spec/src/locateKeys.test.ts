import { describe, expect, it } from '@jest/globals';
import { locateKeys } from './locateKeys.js';

describe('locateKeys', () => {
  it.each<[string, string, Record<string, number>]>([
    ['top-level keys', 'a = 1\n\nb = "x"\n', { a: 1, b: 3 }],
    [
      'tables and keys in them',
      '[server]\nlisten = "x"\n\n[auth]\nissuer = "mcp"\n',
      { server: 1, 'server.listen': 2, auth: 4, 'auth.issuer': 5 },
    ],
    [
      'arrays of tables with a counter each, nested ones per parent',
      '[[c]]\nn = 1\n[[c.r]]\np = 1\n[[c.r]]\np = 2\n[[c]]\nn = 2\n[[c.r]]\np = 3\n',
      {
        c: 1,
        'c[0]': 1,
        'c[0].n': 2,
        'c[0].r': 3,
        'c[0].r[0]': 3,
        'c[0].r[0].p': 4,
        'c[0].r[1].p': 6,
        'c[1].n': 8,
        'c[1].r[0].p': 10,
      },
    ],
    [
      'a sub-table of an array element',
      '[[c]]\nn = 1\n[c.env]\nX = "1"\n',
      { 'c[0].env': 3, 'c[0].env.X': 4 },
    ],
    ['dotted keys', 'a.b.c = 1\n[t]\nx.y = 2\n', { a: 1, 'a.b': 1, 'a.b.c': 1, 't.x.y': 3 }],
    [
      'quoted keys',
      '"a b" = 1\n\'c.d\' = 2\n"e\\"f" = 3\n[ t . "u v" ]\nk = 4\n',
      { '"a b"': 1, '"c.d"': 2, '"e\\"f"': 3, 't."u v".k': 5 },
    ],
    [
      'multi-line arrays, element by element',
      'v = [\n  "a", # one\n  "b",\n]\nw = 1\n',
      { v: 1, 'v[0]': 2, 'v[1]': 3, w: 5 },
    ],
    ['inline tables, nested', 'e = { A = "1", B = { C = 2 } }\n', { e: 1, 'e.A': 1, 'e.B.C': 1 }],
    [
      'arrays of inline tables across lines',
      'r = [\n  { p = 1 },\n  { p = 2, m = "l4" },\n]\n',
      { 'r[0]': 2, 'r[0].p': 2, 'r[1].m': 3 },
    ],
    [
      'multi-line strings do not hide or invent keys',
      's = """\nfake = 1\n"""\nt = \'\'\'\n[x]\n\'\'\'\nu = """a""""\nv = 1\n',
      { s: 1, t: 4, u: 7, v: 8 },
    ],
    ['escaped quotes in strings', 's = "a\\"b = 1"\nt = 2\n', { s: 1, t: 2 }],
    ['comments and blank lines', '# c\n\n  a = 1 # c\n# [x]\nb = 2\n', { a: 3, b: 5 }],
    ['dates with a space, and CRLF', 'd = 1979-05-27 07:32:00Z\r\ne = 1\r\n', { d: 1, e: 2 }],
    ['a byte order mark', '\uFEFFa = 1\nb = 2\n', { a: 1, b: 2 }],
    [
      'arrays of tables inside a table',
      '[a]\n[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n',
      { 'a.b[0].x': 3, 'a.b[1].x': 5 },
    ],
  ])('%s', (_, source, expected) => {
    const lines = locateKeys(source);
    for (const [path, line] of Object.entries(expected))
      expect([path, lines.get(path)]).toEqual([path, line]);
  });

  it('gives no line to what is not in the file', () => {
    expect(locateKeys('a = 1\n').get('b')).toBeUndefined();
  });
});
