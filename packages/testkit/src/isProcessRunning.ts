import { readFileSync } from 'node:fs';

/**
 * Tells whether `pid` names a live process: false when it is gone or a zombie (on this
 * machine PID 1 does not reap orphans, so a dead daemon may linger as a zombie).
 */
export function isProcessRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // The state follows the command name, which is in parentheses and may contain spaces.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}
