import { closestKey } from './closestKey.js';
import { compact } from './compact.js';
import { describeValue, isTable } from './describeValue.js';
import type { PathSegment } from './fieldPath.js';

/** A problem found while reading, before it is placed in a file. */
export interface RawIssue {
  segments: PathSegment[];
  message: string;
}

/** Reports a problem with a value, optionally below it (an array index, a map key). */
export type Report = (message: string, ...at: PathSegment[]) => void;

/**
 * Checks and converts one raw TOML value. Returns `undefined` after calling
 * `report` at least once when the value is not acceptable.
 */
export type FieldType<T> = (raw: unknown, report: Report) => T | undefined;

/** `T` while it is being read: any field may still be missing. */
export type Loose<T> = { [K in keyof T]: T[K] | undefined };

/**
 * Reads the fields of one TOML table, collecting every problem instead of
 * stopping at the first. Each accessor marks its key as known; `finish`
 * reports the keys nobody asked for, so a typo is never silently ignored.
 *
 * A table yields a value (from `finish`) only when nothing was reported
 * for it and every sub-table yielded one; cross-field rules therefore only
 * ever see complete values. The caller (see `parseDocument`) throws whenever any
 * issue was collected.
 */
export class TableReader {
  readonly #table: Readonly<Record<string, unknown>>;
  readonly #issues: RawIssue[];
  readonly #known = new Set<string>();
  #incomplete = false;

  constructor(
    readonly segments: readonly PathSegment[],
    table: Readonly<Record<string, unknown>>,
    issues: RawIssue[],
  ) {
    this.#table = table;
    this.#issues = issues;
  }

  /** Records a problem at this table, or below it; the table yields no value. */
  report(message: string, ...at: PathSegment[]): void {
    this.#issues.push({ segments: [...this.segments, ...at], message });
    this.#incomplete = true;
  }

  /** Whether `key` is set. Marks it as known. */
  has(key: string): boolean {
    this.#known.add(key);
    return this.#table[key] !== undefined;
  }

  /**
   * The value of `key` converted by `type`, or `undefined` when unset or
   * invalid; an invalid value makes this table incomplete.
   */
  optional<T>(key: string, type: FieldType<T>): T | undefined {
    if (!this.has(key)) return undefined;
    return type(this.#table[key], (message, ...at) => this.report(message, key, ...at));
  }

  /** The value of `key`, or `fallback` when it is unset. */
  withDefault<T>(key: string, type: FieldType<T>, fallback: T): T {
    return this.optional(key, type) ?? fallback;
  }

  /** The value of `key`; a missing or invalid value makes this table incomplete. */
  required<T>(key: string, type: FieldType<T>, missing = 'is required'): T | undefined {
    if (this.has(key)) return this.optional(key, type);
    this.report(missing, key);
    return undefined;
  }

  /**
   * Reads the sub-table `key` with `read` (an unset sub-table reads as
   * empty, so its defaults apply). A failed sub-table fails this one.
   */
  section<T>(key: string, read: (table: TableReader) => T | undefined): T | undefined {
    const raw = this.has(key) ? this.#table[key] : {};
    if (!isTable(raw)) {
      this.report(`must be a table, got ${describeValue(raw)}`, key);
      return undefined;
    }
    const value = read(new TableReader([...this.segments, key], raw, this.#issues));
    if (value === undefined) this.#incomplete = true;
    return value;
  }

  /**
   * Reads each table of the array of tables `key` (`[[key]]`) with `read`;
   * `undefined` when unset. Entries that could not be read are `undefined`
   * (indexes stay those of the file) and make this table incomplete.
   */
  list<T>(key: string, read: (table: TableReader) => T | undefined): (T | undefined)[] | undefined {
    if (!this.has(key)) return undefined;
    const raw = this.#table[key];
    if (!Array.isArray(raw)) {
      this.report(`must be an array of tables, got ${describeValue(raw)}`, key);
      return [];
    }
    return raw.map((item: unknown, index) => {
      if (!isTable(item)) this.report(`must be a table, got ${describeValue(item)}`, key, index);
      const value = isTable(item)
        ? read(new TableReader([...this.segments, key, index], item, this.#issues))
        : undefined;
      if (value === undefined) this.#incomplete = true;
      return value;
    });
  }

  /**
   * Reports unknown keys and returns `value` without its unset fields, or
   * `undefined` when a field or sub-table was missing or invalid.
   */
  finish<T extends object>(value: Loose<T>): T | undefined {
    for (const key of Object.keys(this.#table)) {
      if (this.#known.has(key)) continue;
      const suggestion = closestKey(key, this.#known);
      this.report(
        suggestion === undefined ? 'unknown key' : `unknown key (did you mean "${suggestion}"?)`,
        key,
      );
    }
    if (this.#incomplete) return undefined;
    return compact(value) as T;
  }
}
