/** Left-aligned columns, two spaces apart; the header row in capitals. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(headers.map((h) => h.toUpperCase())), ...rows.map(format)].join('\n');
}

const STEP_WIDTH = 12;

/**
 * A step result as `ok   containers   created mcp-hello-web`; a multi-line
 * error (podman's output, say) continues indented under the step.
 */
export function stepLine(step: { step: string; success: boolean; error: string; detail: string }): string {
  const mark = step.success ? 'ok  ' : 'FAIL';
  const lines = (step.success ? step.detail : step.error).trim().split('\n');
  const indent = ' '.repeat(mark.length + STEP_WIDTH + 2);
  const first = `${mark} ${step.step.padEnd(STEP_WIDTH)} ${lines[0] ?? ''}`.trimEnd();
  return [first, ...lines.slice(1).map((l) => `${indent}${l.trim()}`)].join('\n');
}

/** JSON for scripts: dates as ISO strings, stable two-space indent. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Date ? v.toISOString() : v), 2);
}

/** `3m`-style age for tables; `-` for no date. */
export function age(date: Date | undefined, now: Date): string {
  if (!date) return '-';
  const s = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** `2026-11-27 13:35 UTC`, or `-`. */
export function utcMinute(date: Date | undefined): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '-';
}
