import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '@mcp/daemon-kit';
import { AGENT_MIGRATIONS } from '../store/migrations.js';

/** What `mcp-agent --self-check` found. */
export interface SelfCheckResult {
  ok: boolean;
  /** One line per finding, for people. */
  lines: string[];
}

/**
 * Opens `<dataDir>/mcp.db` read-only and checks it can serve this agent: its
 * schema is not newer than this agent knows, and SQLite's quick_check passes.
 * Without a database yet, applies every migration to an in-memory one instead,
 * so SQLite is still exercised. Changes nothing on disk.
 */
export function selfCheck(dataDir: string): SelfCheckResult {
  const path = join(dataDir, 'mcp.db');
  const known = AGENT_MIGRATIONS.length;
  if (!existsSync(path)) {
    const db = openDatabase(':memory:', { migrations: AGENT_MIGRATIONS, owner: 'mcp-agent' });
    db.close();
    return {
      ok: true,
      lines: [`database ${path}: none yet; SQLite works (schema ${known} applied in memory)`],
    };
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: true });
  } catch (error) {
    return { ok: false, lines: [`database ${path}: cannot open: ${(error as Error).message}`] };
  }
  try {
    const { v } = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const schema = v ?? 0;
    const check = String((db.prepare('PRAGMA quick_check').get() as { quick_check: unknown }).quick_check);
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM services').get() as { n: number };
    const newer = schema > known;
    return {
      ok: !newer && check === 'ok',
      lines: [
        `database ${path}: schema ${schema} (this agent knows ${known}), ${n} services, quick_check ${check}`,
        ...(newer
          ? [`database schema ${schema} is newer than this mcp-agent's ${known}: it would refuse to start`]
          : []),
      ],
    };
  } catch (error) {
    return { ok: false, lines: [`database ${path}: ${(error as Error).message}`] };
  } finally {
    db.close();
  }
}
