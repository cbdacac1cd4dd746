/** Connection quality derived from two successive getStats() reports of one peer connection. */
export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface StatsSample {
  at: number;
  framesDecoded: number;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  roundTripTime: number | null;
}

export interface StatsSummary {
  sample: StatsSample;
  /** Fraction of packets lost since the previous sample, 0..1. */
  lossRate: number;
  framesPerSecond: number;
  kbps: number;
  quality: Quality;
}

type StatLike = Record<string, unknown> & { type: string; id: string };

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Works on an RTCStatsReport or any iterable of [id, stat] pairs (tests use a Map). */
export function sampleFromReport(
  report: { forEach(cb: (stat: StatLike) => void): void },
  at: number,
): StatsSample {
  const sample: StatsSample = {
    at,
    framesDecoded: 0,
    packetsReceived: 0,
    packetsLost: 0,
    bytesReceived: 0,
    roundTripTime: null,
  };
  report.forEach((stat) => {
    if (stat.type === 'inbound-rtp') {
      if (stat.kind === 'video') sample.framesDecoded += num(stat.framesDecoded);
      sample.packetsReceived += num(stat.packetsReceived);
      sample.packetsLost += num(stat.packetsLost);
      sample.bytesReceived += num(stat.bytesReceived);
    } else if (
      stat.type === 'candidate-pair' &&
      (stat.nominated === true || stat.selected === true) &&
      stat.state === 'succeeded' &&
      typeof stat.currentRoundTripTime === 'number'
    ) {
      sample.roundTripTime = stat.currentRoundTripTime;
    }
  });
  return sample;
}

export function classifyQuality(lossRate: number, rttSeconds: number | null): Quality {
  const rtt = rttSeconds ?? 0;
  if (lossRate >= 0.08 || rtt >= 0.6) return 'poor';
  if (lossRate >= 0.02 || rtt >= 0.3) return 'fair';
  return 'good';
}

export function summarize(prev: StatsSample | null, sample: StatsSample): StatsSummary {
  if (!prev || sample.at <= prev.at) {
    return { sample, lossRate: 0, framesPerSecond: 0, kbps: 0, quality: 'unknown' };
  }
  const seconds = (sample.at - prev.at) / 1000;
  const received = Math.max(0, sample.packetsReceived - prev.packetsReceived);
  const lost = Math.max(0, sample.packetsLost - prev.packetsLost);
  const lossRate = received + lost > 0 ? lost / (received + lost) : 0;
  return {
    sample,
    lossRate,
    framesPerSecond: Math.max(0, sample.framesDecoded - prev.framesDecoded) / seconds,
    kbps: (Math.max(0, sample.bytesReceived - prev.bytesReceived) * 8) / 1000 / seconds,
    quality: received + lost === 0 ? 'unknown' : classifyQuality(lossRate, sample.roundTripTime),
  };
}

/** The worst quality of a set: one bad link makes the call "poor" for the banner. */
export function worstQuality(qualities: Iterable<Quality>): Quality {
  const order: Quality[] = ['unknown', 'good', 'fair', 'poor'];
  let worst: Quality = 'unknown';
  for (const q of qualities) if (order.indexOf(q) > order.indexOf(worst)) worst = q;
  return worst;
}
