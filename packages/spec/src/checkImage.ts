const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/**
 * Checks a container image reference (`[registry[:port]/]path[:tag][@digest]`):
 * it must carry an explicit tag other than `latest`, or a digest, so that a
 * deploy runs exactly what the file says. Returns why it is refused, or
 * `undefined` when it is acceptable.
 */
export function checkImage(image: string): string | undefined {
  const got = `got ${JSON.stringify(image)}`;
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const named = at === -1 ? image : image.slice(0, at);
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const name = tag === undefined ? named : named.slice(0, colon);
  const components = name.split('/');
  // The first component is a registry when it looks like a host (docker's rule).
  const first = components[0]!;
  if (components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!DOMAIN.test(components.shift()!)) return `has an invalid registry host, ${got}`;
  }
  if (!components.every((component) => PATH_COMPONENT.test(component))) {
    return `must be an image reference such as "docker.io/library/busybox:1.36" (lowercase name), ${got}`;
  }
  if (tag !== undefined && !TAG.test(tag)) return `has an invalid tag, ${got}`;
  if (digest !== undefined) return DIGEST.test(digest) ? undefined : `has an invalid digest, ${got}`;
  if (tag === undefined) return `must carry an explicit tag (e.g. "busybox:1.36") or a digest, ${got}`;
  if (tag === 'latest') return `must not use the tag "latest"; pin a version or a digest, ${got}`;
  return undefined;
}
