import { describe, expect, it } from 'vitest';
import { classifyMediaError, describeFailure, MediaAccessError } from './devices';

const named = (name: string) => Object.assign(new Error(name), { name });

describe('media errors', () => {
  it('classifies getUserMedia failures', () => {
    expect(classifyMediaError(named('NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(named('NotFoundError'))).toBe('not_found');
    expect(classifyMediaError(named('NotReadableError'))).toBe('busy');
    expect(classifyMediaError(named('Weird'))).toBe('unknown');
    expect(classifyMediaError('nope')).toBe('unknown');
  });

  it('tells a denied camera apart, with a way forward', () => {
    const err = new MediaAccessError('camera', 'denied');
    expect(err.message).toMatch(/blocked/);
    expect(err.message).toMatch(/join without it/);
    expect(describeFailure('microphone', 'busy')).toMatch(/in use/);
  });
});
