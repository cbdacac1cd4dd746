import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/http';
import { toFieldErrors } from './fieldErrors';

describe('toFieldErrors', () => {
  it('puts a field error on its field', () => {
    expect(toFieldErrors(new ApiError(400, 'invalid', 'Too short', 'password'))).toEqual({
      password: 'Too short',
    });
  });
  it('maps known codes to friendly text', () => {
    expect(toFieldErrors(new ApiError(409, 'username_taken', 'x')).username).toMatch(/taken/);
    expect(toFieldErrors(new ApiError(401, 'invalid_credentials', 'x')).form).toMatch(/Wrong/);
    expect(toFieldErrors(new ApiError(429, 'too_many_attempts', 'x', undefined, 30)).form).toMatch(
      /30 s/,
    );
  });
  it('falls back to a form-level message', () => {
    expect(toFieldErrors(new Error('boom')).form).toBeDefined();
    expect(toFieldErrors(new ApiError(500, 'internal', 'Server error')).form).toBe('Server error');
  });
});
