import type { SfuPublishedTrack } from '../api/types';
import type { TrackSlot } from './peerLink';
import type { SfuSignalling } from './transport';

export interface SfuPublisherOptions {
  pc: RTCPeerConnection;
  /** The stream camera and microphone are announced in (one msid stream for both). */
  cameraStream: MediaStream;
  signalling: Pick<SfuSignalling, 'publish'>;
  log?: (message: string, detail?: unknown) => void;
  /** Delay before a publish refused for load (`rate_limited`, `server_busy`, timeout) is retried. */
  retryDelayMs?: number;
}

/** Refusals that say "later", not "never". */
const RETRYABLE = new Set(['rate_limited', 'server_busy', 'timeout']);
const MAX_RETRIES = 5;

function errorCode(err: unknown): string {
  return typeof err === 'object' && err && 'code' in err ? String(err.code) : '';
}

/**
 * The send connection to the SFU: one sendonly transceiver per track slot, offered
 * by us and answered by the SFU through `sfu:publish`.
 *
 * Audio and video always have an m-section, even before there is a track: turning the
 * microphone or camera on later is a replaceTrack with no renegotiation. The screen
 * slot gets its transceiver on the first share, which republishes once; later shares
 * reuse it.
 */
export class SfuPublisher {
  readonly pc: RTCPeerConnection;
  private readonly opts: SfuPublisherOptions;
  private readonly transceivers = new Map<TrackSlot, RTCRtpTransceiver>();
  /** Slots that had a track when last offered (the SFU knows their SSRCs). */
  private readonly announced = new Set<TrackSlot>();
  private chain: Promise<void> = Promise.resolve();
  private wanted = false;
  private publishing = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Offers the SFU answered (for tests and logs). */
  published = 0;

  constructor(opts: SfuPublisherOptions) {
    this.opts = opts;
    this.pc = opts.pc;
    this.addTransceiver('audio', null);
    this.addTransceiver('video', null);
    void this.requestPublish();
  }

  get slots(): TrackSlot[] {
    return [...this.transceivers.keys()];
  }

  async setTrack(slot: TrackSlot, track: MediaStreamTrack | null): Promise<void> {
    if (this.closed) return;
    const existing = this.transceivers.get(slot);
    if (existing) {
      if (existing.sender.track !== track) await existing.sender.replaceTrack(track);
      // First track in a slot offered empty: offer again, in case the SDP of an empty
      // sender lacked what the SFU needs to accept its packets.
      // (A publish already due or in flight carries it, or checks it when done.)
      if (track && !this.announced.has(slot) && !this.wanted && !this.publishing)
        await this.requestPublish();
      return;
    }
    if (!track) return;
    this.addTransceiver(slot, track);
    await this.requestPublish();
  }

  /** New ICE credentials on the send connection, carried by a new `sfu:publish`. */
  restartIce(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.pc.restartIce();
    return this.requestPublish();
  }

  /**
   * Publishes run one at a time. Requests made while one is in flight fold into a
   * single next publish, which carries whatever changed meanwhile.
   */
  requestPublish(): Promise<void> {
    this.wanted = true;
    this.chain = this.chain
      .then(() => this.publishIfWanted())
      .catch((err: unknown) => this.opts.log?.('sfu: publish failed', err));
    return this.chain;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.pc.close();
  }

  private addTransceiver(slot: TrackSlot, track: MediaStreamTrack | null): void {
    const streams = slot === 'screen' ? [] : [this.opts.cameraStream];
    const kind = slot === 'audio' ? 'audio' : 'video';
    const transceiver = this.pc.addTransceiver(track ?? kind, { direction: 'sendonly', streams });
    this.transceivers.set(slot, transceiver);
  }

  private describeTracks(): SfuPublishedTrack[] {
    const out: SfuPublishedTrack[] = [];
    for (const [source, t] of this.transceivers)
      if (t.mid !== null) out.push({ mid: t.mid, source });
    return out;
  }

  private async publishIfWanted(): Promise<void> {
    if (!this.wanted || this.closed) return;
    this.wanted = false;
    this.publishing = true;
    try {
      await this.publishNow();
    } finally {
      this.publishing = false;
    }
    const unannounced = [...this.transceivers].some(
      ([slot, t]) => t.sender.track && !this.announced.has(slot),
    );
    if (unannounced && !this.closed) void this.requestPublish();
  }

  private async publishNow(): Promise<void> {
    await this.pc.setLocalDescription();
    const offer = this.pc.localDescription;
    if (!offer || this.closed) return;
    const withTracks = [...this.transceivers].filter(([, t]) => t.sender.track).map(([s]) => s);
    let answer: string;
    try {
      answer = await this.opts.signalling.publish(offer.sdp, this.describeTracks());
    } catch (err) {
      // Back to stable so the next attempt can offer again (an ICE restart stays pending).
      if (!this.closed) await this.pc.setLocalDescription({ type: 'rollback' });
      this.retryLater(errorCode(err));
      throw err;
    }
    if (this.closed) return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    this.published += 1;
    this.retries = 0;
    for (const slot of withTracks) this.announced.add(slot);
    this.opts.log?.(`sfu: published ${this.describeTracks().map((t) => t.source)}`);
  }

  private retryLater(code: string): void {
    if (!RETRYABLE.has(code) || this.retries >= MAX_RETRIES || this.closed) return;
    this.retries += 1;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.requestPublish();
      },
      this.opts.retryDelayMs ?? 1000 * this.retries,
    );
  }
}
