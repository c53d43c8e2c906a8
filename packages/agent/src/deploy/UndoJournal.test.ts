import { describe, expect, it } from '@jest/globals';
import { UndoJournal } from './UndoJournal.js';

describe('UndoJournal', () => {
  it('undoes newest first and forgets what it undid', async () => {
    const journal = new UndoJournal();
    const done: string[] = [];
    journal.record('release a port', () => void done.push('port'));
    journal.record('remove mcp-hello-web', () => Promise.resolve(void done.push('container')));
    journal.record('remove route r', () => void done.push('route'));
    expect(journal.size).toBe(3);
    expect(await journal.rollback()).toEqual([]);
    expect(done).toEqual(['route', 'container', 'port']);
    expect(journal.size).toBe(0);
    expect(await journal.rollback()).toEqual([]);
    expect(done).toHaveLength(3);
  });

  it('goes on past an undo that fails and reports each one that did', async () => {
    const journal = new UndoJournal();
    const done: string[] = [];
    journal.record('release a port', () => void done.push('port'));
    journal.record('restore mcp-hello-web', () => Promise.reject(new Error('podman rename failed: busy')));
    journal.record('remove mcp-hello-web', () => {
      throw new Error('podman rm failed: gone wrong');
    });
    expect(await journal.rollback()).toEqual([
      'could not remove mcp-hello-web: podman rm failed: gone wrong',
      'could not restore mcp-hello-web: podman rename failed: busy',
    ]);
    expect(done).toEqual(['port']);
  });
});
