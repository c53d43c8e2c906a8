import { describe, expect, it } from '@jest/globals';
import { StepDisplay } from './StepDisplay.js';

const ok = (step: string, detail = '') => ({ step, success: true, error: '', detail });

describe('StepDisplay', () => {
  it('prints one plain line per finished step when not on a terminal', () => {
    let out = '';
    const display = new StepDisplay({ write: (t: string) => (out += t) }, false, [
      'placement',
      'deploy',
      'dns',
    ]);
    display.start();
    display.step(ok('placement', 'orion (least-loaded)'));
    display.step({ step: 'deploy', success: false, error: 'podman pull failed', detail: '' });
    display.stop();
    expect(out).toBe('ok   placement    orion (least-loaded)\nFAIL deploy       podman pull failed\n');
  });

  it('on a terminal, shows the step in progress and redraws it in place', () => {
    let out = '';
    const display = new StepDisplay({ write: (t: string) => (out += t) }, true, [
      'placement',
      'deploy',
      'dns',
    ]);
    display.start();
    expect(out).toMatch(/\r\x1b\[2K. placement \.\.\.$/);
    display.step(ok('placement', 'orion'));
    expect(out).toMatch(/ok {3}placement +orion\n\r\x1b\[2K. deploy \.\.\.$/);
    display.step(ok('deploy'));
    display.step(ok('dns'));
    display.stop();
    // Nothing is left half-drawn: the last thing written clears the spinner line.
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
    expect(out).toContain('ok   dns');
  });
});
