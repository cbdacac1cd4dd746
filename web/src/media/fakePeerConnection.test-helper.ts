/**
 * A small in-memory stand-in for RTCPeerConnection that models what perfect
 * negotiation depends on: signalling states, implicit rollback, negotiationneeded,
 * candidates rejected before a remote description, and ontrack from the remote SDP.
 * Its "SDP" is JSON listing the sender's tracks and their stream ids.
 *
 * Transceivers (for the SFU client) get a mid when an offer is created; their entries
 * carry it. A remote offer whose entries have a `mid` (what a fake SFU sends) creates
 * or updates a receiving transceiver per mid; `inactive: true` marks one as gone.
 */
type Listener<E> = ((e: E) => void) | null;

interface FakeTrack {
  id: string;
  kind: string;
}

let seq = 0;

export function fakeTrack(kind: 'audio' | 'video'): MediaStreamTrack {
  seq += 1;
  return { id: `${kind}-${seq}`, kind, enabled: true, stop() {} } as unknown as MediaStreamTrack;
}

export function fakeStream(tracks: MediaStreamTrack[] = []): MediaStream {
  seq += 1;
  return { id: `stream-${seq}`, getTracks: () => tracks } as unknown as MediaStream;
}

class FakeSender {
  negotiated = false;
  mid: string | null = null;
  constructor(
    public track: FakeTrack | null,
    readonly streamId: string | null,
    readonly kind?: string,
  ) {}
  async replaceTrack(t: FakeTrack | null): Promise<void> {
    this.track = t;
  }
}

export interface FakeTransceiver {
  mid: string | null;
  direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null;
  sender: FakeSender;
  receiver: { track: FakeTrack; getSynchronizationSources(): { audioLevel?: number }[] };
}

/** One m-section of a fake SFU's offer for a receive connection. */
export interface FakeOfferEntry {
  mid: string;
  kind: 'audio' | 'video';
  id?: string;
  stream?: string | null;
  inactive?: boolean;
}

export class FakePeerConnection {
  static instances: FakePeerConnection[] = [];
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  onnegotiationneeded: Listener<Event> = null;
  onicecandidate: Listener<{ candidate: { toJSON(): RTCIceCandidateInit } | null }> = null;
  ontrack: Listener<{ track: FakeTrack; streams: { id: string }[] }> = null;
  onconnectionstatechange: Listener<Event> = null;
  oniceconnectionstatechange: Listener<Event> = null;
  readonly senders: FakeSender[] = [];
  readonly addedCandidates: RTCIceCandidateInit[] = [];
  readonly seenRemoteTracks = new Set<string>();
  readonly remoteStreams = new Map<string, { id: string }>();
  readonly transceivers: FakeTransceiver[] = [];
  /** Offers created with new ICE credentials (after restartIce). */
  iceRestarts = 0;
  /** What getStats() returns. */
  stats: (Record<string, unknown> & { id: string; type: string })[] = [];
  audioLevels = new Map<string, number>();
  offersCreated = 0;
  rollbacks = 0;
  closed = false;
  private nextMid = 0;
  private needsNegotiation = false;
  private iceRestartPending = false;

  constructor(readonly config: RTCConfiguration) {
    FakePeerConnection.instances.push(this);
  }

  addTrack(track: FakeTrack, ...streams: { id: string }[]): FakeSender {
    const sender = new FakeSender(track, streams[0]?.id ?? null);
    this.senders.push(sender);
    this.markNegotiationNeeded();
    return sender;
  }

  addTransceiver(
    trackOrKind: FakeTrack | string,
    init: { direction?: RTCRtpTransceiverDirection; streams?: { id: string }[] } = {},
  ): FakeTransceiver {
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const sender = new FakeSender(track, init.streams?.[0]?.id ?? null, kind);
    this.senders.push(sender);
    const t = this.makeTransceiver(sender, kind, init.direction ?? 'sendrecv');
    this.markNegotiationNeeded();
    return t;
  }

  getTransceivers(): FakeTransceiver[] {
    return this.transceivers;
  }

