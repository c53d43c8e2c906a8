import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDeployHarness, type DeployHarness } from './testing/createDeployHarness.js';
import { IMAGES, certId, host, service } from './testing/specs.js';

const harness = () => createDeployHarness({ images: Object.values(IMAGES) });
const HOUR = 3_600_000;

describe('refreshProxy', () => {
  let h: DeployHarness;
  beforeAll(async () => {
    h = await harness();
    await h.deployer.deploy(service());
  });
  afterAll(() => h.close());

  it('puts back what a proxy restarted empty lost', async () => {
    const served = h.state();
    h.proxy.restartEmpty();
    expect(await h.deployer.refreshProxy('hello')).toEqual(['2 proxy entries added']);
    expect(h.state()).toEqual(served);
    expect(await h.deployer.refreshProxy('hello')).toEqual([]);
  });

  it('renews a certificate once a third of its lifetime is left, and loads it', async () => {
    const loaded = h.proxy.certificates.get(certId('web'))!.certPem;
    h.clock.advance(7 * HOUR);
    expect(await h.deployer.refreshProxy('hello')).toEqual([]);
    h.clock.advance(2 * HOUR);
    expect(await h.deployer.refreshProxy('hello')).toEqual([
      `issued ${host('web')}`,
      '1 proxy entries added',
    ]);
    expect(h.proxy.certificates.get(certId('web'))!.certPem).not.toBe(loaded);
  });

  it('removes the 503 route a stop that failed part-way left in front of the service', async () => {
    h.runtime.faults.fail('stop');
    expect((await h.deployer.setRunning('hello', false))?.success).toBe(false);
    h.runtime.faults.heal();
    expect(h.state().routes).toContain('mcp-stopped.hello.web -> 503');
    expect(await h.deployer.refreshProxy('hello')).toEqual([
      '1 proxy entries added',
      '1 stopped routes removed',
    ]);
    expect(h.state().routes).toEqual(['mcp-route.hello.web -> 127.0.0.1:20000']);
  });

  it('leaves a stopped service alone', async () => {
    await h.deployer.setRunning('hello', false);
    h.proxy.restartEmpty();
    expect(await h.deployer.refreshProxy('hello')).toEqual([]);
    expect(h.proxy.routes.size).toBe(0);
  });
});

describe('a stored record that cannot be read back', () => {
  let h: DeployHarness;
  beforeAll(async () => {
    h = await harness();
    await h.deployer.deploy(service());
    const state = h.store.getService('hello')!;
    h.store.putService({
      ...state,
      service: { ...state.service, specJson: '{"name": "hello", "colour": 1}' },
    });
  });
  afterAll(() => h.close());

  it.each<[string, (h: DeployHarness) => Promise<unknown>]>([
    ['setRunning', (h) => h.deployer.setRunning('hello', false)],
    ['refreshProxy', (h) => h.deployer.refreshProxy('hello')],
  ])('%s refuses it with CORRUPT_RECORD, touching nothing', async (_, call) => {
    const before = h.state();
    await expect(call(h)).rejects.toMatchObject({
      code: 'CORRUPT_RECORD',
      message: expect.stringContaining("the agent's record of service hello is unreadable"),
    });
    expect(h.state()).toEqual(before);
  });
});
