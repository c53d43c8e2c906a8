/** A value as it appears in an error message: strings in double quotes, with control characters escaped. */
export function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
