import { readChecked } from './parseDocument.js';
import { readServiceSpec } from './readServiceSpec.js';
import type { ServiceSpec } from './serviceTypes.js';
import { SpecError } from './SpecError.js';

/**
 * Reads back a spec a daemon stored as `JSON.stringify(spec)` (the master's
 * placements, the agent's service records), checking it with exactly the
 * rules of a service file. A row written by an older version, or damaged,
 * becomes a clear error here instead of a crash later.
 *
 * @param what names the record in the message, e.g. `the master's record of service hello`.
 * @throws SpecError `CORRUPT_RECORD` saying what is wrong with the record.
 */
export function readStoredSpec(json: string, what: string): ServiceSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw corrupt(what, 'it is not JSON', error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw corrupt(what, 'it is not a JSON object');
  }
  try {
    return readChecked(asWritten(raw as Record<string, unknown>), (root) => readServiceSpec(root));
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    throw corrupt(what, error.message.split('\n').join('; '), error);
  }
}

function corrupt(what: string, why: string, cause?: unknown): SpecError {
  return new SpecError(
    'CORRUPT_RECORD',
    [{ path: '', message: `${what} is unreadable (${why}); deploy the service again to rewrite it` }],
    { cause },
  );
}

const HEALTH_TIMINGS = ['interval', 'timeout', 'deadline', 'drain'] as const;

/**
 * The stored JSON as a service file would say it: a spec holds its health
 * timings as milliseconds, a file as duration strings.
 */
function asWritten(raw: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(raw.components)) return raw;
  const components: unknown[] = raw.components.map((component: unknown) => {
    if (typeof component !== 'object' || component === null) return component;
    const { health } = component as { health?: unknown };
    if (typeof health !== 'object' || health === null) return component;
    const timings = { ...(health as Record<string, unknown>) };
    for (const key of HEALTH_TIMINGS) {
      const ms = timings[key];
      if (typeof ms === 'number' && Number.isInteger(ms) && ms >= 0) timings[key] = `${ms}ms`;
    }
    return { ...component, health: timings };
  });
  return { ...raw, components };
}
