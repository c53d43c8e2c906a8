import { busyboxRootfsTar, type BusyboxRootfsOptions } from './busyboxRootfsTar.js';
import type { PodmanSandbox } from './createPodmanSandbox.js';
import { TestkitError } from './TestkitError.js';

export interface BuildTestImageOptions extends BusyboxRootfsOptions {
  /** Image reference. Default 'localhost/mcp-test/httpd:v1.0.0'. */
  tag?: string;
}

/** An image in a sandbox's storage. */
export interface TestImage {
  /** The reference it was tagged with, e.g. 'localhost/mcp-test/httpd:v1.0.1'. */
  ref: string;
  /** The tag part of `ref` (e.g. 'v1.0.1'): the version the container announces. */
  version: string;
  /** Full image id (sha256 hex). */
  id: string;
}

/** Port the image's httpd listens on unless the container sets PORT. */
export const TEST_IMAGE_PORT = 8080;

/**
 * Imports the busybox rootfs into `sandbox` as `tag`, offline. A container from it runs busybox
 * httpd on port `$PORT` (default 8080) serving `/` as "hello from <version>\n" (the tag, from
 * MCP_VERSION_TAG), or as `$MESSAGE` when the container sets it, and `/healthz` as "ok\n", and
 * exits promptly on SIGTERM.
 * Throws `TestkitError('COMMAND_FAILED')` if podman refuses.
 */
export async function buildTestImage(
  sandbox: PodmanSandbox,
  options: BuildTestImageOptions = {},
): Promise<TestImage> {
  const { tag = 'localhost/mcp-test/httpd:v1.0.0', ...rootfsOptions } = options;
  const version = tag.slice(tag.lastIndexOf(':') + 1);
  if (!tag.includes(':') || version.includes('/')) {
    throw new TestkitError('COMMAND_FAILED', `image tag ${tag} has no :version`);
  }
  const tarball = await busyboxRootfsTar(rootfsOptions);
  // sh stays PID 1 with a trap: as PID 1, httpd would ignore SIGTERM and `podman stop`
  // would wait its full timeout before SIGKILL.
  const script =
    'trap "exit 0" TERM INT; ' +
    'echo "${MESSAGE:-hello from $MCP_VERSION_TAG}" > /www/index.html && echo ok > /www/healthz && ' +
    `httpd -f -p "\${PORT:-${TEST_IMAGE_PORT}}" -h /www & wait`;
  const { stdout } = await sandbox.podman([
    'import',
    '--quiet',
    '--change',
    `ENV MCP_VERSION_TAG=${version}`,
    '--change',
    `EXPOSE ${TEST_IMAGE_PORT}`,
    '--change',
    `CMD ${JSON.stringify(['/bin/sh', '-c', script])}`,
    tarball,
    tag,
  ]);
  return { ref: tag, version, id: stdout.trim().replace(/^sha256:/, '') };
}
