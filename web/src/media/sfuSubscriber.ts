import type { SfuOffer, SfuSubscribedTrack } from '../api/types';
import { groupByPublisher, type PublisherTracks } from './sfuTracks';
import type { SfuSignalling } from './transport';

export interface SfuSubscriberOptions {
  pc: RTCPeerConnection;
  selfId: string;
  signalling: Pick<SfuSignalling, 'answer'>;
  /** After each applied offer: every publisher's tracks now in the connection. */
  onTracks(tracks: Map<string, PublisherTracks>): void;
  log?: (message: string, detail?: unknown) => void;
}

type Stat = Record<string, unknown> & { type: string; id: string };

/**
 * The receive connection from the SFU: the server offers, we answer, strictly one
 * offer after the other in arrival order, each answer echoing the offer's version.
 * The SFU is ICE-lite with its candidate in the SDP, so the answer goes at once,
 * without waiting for our candidates (its STUN checks teach it our address).
 */
export class SfuSubscriber {
  readonly pc: RTCPeerConnection;
  private readonly opts: SfuSubscriberOptions;
  private chain: Promise<void> = Promise.resolve();
  private tracks: SfuSubscribedTrack[] = [];
  private closed = false;
  private statLevels = new Map<string, number>();
  private refreshingLevels = false;
  /** Version of the last offer we answered (-1: none yet). */
  answeredVersion = -1;

  constructor(opts: SfuSubscriberOptions) {
    this.opts = opts;
    this.pc = opts.pc;
  }

  get hasOffer(): boolean {
    return this.answeredVersion >= 0;
  }

  handleOffer(offer: SfuOffer): Promise<void> {
    this.chain = this.chain
      .then(() => this.apply(offer))
      .catch((err: unknown) => this.opts.log?.('sfu: offer failed', err));
    return this.chain;
  }

  /** Splits one getStats() of the receive connection by publisher (inbound RTP by mid or track). */
  async statsByPublisher(): Promise<Map<string, RTCStatsReport>> {
    const out = new Map<string, Map<string, Stat>>();
    if (this.closed) return new Map();
    const report = await this.pc.getStats();
    const byMid = new Map<string, string>();
    const byTrack = new Map<string, string>();
    for (const t of this.tracks) byMid.set(t.mid, t.participantId);
    for (const t of this.pc.getTransceivers()) {
      const who = t.mid === null ? undefined : byMid.get(t.mid);
      if (who) byTrack.set(t.receiver.track.id, who);
    }
    const shared: Stat[] = [];
    report.forEach((stat: Stat) => {
      if (stat.type === 'inbound-rtp') {
        const who = byMid.get(String(stat.mid)) ?? byTrack.get(String(stat.trackIdentifier));
        if (!who || who === this.opts.selfId) return;
        const entry = out.get(who) ?? new Map<string, Stat>();
        entry.set(stat.id, stat);
        out.set(who, entry);
      } else if (stat.type === 'candidate-pair') {
        shared.push(stat); // one path for everyone: its round-trip time is theirs too
      }
    });
    for (const entry of out.values()) for (const s of shared) entry.set(s.id, s);
    return out as unknown as Map<string, RTCStatsReport>;
  }

  /**
   * Last audio level (0..1) per publisher: from the RTP audio-level header extension
   * when the SFU's offer negotiated it, else from the decoded audio's `audioLevel` in
   * getStats (refreshed in the background, so a call returns the previous reading).
   */
  audioLevels(): Map<string, number> {
    const out = new Map<string, number>();
    if (this.closed) return out;
    const audioMids = new Map<string, string>();
    for (const t of this.tracks) if (t.source === 'audio') audioMids.set(t.mid, t.participantId);
    let missing = false;
    for (const t of this.pc.getTransceivers()) {
      const who = t.mid === null ? undefined : audioMids.get(t.mid);
      if (!who) continue;
      const level = t.receiver.getSynchronizationSources?.()[0]?.audioLevel;
      if (typeof level === 'number') out.set(who, level);
      else {
        missing = true;
        out.set(who, this.statLevels.get(who) ?? 0);
      }
    }
    if (missing) this.refreshStatLevels(audioMids);
    return out;
  }

  private refreshStatLevels(audioMids: Map<string, string>): void {
    if (this.refreshingLevels) return;
    this.refreshingLevels = true;
    const byTrack = new Map<string, string>();
    for (const t of this.pc.getTransceivers()) {
      const who = t.mid === null ? undefined : audioMids.get(t.mid);
      if (who) byTrack.set(t.receiver.track.id, who);
    }
    this.pc
      .getStats()
      .then((report) => {
        const next = new Map<string, number>();
        report.forEach((stat: Stat) => {
          if (stat.type !== 'inbound-rtp' || stat.kind !== 'audio') return;
          const who = audioMids.get(String(stat.mid)) ?? byTrack.get(String(stat.trackIdentifier));
          if (who && typeof stat.audioLevel === 'number') next.set(who, stat.audioLevel);
        });
        this.statLevels = next;
      })
      .catch(() => undefined)
      .finally(() => (this.refreshingLevels = false));
  }

  close(): void {
    this.closed = true;
    this.pc.close();
  }

  private async apply(offer: SfuOffer): Promise<void> {
    if (this.closed) return;
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await this.pc.setLocalDescription();
    const answer = this.pc.localDescription;
    if (this.closed || !answer) return;
    this.tracks = offer.tracks;
    this.answeredVersion = offer.version;
    this.opts.log?.(`sfu: offer ${offer.version} applied (${offer.tracks.length} tracks)`);
    this.opts.onTracks(groupByPublisher(offer.tracks, this.pc.getTransceivers(), this.opts.selfId));
    try {
      await this.opts.signalling.answer(offer.version, answer.sdp);
    } catch (err) {
      // stale_answer: a newer offer is on its way and will be answered in turn.
      this.opts.log?.(`sfu: answer ${offer.version} refused`, err);
    }
  }
}
