import { RuntimeError } from './RuntimeError.js';

/**
 * The one error a failed `podman pull` becomes: the image, the registry it
 * was to come from, and podman's final reason. podman retries a network
 * failure three times and prints each attempt as a warning before the
 * error; only the error is kept, without the `initializing source` prefix
 * that repeats the image.
 */
export function pullFailed(image: string, output: string): RuntimeError {
  const lines = output.split('\n').map((l) => l.trim());
  const last = lines.filter((l) => l.startsWith('Error: ')).at(-1) ?? lines.filter(Boolean).at(-1) ?? '';
  const reason =
    last
      .replace(/^Error: /, '')
      .replace(/^initializing source [^:]+:\/\/\S+?: /, '')
      .trim() || 'podman gave no reason';
  return new RuntimeError(
    'PULL_FAILED',
    `image ${image} could not be pulled from ${registryOf(image)}: ${reason}`,
  );
}

/**
 * Where podman looks for an image: the registry its reference names (a first
 * part with a dot or a port, or `localhost`), else the unqualified-search
 * registries of registries.conf.
 */
export function registryOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  const named = image.includes('/') && (/[.:]/.test(first) || first === 'localhost');
  return named ? `registry ${first}` : "the unqualified-search registries of podman's registries.conf";
}
