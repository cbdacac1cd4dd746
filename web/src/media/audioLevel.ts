/** RMS level (0..1) of 8-bit time-domain samples centred on 128, as AnalyserNode gives them. */
export function rmsLevel(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) {
    const v = (s - 128) / 128;
    sum += v * v;
  }
  return Math.min(1, Math.sqrt(sum / samples.length));
}

/** Maps a raw level to 0..1 on a perceptual (roughly logarithmic) scale for meters. */
export function meterScale(level: number): number {
  if (level <= 0.001) return 0;
  const db = 20 * Math.log10(level); // -60..0
  return Math.max(0, Math.min(1, (db + 60) / 60));
}

/** Samples the level of a local audio track with WebAudio, `hz` times a second. */
export class AudioLevelMeter {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private source: MediaStreamAudioSourceNode | null = null;

  constructor(
    private readonly track: MediaStreamTrack,
    private readonly onLevel: (level: number) => void,
    private readonly hz = 15,
  ) {}

  start(): void {
    if (this.ctx) return;
    const ctx = new AudioContext();
    this.ctx = ctx;
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    this.source = ctx.createMediaStreamSource(new MediaStream([this.track]));
    this.source.connect(analyser);
    const buf = new Uint8Array(analyser.fftSize);
    this.timer = setInterval(() => {
      analyser.getByteTimeDomainData(buf);
      this.onLevel(this.track.enabled ? rmsLevel(buf) : 0);
    }, 1000 / this.hz);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.source?.disconnect();
    this.source = null;
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }
}
