import { afterEach, describe, expect, it } from '@jest/globals';
import { ignoreIpServerNameWarning } from './ignoreIpServerNameWarning.js';

const listeners = process.listeners('warning');
afterEach(() => {
  process.removeAllListeners('warning');
  for (const l of listeners) process.on('warning', l);
});

describe('ignoreIpServerNameWarning', () => {
  it('drops DEP0123 and passes every other warning on', () => {
    const lines: string[] = [];
    ignoreIpServerNameWarning('mcp-agent', (l) => lines.push(l));
    process.emit(
      'warning',
      Object.assign(new Error('Setting the TLS ServerName to an IP address'), { code: 'DEP0123' }),
    );
    process.emit('warning', Object.assign(new Error('something else'), { code: 'DEP0999' }));
    expect(lines).toEqual(['mcp-agent: warning: something else\n']);
  });
});
