import type { SignalMessage } from '../api/types';
import { CandidateQueue, judgeRemoteDescription, type NegotiationFlags } from './negotiation';

export type TrackSlot = 'audio' | 'video' | 'screen';

export interface RemoteMedia {
  /** Microphone and camera of the remote participant (one stream, as they sent it). */
  camera: MediaStream | null;
  /** Their screen share track, wrapped in a stream for a <video> element. */
  screen: MediaStream | null;
}

export type LinkState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface PeerLinkOptions {
  remoteId: string;
  polite: boolean;
  rtcConfig: RTCConfiguration;
  /** The local stream that camera and microphone tracks are announced in (stable msid). */
  localCameraStream: MediaStream;
  sendSignal(message: SignalMessage): void;
  onRemoteMedia(media: RemoteMedia): void;
  onStateChange(state: LinkState): void;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  createMediaStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  log?: (message: string, detail?: unknown) => void;
  /**
   * How long the polite side holds its first tracks back, waiting for the other
   * side's offer (0: no hold). See `held` below.
   */
  politeHoldMs?: number;
}

/**
 * One RTCPeerConnection to one remote participant, negotiated with the
 * perfect-negotiation pattern so either side may offer at any time.
 *
 * Convention on the wire: camera and microphone are sent with the sender's
 * camera stream id; the screen share is sent without a stream, which is how
 * the receiving side tells the two video tracks apart.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly remoteId: string;
  private readonly opts: PeerLinkOptions;
  private readonly flags: NegotiationFlags = { makingOffer: false, settingRemoteAnswer: false };
  private ignoreOffer = false;
  private readonly candidates = new CandidateQueue();
  private readonly senders = new Map<TrackSlot, RTCRtpSender>();
  private signalChain: Promise<void> = Promise.resolve();
  private media: RemoteMedia = { camera: null, screen: null };
  private state: LinkState = 'new';
  private closed = false;
  private disconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  /**
   * Glare avoidance for the first negotiation: the polite side keeps its tracks
   * here until the impolite side's first offer arrives (they then ride in the
   * answer) or a short timeout passes. Perfect negotiation still resolves any
   * collision; this only makes the common start-up collision rare, because
   * Chromium can stop gathering ICE candidates on a connection whose offer is
   * rolled back while it is still gathering.
   */
  private held: Map<TrackSlot, MediaStreamTrack | null> | null = null;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: PeerLinkOptions) {
    this.opts = opts;
    this.remoteId = opts.remoteId;
    const create = opts.createPeerConnection ?? ((c) => new RTCPeerConnection(c));
    this.pc = create(opts.rtcConfig);
    // Offers go through the same queue as incoming signals: two setLocalDescription()
    // calls in flight at once could each read the other's result from localDescription.
    this.pc.onnegotiationneeded = () => void this.enqueue(() => this.makeOffer());
    this.pc.onicecandidate = (e) => {
      if (e.candidate) {
        this.opts.log?.(
          `${this.remoteId}: local candidate ${e.candidate.usernameFragment} ${e.candidate.address}`,
        );
        this.opts.sendSignal({ candidate: e.candidate.toJSON() });
      }
    };
    this.pc.ontrack = (e) => this.onTrack(e);
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    this.pc.oniceconnectionstatechange = () => {
      // 'failed' is final for the current ICE generation: start a new one.
      if (this.pc.iceConnectionState === 'failed') this.restartIce();
    };
    const holdMs = opts.politeHoldMs ?? 1500;
    if (opts.polite && holdMs > 0) {
      this.held = new Map();
      this.holdTimer = setTimeout(() => void this.enqueue(() => this.releaseHeld()), holdMs);
    }
  }

  get polite(): boolean {
    return this.opts.polite;
  }

  get connectionState(): LinkState {
    return this.state;
  }

  get remoteMedia(): RemoteMedia {
    return this.media;
  }

  /**
   * Sends `track` in `slot`. An existing sender is reused with replaceTrack (no
   * renegotiation); the first track in a slot is added with addTrack, which
   * renegotiates once through onnegotiationneeded.
   */
  async setTrack(slot: TrackSlot, track: MediaStreamTrack | null): Promise<void> {
    if (this.closed) return;
    if (this.held) {
      this.held.set(slot, track);
      return;
    }
    const sender = this.senders.get(slot);
    if (sender) {
      if (sender.track !== track) await sender.replaceTrack(track);
      return;
    }
    if (!track) return;
    const added =
      slot === 'screen'
        ? this.pc.addTrack(track)
        : this.pc.addTrack(track, this.opts.localCameraStream);
    this.senders.set(slot, added);
  }

  /** Signals are applied strictly in arrival order. */
  handleSignal(message: SignalMessage): Promise<void> {
    return this.enqueue(() => this.applySignal(message));
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.signalChain = this.signalChain
      .then(step)
      .catch((err: unknown) => this.opts.log?.('signalling step failed', err));
    return this.signalChain;
  }

  restartIce(): void {
    if (this.closed) return;
    this.opts.log?.('ICE restart', this.remoteId);
    this.pc.restartIce();
  }

  async getStats(): Promise<RTCStatsReport | null> {
    if (this.closed) return null;
    return this.pc.getStats();
  }

  /** Last audio level (0..1) of the remote microphone, from the RTP header extension. */
  remoteAudioLevel(): number {
    for (const receiver of this.pc.getReceivers()) {
      if (receiver.track.kind !== 'audio' || !receiver.getSynchronizationSources) continue;
      const sources = receiver.getSynchronizationSources();
      const level = sources[0]?.audioLevel;
      if (typeof level === 'number') return level;
    }
    return 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.candidates.clear();
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
    this.setState('closed');
  }

  private async releaseHeld(): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = null;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    for (const [slot, track] of held) await this.setTrack(slot, track);
  }

  private async makeOffer(): Promise<void> {
    // Not stable: an offer is in progress; negotiationneeded fires again once stable if still needed.
    if (this.closed || this.pc.signalingState !== 'stable') return;
    try {
      this.flags.makingOffer = true;
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      this.opts.log?.(`${this.remoteId}: sending ${local?.type}`);
      if (local) this.opts.sendSignal({ description: { type: local.type, sdp: local.sdp } });
    } catch (err) {
      this.opts.log?.('offer failed', err);
    } finally {
      this.flags.makingOffer = false;
    }
  }

  private async applySignal({ description, candidate }: SignalMessage): Promise<void> {
    if (this.closed) return;
    if (description) {
      this.opts.log?.(`${this.remoteId}: got ${description.type} in ${this.pc.signalingState}`);
      const verdict = judgeRemoteDescription(
        this.opts.polite,
        this.pc.signalingState,
        this.flags,
        description.type,
      );
      this.ignoreOffer = verdict === 'ignore';
      if (this.ignoreOffer) {
        this.opts.log?.('ignoring colliding offer', this.remoteId);
        return;
      }
      this.flags.settingRemoteAnswer = description.type === 'answer';
      try {
        // In have-local-offer this is an implicit rollback (the polite side yields).
        await this.pc.setRemoteDescription(description);
      } finally {
        this.flags.settingRemoteAnswer = false;
      }
      for (const queued of this.candidates.drain()) await this.addCandidate(queued);
      if (description.type === 'offer') {
        // Held tracks join the transceivers this offer created, so the answer carries them.
        await this.releaseHeld();
        await this.pc.setLocalDescription();
        const local = this.pc.localDescription;
        if (local) this.opts.sendSignal({ description: { type: local.type, sdp: local.sdp } });
      }
      this.armWatchdog();
      return;
    }
    if (candidate) {
      this.opts.log?.(
        `${this.remoteId}: remote candidate ${candidate.usernameFragment} ${this.pc.remoteDescription ? 'add' : 'queue'}`,
      );
      if (!this.pc.remoteDescription) this.candidates.push(candidate);
      else await this.addCandidate(candidate);
    }
  }

  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (err) {
      // Candidates for an offer we ignored are expected to fail.
      if (!this.ignoreOffer) this.opts.log?.('addIceCandidate failed', err);
    }
  }

  private onTrack(e: RTCTrackEvent): void {
    const stream = e.streams[0];
    if (stream) {
      this.media = { ...this.media, camera: stream };
    } else {
      const make = this.opts.createMediaStream ?? ((t) => new MediaStream(t));
      this.media = { ...this.media, screen: make([e.track]) };
    }
    this.opts.onRemoteMedia(this.media);
  }

  /**
   * After an offer/answer exchange the connection must come up. If ICE has not even
   * started checking after a few seconds (seen in Chromium after an implicit
   * rollback that left the answerer without gathered candidates), restart ICE.
   */
  private armWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (this.closed || this.pc.signalingState !== 'stable') return;
      const ice = this.pc.iceConnectionState;
      if (ice === 'new' || ice === 'failed') {
        this.opts.log?.(`${this.remoteId}: ICE did not start (${ice})`);
        this.restartIce();
      }
    }, PeerLink.watchdogMs);
  }

  static watchdogMs = 4000;

  private onConnectionState(): void {
    const s = this.pc.connectionState;
    this.opts.log?.(`${this.remoteId}: connection ${s}`);
    if (this.disconnectTimer) {
      clearTimeout(this.disconnectTimer);
      this.disconnectTimer = null;
    }
    if (s === 'connected') this.setState('connected');
    else if (s === 'connecting' || s === 'new')
      this.setState(this.state === 'connected' ? 'reconnecting' : 'connecting');
    else if (s === 'disconnected') {
      this.setState('reconnecting');
      // 'disconnected' often heals by itself; restart ICE if it does not.
      this.disconnectTimer = setTimeout(() => this.restartIce(), 4000);
    } else if (s === 'failed') {
      this.setState('failed');
      this.restartIce();
    }
  }

  private setState(state: LinkState): void {
    if (state === this.state) return;
    this.state = state;
    this.opts.onStateChange(state);
  }
}
