import { parse, TomlError } from 'smol-toml';
import { formatPath } from './fieldPath.js';
import { locateKeys } from './locateKeys.js';
import { SpecError, type SpecIssue } from './SpecError.js';
import { TableReader, type RawIssue } from './TableReader.js';

/**
 * Parses TOML `source` and reads it with `read`. Throws one SpecError for
 * everything wrong: `SYNTAX` for malformed TOML (with line and column),
 * `INVALID` with every issue found, each placed on the line of its key (or
 * of the nearest enclosing table) and sorted by line.
 */
export function parseDocument<T>(
  source: string,
  file: string | undefined,
  read: (root: TableReader) => T | undefined,
): T {
  let raw: Record<string, unknown>;
  try {
    raw = parse(source);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const message = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new SpecError('SYNTAX', [{ file, line: error.line, column: error.column, path: '', message }], {
      cause: error,
    });
  }
  return readChecked(raw, read, file, source);
}

/**
 * Reads an already parsed value with `read` and throws `INVALID` listing
 * every issue; with `source`, issues are placed on lines of it.
 */
export function readChecked<T>(
  raw: Record<string, unknown>,
  read: (root: TableReader) => T | undefined,
  file?: string,
  source?: string,
): T {
  const issues: RawIssue[] = [];
  const value = read(new TableReader([], raw, issues));
  if (value !== undefined && issues.length === 0) return value;
  const lines = source === undefined ? undefined : locateKeys(source);
  const placed = issues.map((issue): SpecIssue => {
    const line = lines === undefined ? undefined : findLine(lines, issue);
    return {
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
      path: formatPath(issue.segments),
      message: issue.message,
    };
  });
  // Issues with no line concern the document as a whole; they come first.
  placed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new SpecError('INVALID', placed);
}

/** The line of the issue's field, else of the nearest enclosing field that has one. */
function findLine(lines: Map<string, number>, issue: RawIssue): number | undefined {
  for (let length = issue.segments.length; length > 0; length--) {
    const line = lines.get(formatPath(issue.segments.slice(0, length)));
    if (line !== undefined) return line;
  }
  return undefined;
}
