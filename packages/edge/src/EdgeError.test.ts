import { describe, expect, it } from '@jest/globals';
import { EdgeError } from './EdgeError.js';

describe('EdgeError', () => {
  it.each<[ConstructorParameters<typeof EdgeError>[2], unknown, string | undefined]>([
    [undefined, undefined, undefined],
    [{ field: 'backend_port' }, undefined, 'backend_port'],
    [{ cause: 'root' }, 'root', undefined],
  ])('carries code, message, field and cause (%j)', (options, cause, field) => {
    const error = new EdgeError('INVALID_PORT', 'backend_port: bad', options);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('EdgeError');
    expect(error.code).toBe('INVALID_PORT');
    expect(error.message).toBe('backend_port: bad');
    expect(error.field).toBe(field);
    expect(error.cause).toBe(cause);
    expect('cause' in error).toBe(cause !== undefined);
  });
});
