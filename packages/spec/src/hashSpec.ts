import { createHash } from 'node:crypto';
import type { ComponentSpec, ServiceSpec } from './serviceTypes.js';

/**
 * The canonical JSON of a validated spec: keys sorted at every level, unset
 * fields left out, components sorted by name and routes by name (both are
 * unique, and their order in the file means nothing). Volumes and cmd keep
 * their order, which does matter.
 */
export function canonicalSpecJson(spec: ServiceSpec): string {
  const byName = <T extends { name?: string }>(a: T, b: T): number => compare(a.name ?? '', b.name ?? '');
  const components = [...spec.components]
    .sort(byName)
    .map((component): ComponentSpec => ({ ...component, routes: [...component.routes].sort(byName) }));
  return canonicalJson({ ...spec, components });
}

/**
 * A stable SHA-256 (hex) of a validated spec, for change detection: the
 * order of keys, components, routes and env entries in the TOML, and writing
 * a default explicitly or not, do not change it; any other change does.
 */
export function hashSpec(spec: ServiceSpec): string {
  return createHash('sha256').update(canonicalSpecJson(spec)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => compare(a, b));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Code-unit order, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
