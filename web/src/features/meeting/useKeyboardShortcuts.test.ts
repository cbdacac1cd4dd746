import { describe, expect, it } from 'vitest';
import { shortcutKey } from './useKeyboardShortcuts';

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) =>
  shortcutKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('shortcutKey', () => {
  it('treats ctrl and cmd alike', () => {
    expect(key('d', { ctrlKey: true })).toBe('ctrl+d');
    expect(key('D', { metaKey: true })).toBe('ctrl+d');
  });
  it('keeps named keys', () => {
    expect(key('Escape')).toBe('Escape');
    expect(key('e', { ctrlKey: true, shiftKey: true })).toBe('ctrl+shift+e');
  });
});
