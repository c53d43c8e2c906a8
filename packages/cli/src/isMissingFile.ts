/** Whether `error` (or its cause, as in a `SpecError` `READ_FAILED`) is ENOENT. */
export function isMissingFile(error: unknown): boolean {
  // Duck-typed rather than `instanceof Error`: system errors may come from another realm (jest's VM).
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 'ENOENT') return true;
  }
  return false;
}
