import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildTestImage, TEST_IMAGE_PORT } from './buildTestImage.js';
import { createPodmanSandbox, type PodmanSandbox } from './createPodmanSandbox.js';
import { freePort } from './freePort.js';
import { waitFor } from './waitFor.js';

const fetchText = async (url: string) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok ? response.text() : undefined;
};

describe('buildTestImage', () => {
  jest.setTimeout(20_000);
  let sandbox: PodmanSandbox;
  beforeAll(async () => (sandbox = await createPodmanSandbox()));
  afterAll(() => sandbox.stop());

  it.each([
    ['v1.0.0', {}, 'hello from v1.0.0\n'],
    ['v1.0.1', { PORT: '9090' }, 'hello from v1.0.1\n'],
    ['v1.0.2', { MESSAGE: 'www: the public site' }, 'www: the public site\n'],
  ])(
    '%s runs httpd that announces its version (or $MESSAGE) on loopback',
    async (version, env: Record<string, string>, expected) => {
      const image = await buildTestImage(sandbox, { tag: `localhost/mcp-test/httpd:${version}` });
      expect(image).toMatchObject({ ref: `localhost/mcp-test/httpd:${version}`, version });
      expect(image.id).toMatch(/^[0-9a-f]{64}$/);

      const port = await freePort();
      const containerPort = env.PORT ?? String(TEST_IMAGE_PORT);
      const envArgs = Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]);
      await sandbox.podman([
        'run',
        '--detach',
        '--name',
        `web-${version}`,
        '--publish',
        `127.0.0.1:${port}:${containerPort}`,
        ...envArgs,
        image.ref,
      ]);
      const body = await waitFor(() => fetchText(`http://127.0.0.1:${port}/`), { description: 'httpd' });
      expect(body).toBe(expected);
      expect(await fetchText(`http://127.0.0.1:${port}/healthz`)).toBe('ok\n');
    },
  );

  it('stops promptly on SIGTERM', async () => {
    const image = await buildTestImage(sandbox);
    await sandbox.podman(['run', '--detach', '--name', 'stoppable', image.ref]);
    const started = performance.now();
    await sandbox.podman(['stop', '--time', '10', 'stoppable']);
    expect(performance.now() - started).toBeLessThan(5000); // not the 10 s of a SIGKILL fallback
  });
});
