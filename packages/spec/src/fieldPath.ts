/** One step of a field path: a key of a table or an index into an array. */
export type PathSegment = string | number;

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Writes a field path the way people read TOML: `components[0].routes[1].mode`.
 * Keys that are not bare TOML keys are quoted: `env."my key"`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = BARE_KEY.test(segment) ? segment : JSON.stringify(segment);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}
