import { formatPath, type PathSegment } from './fieldPath.js';

/**
 * Maps the field paths of a TOML document (`components[0].routes[1].mode`)
 * to the 1-based line where each key, table header or array element starts.
 *
 * smol-toml gives no positions for parsed values, so this re-reads the
 * source: table headers with a counter per array of tables, dotted keys,
 * quoted keys, inline tables and arrays (elements get their own paths).
 * It expects a document smol-toml has already accepted.
 */
export function locateKeys(source: string): Map<string, number> {
  return new KeyScanner(source).scan();
}

class KeyScanner {
  readonly #src: string;
  readonly #lines = new Map<string, number>();
  /** The last index of each array of tables seen so far. */
  readonly #arrays = new Map<string, number>();
  #pos = 0;
  /** The line of `#counted`; the scan only moves forward, so lines are counted once. */
  #line = 1;
  #counted = 0;

  constructor(source: string) {
    // A byte order mark is not a newline, so dropping it keeps every line.
    this.#src = source.replace(/^\uFEFF/, '');
  }

  scan(): Map<string, number> {
    let table: PathSegment[] = [];
    while (this.#skip()) {
      if (this.#peek() === '[') table = this.#header();
      else this.#keyValue(table);
    }
    return this.#lines;
  }

  #header(): PathSegment[] {
    const line = this.#lineHere();
    const isArray = this.#src.startsWith('[[', this.#pos);
    this.#pos += isArray ? 2 : 1;
    const keys = this.#keys();
    this.#pos += isArray ? 2 : 1;
    const path: PathSegment[] = [];
    keys.forEach((key, i) => {
      path.push(key);
      const name = formatPath(path);
      if (isArray && i === keys.length - 1) {
        const index = (this.#arrays.get(name) ?? -1) + 1;
        this.#arrays.set(name, index);
        this.#mark(path, line);
        path.push(index);
      } else {
        const index = this.#arrays.get(name);
        if (index !== undefined) path.push(index);
      }
      this.#mark(path, line);
    });
    return path;
  }

  #keyValue(table: readonly PathSegment[]): void {
    const line = this.#lineHere();
    const path = [...table];
    for (const key of this.#keys()) {
      path.push(key);
      this.#mark(path, line);
    }
    this.#pos++; // '='
    this.#value(path);
  }

  /** A dotted key (`a."b c".d`), stopping before `=` or `]`. */
  #keys(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.#skip(false);
      const quote = this.#peek();
      if (quote === '"' || quote === "'") {
        const raw = this.#string();
        keys.push(quote === "'" ? raw : decodeBasic(raw));
      } else {
        const start = this.#pos;
        while (/[A-Za-z0-9_-]/.test(this.#peek())) this.#pos++;
        keys.push(this.#src.slice(start, this.#pos));
      }
      this.#skip(false);
      if (this.#peek() !== '.') return keys;
      this.#pos++;
    }
  }

  #value(path: readonly PathSegment[]): void {
    this.#skip(false);
    const c = this.#peek();
    if (c === '"' || c === "'") this.#string();
    else if (c === '[' || c === '{') this.#container(path, c === '[');
    else while (this.#pos < this.#src.length && !/[,\]}#\r\n]/.test(this.#peek())) this.#pos++;
  }

  /** An array (elements are `path[i]`) or an inline table (keys below `path`). */
  #container(path: readonly PathSegment[], isArray: boolean): void {
    this.#pos++;
    for (let index = 0; ; index++) {
      const start = this.#skip() ? this.#pos : Infinity;
      if (this.#peek() === (isArray ? ']' : '}') || start === Infinity) break;
      if (isArray) {
        this.#mark([...path, index], this.#lineHere());
        this.#value([...path, index]);
      } else this.#keyValue(path);
      this.#skip();
      if (this.#peek() === ',' || this.#pos === start) this.#pos++;
    }
    this.#pos++;
  }

  /** Skips any string form; returns its raw content (escapes left as written). */
  #string(): string {
    const quote = this.#peek();
    const delimiter = this.#src.startsWith(quote.repeat(3), this.#pos) ? quote.repeat(3) : quote;
    this.#pos += delimiter.length;
    const start = this.#pos;
    while (this.#pos < this.#src.length && !this.#src.startsWith(delimiter, this.#pos)) {
      this.#pos += this.#peek() === '\\' && quote === '"' ? 2 : 1;
    }
    const end = this.#pos;
    this.#pos += delimiter.length;
    // A multi-line string may end in up to two quotes of its own: """a"""".
    while (delimiter.length === 3 && this.#peek() === quote) this.#pos++;
    return this.#src.slice(start, end);
  }

  /** Skips blanks, and also newlines and comments unless `acrossLines` is false. */
  #skip(acrossLines = true): boolean {
    for (;;) {
      const c = this.#peek();
      if (c === ' ' || c === '\t' || (acrossLines && (c === '\n' || c === '\r'))) this.#pos++;
      else if (acrossLines && c === '#')
        while (this.#pos < this.#src.length && this.#peek() !== '\n') this.#pos++;
      else return this.#pos < this.#src.length;
    }
  }

  #peek(): string {
    return this.#src[this.#pos] ?? '';
  }

  #mark(path: readonly PathSegment[], line: number): void {
    const name = formatPath(path);
    if (!this.#lines.has(name)) this.#lines.set(name, line);
  }

  /** The line the scan is on. */
  #lineHere(): number {
    for (; this.#counted < this.#pos; this.#counted++) if (this.#src[this.#counted] === '\n') this.#line++;
    return this.#line;
  }
}

function decodeBasic(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
