import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { isUrgent } from '../runtime/urgency.js';
import { inspectServices } from './inspectServices.js';
import { Lifecycle } from './Lifecycle.js';
import { createDeployHarness, type DeployHarness } from './testing/createDeployHarness.js';
import { IMAGES, service } from './testing/specs.js';

// PodmanRuntime runs urgent commands at the agent's niceness and the rest
// under `nice` (PodmanRuntime.test.ts); here, which commands are urgent.
describe('which runtime calls an operator waits on', () => {
  let h: DeployHarness;
  let lifecycle: Lifecycle;
  /** Each runtime call since the last look, as `<op> <urgent|bookkeeping>`. */
  let seen: string[] = [];
  const look = () => {
    const calls = [...new Set(seen)].sort();
    seen = [];
    return calls;
  };
  beforeAll(async () => {
    h = await createDeployHarness({ images: Object.values(IMAGES) });
    lifecycle = new Lifecycle(h.ctx);
    const enter = h.runtime.faults.enter.bind(h.runtime.faults);
    jest.spyOn(h.runtime.faults, 'enter').mockImplementation((op, subject) => {
      seen.push(`${op} ${isUrgent() ? 'urgent' : 'bookkeeping'}`);
      enter(op, subject);
    });
  });
  afterAll(() => h.close());

  it('a deploy, a stop, a start, a restart and an undeploy are urgent; after a switch, retiring is not', async () => {
    expect((await h.deployer.deploy(service())).success).toBe(true);
    expect(look()).toEqual(['imageExists urgent', 'inspect urgent', 'pull urgent', 'run urgent']);
    // A rolling redeploy: urgent up to the switch; the old container's retirement after it
    // (is the successor there, remove the old, give the successor its name) is bookkeeping.
    expect((await h.deployer.deploy(service({ web: IMAGES.v2 }))).success).toBe(true);
    expect(look()).toEqual([
      'imageExists urgent',
      'inspect bookkeeping',
      'list urgent',
      'pull urgent',
      'remove bookkeeping',
      'rename bookkeeping',
      'run urgent',
    ]);
    expect((await h.deployer.setRunning('hello', false))?.success).toBe(true);
    expect((await h.deployer.setRunning('hello', true))?.success).toBe(true);
    expect((await lifecycle.restart('hello'))?.success).toBe(true);
    const lifecycleCalls = look();
    expect(lifecycleCalls).toEqual(expect.arrayContaining(['stop urgent', 'start urgent', 'restart urgent']));
    expect(lifecycleCalls.filter((c) => !c.endsWith(' urgent'))).toEqual([]);

    // What the monitor and status do meanwhile is bookkeeping, also right after an urgent call.
    await inspectServices(h.ctx);
    expect(look()).toEqual(['list bookkeeping']);

    expect((await lifecycle.undeploy('hello'))?.success).toBe(true);
    expect(look()).toEqual(['remove urgent', 'stop urgent']);
  });
});
