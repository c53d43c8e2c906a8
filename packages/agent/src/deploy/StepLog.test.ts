import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { StepLog } from './StepLog.js';
import { createDeployHarness, type DeployHarness } from './testing/createDeployHarness.js';
import { IMAGES, service } from './testing/specs.js';

describe('StepLog', () => {
  it('records each step and how long it took, a failed one too, adding up a step run twice', async () => {
    const log = new StepLog();
    await log.run('images', async () => {
      await sleep(20);
      return { detail: 'present' };
    });
    await expect(
      log.run('containers', async () => {
        await sleep(5);
        throw new Error('no');
      }),
    ).rejects.toThrow('containers: no');
    await log.run('images', () => Promise.resolve({ detail: 'again' }));
    expect(log.steps.map((s) => [s.step, s.success])).toEqual([
      ['images', true],
      ['containers', false],
      ['images', true],
    ]);
    expect(Object.keys(log.ms)).toEqual(['images', 'containers']);
    expect(log.ms.images).toBeGreaterThanOrEqual(15);
    expect(log.ms.containers).toBeGreaterThanOrEqual(1);
  });
});

describe("the agent's log of a deploy", () => {
  let h: DeployHarness | undefined;
  afterEach(() => h?.close());

  it('says how long each step took, and the clean-up after the switch apart', async () => {
    const lines: Record<string, unknown>[] = [];
    h = await createDeployHarness({ images: [IMAGES.v1, IMAGES.v2] });
    h.ctx.logger = pino(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    await h.deployer.deploy(service());
    await h.deployer.deploy(service({ web: IMAGES.v2 }));
    const deployed = lines.filter((l) => l.msg === 'service deployed');
    expect(deployed).toHaveLength(2);
    expect(Object.keys(deployed[1]!.ms as object)).toEqual([
      'images',
      'ports',
      'certificates',
      'containers',
      'routes',
      'cleanup',
    ]);
  });
});
