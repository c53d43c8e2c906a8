/** Every way reading a spec or config can fail. */
export type SpecErrorCode =
  /** The file is not valid TOML. */
  | 'SYNTAX'
  /** The TOML (or proto message) is well-formed but breaks a rule. */
  | 'INVALID'
  /** The file or directory could not be read. */
  | 'READ_FAILED'
  /** A spec a daemon stored earlier (a database row) no longer reads as a valid spec. */
  | 'CORRUPT_RECORD';

/** One problem with one field. */
export interface SpecIssue {
  /** The file, when the input came from one. */
  file?: string;
  /** 1-based line of the field (or of its table) in the file, when known. */
  line?: number;
  /** 1-based column; only TOML syntax errors carry one. */
  column?: number;
  /** Field path such as `components[0].routes[1].mode`; empty for the whole document. */
  path: string;
  /** Why the field is wrong, e.g. `must be "l4" or "l7", got "l8"`. */
  message: string;
}

/**
 * Formats one issue as `file:line[:column]: path: message`, leaving out the
 * parts that are unknown (`components[0].image: ...` for a proto message).
 */
export function formatIssue(issue: SpecIssue): string {
  let where = issue.file ?? '';
  if (issue.line !== undefined) {
    where += where === '' ? `line ${issue.line}` : `:${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  const parts = [where, issue.path, issue.message].filter((part) => part !== '');
  return parts.join(': ');
}

/**
 * A spec or config that could not be read. `issues` lists every problem found
 * (all of a file's problems are reported together); `message` has one line
 * per issue.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';

  constructor(
    readonly code: SpecErrorCode,
    readonly issues: readonly SpecIssue[],
    options?: { cause?: unknown },
  ) {
    super(issues.map(formatIssue).join('\n'), options);
  }
}
