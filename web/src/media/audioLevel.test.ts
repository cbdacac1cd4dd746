import { describe, expect, it } from 'vitest';
import { ActiveSpeakerDetector } from './activeSpeaker';
import { meterScale, rmsLevel } from './audioLevel';

describe('rmsLevel', () => {
  it('is 0 for silence and 1 for a full-scale square wave', () => {
    expect(rmsLevel(new Uint8Array(64).fill(128))).toBe(0);
    expect(rmsLevel(Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 0 : 255)))).toBeCloseTo(
      1,
      1,
    );
  });
  it('meter scale is monotonic and clamped', () => {
    expect(meterScale(0)).toBe(0);
    expect(meterScale(1)).toBe(1);
    expect(meterScale(0.1)).toBeGreaterThan(meterScale(0.01));
  });
});

describe('ActiveSpeakerDetector', () => {
  it('picks the loudest participant above the threshold', () => {
    const d = new ActiveSpeakerDetector(0.05, 300, 1500);
    expect(
      d.update(
        new Map([
          ['a', 0.01],
          ['b', 0.02],
        ]),
        0,
      ),
    ).toBeNull();
    expect(
      d.update(
        new Map([
          ['a', 0.3],
          ['b', 0.1],
        ]),
        100,
      ),
    ).toBe('a');
  });

  it('needs a challenger to stay loudest before switching', () => {
    const d = new ActiveSpeakerDetector(0.05, 300, 1500);
    d.update(new Map([['a', 0.3]]), 0);
    expect(
      d.update(
        new Map([
          ['a', 0.1],
          ['b', 0.4],
        ]),
        100,
      ),
    ).toBe('a');
    expect(
      d.update(
        new Map([
          ['a', 0.1],
          ['b', 0.4],
        ]),
        450,
      ),
    ).toBe('b');
  });

  it('holds the highlight through short silence, then drops it', () => {
    const d = new ActiveSpeakerDetector(0.05, 300, 1500);
    d.update(new Map([['a', 0.3]]), 0);
    expect(d.update(new Map([['a', 0]]), 1000)).toBe('a');
    expect(d.update(new Map([['a', 0]]), 2000)).toBeNull();
  });

  it('forgets a speaker who left', () => {
    const d = new ActiveSpeakerDetector();
    d.update(new Map([['a', 0.3]]), 0);
    expect(d.update(new Map([['b', 0]]), 10)).toBeNull();
  });
});
