/** The widest help text, in columns; also what the build renders `mcp --help` at. */
export const MAX_HELP_WIDTH = 100;

/** Help text width for a terminal of `columns` (undefined when not a terminal): its width, at most the maximum. */
export function helpWidth(columns: number | undefined): number {
  return Math.min(MAX_HELP_WIDTH, columns || MAX_HELP_WIDTH);
}
