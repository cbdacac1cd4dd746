import { describe, expect, it } from 'vitest';
import { formatDuration, formatWhen } from './format';

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(12 * 60 + 5)).toBe('12 min');
    expect(formatDuration(3900)).toBe('1 h 05 min');
  });
  it('shows a dash when unknown', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatWhen', () => {
  const now = new Date('2026-05-10T15:00:00');
  it('says today and yesterday', () => {
    expect(formatWhen(new Date('2026-05-10T09:30:00').toISOString(), now, 'en-GB')).toMatch(
      /^Today, 09:30/,
    );
    expect(formatWhen(new Date('2026-05-09T09:30:00').toISOString(), now, 'en-GB')).toMatch(
      /^Yesterday/,
    );
  });
  it('falls back to a date, and to nothing for garbage', () => {
    expect(formatWhen(new Date('2026-03-02T10:00:00').toISOString(), now, 'en-GB')).toMatch(
      /2 Mar/,
    );
    expect(formatWhen('nope', now)).toBe('');
  });
});
