import type { InitSummary } from './initFleet.js';

/** The summary as a table for people: one line per file, then the counts. */
export function formatInitSummary(summary: InitSummary): string {
  const lines = summary.files.map(({ path, status }) => `${status.padEnd(8)} ${path}`);
  const created = summary.files.filter(({ status }) => status === 'created').length;
  const kept = summary.files.length - created;
  return [`${'STATUS'.padEnd(8)} FILE`, ...lines, '', `${created} created, ${kept} kept`, ''].join('\n');
}
