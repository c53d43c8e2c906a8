import { join } from 'node:path';

/** `~` and `~/rest` resolved against `home`; any other path is returned as is. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}
