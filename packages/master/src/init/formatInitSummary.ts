import type { InitSummary } from './initFleet.js';

/**
 * The summary as a table for people: one line per file, the counts, then
 * per node how to start it with its starter config and which files it
 * reads, at the same paths.
 */
export function formatInitSummary(summary: InitSummary): string {
  const lines = summary.files.map(({ path, status }) => `${status.padEnd(8)} ${path}`);
  const created = summary.files.filter(({ status }) => status === 'created').length;
  const kept = summary.files.length - created;
  const next = summary.starters.flatMap((s) => [
    '',
    s.for === 'master'
      ? `the master: mcp-master run --config ${s.config}`
      : `agent ${s.for}: mcp-agent --config ${s.config}`,
    `  reads ${s.needs.join(' ')}`,
  ]);
  return [
    `${'STATUS'.padEnd(8)} FILE`,
    ...lines,
    '',
    `${created} created, ${kept} kept`,
    ...(next.length
      ? [
          '',
          'Next, on each node (with the files it reads copied there, at the same paths):',
          ...next.slice(1),
        ]
      : []),
    '',
  ].join('\n');
}
