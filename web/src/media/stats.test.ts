import { describe, expect, it } from 'vitest';
import { classifyQuality, sampleFromReport, summarize, worstQuality } from './stats';

function report(stats: Record<string, unknown>[]) {
  return new Map(stats.map((s, i) => [String(i), { id: String(i), ...s }])) as unknown as {
    forEach(cb: (s: Record<string, unknown> & { type: string; id: string }) => void): void;
  };
}

describe('stats', () => {
  it('sums inbound video frames and reads the selected pair RTT', () => {
    const s = sampleFromReport(
      report([
        {
          type: 'inbound-rtp',
          kind: 'video',
          framesDecoded: 30,
          packetsReceived: 100,
          packetsLost: 0,
          bytesReceived: 1000,
        },
        {
          type: 'inbound-rtp',
          kind: 'audio',
          packetsReceived: 50,
          packetsLost: 2,
          bytesReceived: 500,
        },
        { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.05 },
      ]),
      1000,
    );
    expect(s).toMatchObject({
      framesDecoded: 30,
      packetsReceived: 150,
      packetsLost: 2,
      roundTripTime: 0.05,
    });
  });

  it('computes loss and frame rate between samples', () => {
    const a = {
      at: 0,
      framesDecoded: 0,
      packetsReceived: 0,
      packetsLost: 0,
      bytesReceived: 0,
      roundTripTime: 0.02,
    };
    const b = {
      at: 2000,
      framesDecoded: 48,
      packetsReceived: 90,
      packetsLost: 10,
      bytesReceived: 50000,
      roundTripTime: 0.02,
    };
    const sum = summarize(a, b);
    expect(sum.framesPerSecond).toBe(24);
    expect(sum.lossRate).toBeCloseTo(0.1);
    expect(sum.quality).toBe('poor');
    expect(sum.kbps).toBe(200);
  });

  it('is unknown without a previous sample or traffic', () => {
    const a = {
      at: 0,
      framesDecoded: 0,
      packetsReceived: 0,
      packetsLost: 0,
      bytesReceived: 0,
      roundTripTime: null,
    };
    expect(summarize(null, a).quality).toBe('unknown');
    expect(summarize(a, { ...a, at: 1000 }).quality).toBe('unknown');
  });

  it('classifies by loss and RTT, and the worst link wins', () => {
    expect(classifyQuality(0, 0.05)).toBe('good');
    expect(classifyQuality(0.03, 0.05)).toBe('fair');
    expect(classifyQuality(0, 0.7)).toBe('poor');
    expect(worstQuality(['good', 'fair', 'unknown'])).toBe('fair');
    expect(worstQuality([])).toBe('unknown');
  });
});