  /** What the browser does when ICE or DTLS changes state. */
  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.(new Event('connectionstatechange'));
  }

  restartIce(): void {
    this.iceRestartPending = true;
    this.markNegotiationNeeded();
  }

  async setLocalDescription(desc?: RTCSessionDescriptionInit): Promise<void> {
    await tick();
    if (desc?.type === 'rollback') return this.rollback();
    if (this.signalingState === 'stable' || this.signalingState === 'have-local-offer') {
      this.offersCreated += 1;
      if (this.iceRestartPending) this.iceRestarts += 1;
      for (const t of this.transceivers) {
        if (t.mid === null) t.mid = t.sender.mid = String(this.nextMid++);
      }
      this.localDescription = { type: 'offer', sdp: this.sdp() };
      this.signalingState = 'have-local-offer';
      this.needsNegotiation = false;
      this.iceRestartPending = false;
    } else if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: this.sdp() };
      this.signalingState = 'stable';
      this.afterStable();
    } else {
      throw new DOMException('bad state', 'InvalidStateError');
    }
    this.emitCandidate();
  }

  async setRemoteDescription(desc: RTCSessionDescriptionInit): Promise<void> {
    await tick();
    if (desc.type === 'offer') {
      if (this.signalingState === 'have-local-offer') this.rollback();
      if (this.signalingState !== 'stable')
        throw new DOMException('bad state', 'InvalidStateError');
      this.remoteDescription = desc;
      this.signalingState = 'have-remote-offer';
    } else if (desc.type === 'answer') {
      if (this.signalingState !== 'have-local-offer')
        throw new DOMException('answer in ' + this.signalingState, 'InvalidStateError');
      this.remoteDescription = desc;
      this.signalingState = 'stable';
      for (const s of this.senders) s.negotiated = true;
      this.connectionState = 'connected';
      this.onconnectionstatechange?.(new Event('connectionstatechange'));
      this.afterStable();
    }
    this.fireRemoteTracks(desc.sdp ?? '[]', desc.type);
  }

  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    await tick();
    if (!this.remoteDescription)
      throw new DOMException('no remote description', 'InvalidStateError');
    this.addedCandidates.push(c);
  }

  getReceivers(): RTCRtpReceiver[] {
    return [];
  }

  async getStats(): Promise<RTCStatsReport> {
    return new Map(this.stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
  }

  close(): void {
    this.closed = true;
    this.signalingState = 'closed';
  }

  private sdp(): string {
    return JSON.stringify(
      this.senders
        .filter((s) => s.track || s.kind)
        .map((s) => ({
          id: s.track?.id ?? null,
          kind: s.track?.kind ?? s.kind,
          stream: s.streamId,
          ...(s.kind ? { mid: s.mid } : {}),
        })),
    );
  }

  private makeTransceiver(
    sender: FakeSender,
    kind: string,
    direction: RTCRtpTransceiverDirection,
  ): FakeTransceiver {
    const receiverTrack = { id: `recv-${kind}-${++seq}`, kind };
    const levels = this.audioLevels;
    const t: FakeTransceiver = {
      mid: null,
      direction,
      currentDirection: null,
      sender,
      receiver: {
        track: receiverTrack,
        getSynchronizationSources: () => {
          const level = t.mid === null ? undefined : levels.get(t.mid);
          return level === undefined ? [] : [{ audioLevel: level }];
        },
      },
    };
    this.transceivers.push(t);
    return t;
  }

  /** A fake SFU's offer: one receiving transceiver per mid, kept across offers. */
  private applyRemoteTransceivers(entries: FakeOfferEntry[]): void {
    for (const e of entries) {
      let t = this.transceivers.find((x) => x.mid === e.mid);
      if (!t) {
        t = this.makeTransceiver(new FakeSender(null, null), e.kind, 'recvonly');
        t.mid = e.mid;
        if (e.id) t.receiver.track.id = e.id;
        const streams = e.stream ? [{ id: e.stream }] : [];
        this.ontrack?.({ track: t.receiver.track, streams });
      }
      t.currentDirection = e.inactive ? 'inactive' : 'recvonly';
    }
  }

  private rollback(): void {
    this.rollbacks += 1;
    this.localDescription = null;
    this.signalingState = 'stable';
    this.needsNegotiation = this.senders.some((s) => !s.negotiated) || this.iceRestartPending;
  }

  private afterStable(): void {
    if (this.senders.some((s) => !s.negotiated) || this.iceRestartPending) {
      this.needsNegotiation = false;
      this.markNegotiationNeeded();
    }
  }

  private markNegotiationNeeded(): void {
    if (this.needsNegotiation) return;
    this.needsNegotiation = true;
    setTimeout(() => {
      if (this.closed || this.signalingState !== 'stable' || !this.needsNegotiation) return;
      this.onnegotiationneeded?.(new Event('negotiationneeded'));
    }, 0);
  }

  private emitCandidate(): void {
    const candidate = { candidate: `cand-${this.offersCreated}`, sdpMid: '0' };
    setTimeout(() => this.onicecandidate?.({ candidate: { toJSON: () => candidate } }), 0);
  }

  private fireRemoteTracks(sdp: string, type?: RTCSdpType): void {
    const tracks = JSON.parse(sdp) as { id: string; kind: string; stream: string | null }[];
    if (tracks.some((t) => 'mid' in t)) {
      if (type === 'offer') this.applyRemoteTransceivers(tracks as unknown as FakeOfferEntry[]);
      return;
    }
    for (const t of tracks) {
      if (this.seenRemoteTracks.has(t.id)) continue;
      this.seenRemoteTracks.add(t.id);
      let streams: { id: string }[] = [];
      if (t.stream) {
        const s = this.remoteStreams.get(t.stream) ?? { id: t.stream };
        this.remoteStreams.set(t.stream, s);
        streams = [s];
      }
      this.ontrack?.({ track: { id: t.id, kind: t.kind }, streams });
    }
  }
}

function tick(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

export function createFakePc(config: RTCConfiguration): RTCPeerConnection {
  return new FakePeerConnection(config) as unknown as RTCPeerConnection;
}

export async function settle(ms = 50): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
