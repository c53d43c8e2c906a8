const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const OPTIONS = /^[A-Za-z0-9=_.-]+(?:,[A-Za-z0-9=_.-]+)*$/;

/**
 * Checks a volume `"host:container[:options]"`: host is an absolute path or
 * a named volume, container an absolute path, options a comma-separated list
 * (`ro`, `Z`, ...). Returns why it is refused, or `undefined`.
 */
export function checkVolume(volume: string): string | undefined {
  const got = `got ${JSON.stringify(volume)}`;
  const parts = volume.split(':');
  const [host, container, options] = parts;
  if (parts.length < 2 || parts.length > 3 || host === undefined || container === undefined) {
    return `must be "host:container[:options]", ${got}`;
  }
  if (!host.startsWith('/') && !VOLUME_NAME.test(host)) {
    return `host part must be an absolute path or a volume name, ${got}`;
  }
  if (!container.startsWith('/')) return `container part must be an absolute path, ${got}`;
  if (options !== undefined && !OPTIONS.test(options)) {
    return `options must be a comma-separated list such as "ro,Z", ${got}`;
  }
  return undefined;
}
