import { ApiError } from '../../api';

export type FieldErrors = Partial<Record<'name' | 'username' | 'password' | 'form', string>>;

/** Maps an API failure to the field it concerns, so the form can show it in place. */
export function toFieldErrors(err: unknown): FieldErrors {
  if (!(err instanceof ApiError)) return { form: 'Something went wrong. Try again.' };
  if (err.code === 'username_taken') return { username: 'That username is taken. Try another.' };
  if (err.code === 'invalid_credentials') return { form: 'Wrong username or password.' };
  if (err.code === 'too_many_attempts') {
    const wait = err.retryAfterSeconds ? ` Try again in ${err.retryAfterSeconds} s.` : '';
    return { form: `Too many attempts.${wait}` };
  }
  if (err.field === 'name' || err.field === 'username' || err.field === 'password')
    return { [err.field]: err.message };
  return { form: err.message };
}
