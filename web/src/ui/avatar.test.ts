import { describe, expect, it } from 'vitest';
import { avatarColor, initials } from './avatar';

describe('avatar helpers', () => {
  it('initials take first and last names', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace  ')).toBe('G');
    expect(initials('')).toBe('?');
    expect(initials('Jean Paul Sartre')).toBe('JS');
  });
  it('colour is stable per id', () => {
    expect(avatarColor('abc')).toBe(avatarColor('abc'));
  });
});
