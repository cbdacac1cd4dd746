import { describe, expect, it } from 'vitest';
import { meetingLink, parseMeetingCode } from './meetingCode';

describe('parseMeetingCode', () => {
  it('accepts codes in any case and spacing', () => {
    expect(parseMeetingCode('abc-defg-hij')).toBe('abc-defg-hij');
    expect(parseMeetingCode(' ABC DEFG HIJ ')).toBe('abc-defg-hij');
    expect(parseMeetingCode('abcdefghij')).toBe('abc-defg-hij');
  });
  it('extracts the code from a pasted link', () => {
    expect(parseMeetingCode('https://meet.example.org:8443/m/abc-defg-hij?pwd=1')).toBe(
      'abc-defg-hij',
    );
  });
  it('rejects anything else', () => {
    expect(parseMeetingCode('')).toBeNull();
    expect(parseMeetingCode('abc-defg')).toBeNull();
    expect(parseMeetingCode('https://x.org/other/abc')).toBeNull();
    expect(parseMeetingCode('abc-defg-hi1')).toBeNull();
  });
  it('builds links on the given origin', () => {
    expect(meetingLink('abc-defg-hij', 'https://p.test')).toBe('https://p.test/m/abc-defg-hij');
  });
});
