import { describeValue, isTable } from './describeValue.js';
import type { FieldType, Report } from './TableReader.js';

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function quoteList(values: readonly string[]): string {
  const quoted = values.map((value) => JSON.stringify(value));
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}`;
}

function fail(report: Report, message: string): undefined {
  report(message);
  return undefined;
}

/** Any string. */
export const string: FieldType<string> = (raw, report) =>
  typeof raw === 'string' ? raw : fail(report, `must be a string, got ${describeValue(raw)}`);

/** `true` or `false`. */
export const boolean: FieldType<boolean> = (raw, report) =>
  typeof raw === 'boolean' ? raw : fail(report, `must be true or false, got ${describeValue(raw)}`);

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number): FieldType<number> {
  return (raw, report) =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max
      ? raw
      : fail(report, `must be an integer from ${min} to ${max}, got ${describeValue(raw)}`);
}

/** A number greater than `above` and less than `below`. */
export function between(above: number, below: number): FieldType<number> {
  return (raw, report) =>
    typeof raw === 'number' && raw > above && raw < below
      ? raw
      : fail(report, `must be a number between ${above} and ${below}, got ${describeValue(raw)}`);
}

/** One of the given strings. */
export function oneOf<const T extends string>(values: readonly T[]): FieldType<T> {
  return (raw, report) =>
    values.includes(raw as T)
      ? (raw as T)
      : fail(report, `must be ${quoteList(values)}, got ${describeValue(raw)}`);
}

/** A string accepted by `check`, which returns why it is refused or `undefined`. */
export function checked(check: (text: string) => string | undefined): FieldType<string> {
  return (raw, report) => {
    const text = string(raw, report);
    if (text === undefined) return undefined;
    const problem = check(text);
    return problem === undefined ? text : fail(report, problem);
  };
}

/** A string matching `test`, else refused with `${format}, got "..."`. */
export function matching(test: (text: string) => boolean, format: string): FieldType<string> {
  return checked((text) => (test(text) ? undefined : `${format}, got ${JSON.stringify(text)}`));
}

/** A string converted by `convert`, which answers `undefined` to refuse it with `format`. */
export function converted<T>(convert: (text: string) => T | undefined, format: string): FieldType<T> {
  return (raw, report) => {
    const text = string(raw, report);
    if (text === undefined) return undefined;
    const value = convert(text);
    return value === undefined ? fail(report, `${format}, got ${JSON.stringify(text)}`) : value;
  };
}

/** An array whose elements are each read by `item`; problems are reported per element. */
export function arrayOf<T>(item: FieldType<T>): FieldType<T[]> {
  return (raw, report) => {
    if (!Array.isArray(raw)) return fail(report, `must be an array, got ${describeValue(raw)}`);
    const values: T[] = [];
    raw.forEach((element: unknown, index) => {
      const value = item(element, (message, ...at) => report(message, index, ...at));
      if (value !== undefined) values.push(value);
    });
    return values.length === raw.length ? values : undefined;
  };
}

/** A table of strings whose keys pass `checkKey` (which returns why a key is refused). */
export function stringMap(checkKey: (key: string) => string | undefined): FieldType<Record<string, string>> {
  return (raw, report) => {
    if (!isTable(raw)) return fail(report, `must be a table, got ${describeValue(raw)}`);
    let ok = true;
    for (const [key, value] of Object.entries(raw)) {
      const problem =
        checkKey(key) ??
        (typeof value === 'string' ? undefined : `must be a string, got ${describeValue(value)}`);
      if (problem !== undefined) report(problem, key);
      ok &&= problem === undefined;
    }
    return ok ? { ...(raw as Record<string, string>) } : undefined;
  };
}
