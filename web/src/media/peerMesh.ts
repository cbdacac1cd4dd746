import type { SignalMessage } from '../api/types';
import { isPolite } from './negotiation';
import { PeerLink, type TrackSlot } from './peerLink';
import type { MediaTransport, TransportOptions } from './transport';

/** Full mesh: one PeerLink per remote participant, all sending the same local tracks. */
export class PeerMesh implements MediaTransport {
  readonly mode = 'mesh' as const;
  private readonly links = new Map<string, PeerLink>();
  private readonly tracks = new Map<TrackSlot, MediaStreamTrack | null>();
  private readonly cameraStream: MediaStream;
  private readonly opts: TransportOptions;
  private closed = false;

  constructor(opts: TransportOptions) {
    this.opts = opts;
    this.cameraStream = (opts.createMediaStream ?? ((t) => new MediaStream(t)))([]);
  }

  get participantIds(): string[] {
    return [...this.links.keys()];
  }

  link(id: string): PeerLink | undefined {
    return this.links.get(id);
  }

  addParticipant(id: string): void {
    this.ensureLink(id);
  }

  removeParticipant(id: string): void {
    const link = this.links.get(id);
    if (!link) return;
    this.links.delete(id);
    link.close();
  }

  handleSignal(from: string, message: SignalMessage): void {
    // A peer may signal before we learn it joined; the link is created on demand.
    const link = this.ensureLink(from);
    if (link) void link.handleSignal(message);
  }

  async setLocalTrack(slot: TrackSlot, track: MediaStreamTrack | null): Promise<void> {
    this.tracks.set(slot, track);
    await Promise.all([...this.links.values()].map((l) => l.setTrack(slot, track)));
  }

  restartIce(): void {
    for (const link of this.links.values()) link.restartIce();
  }

  async statsReports(): Promise<Map<string, RTCStatsReport>> {
    const out = new Map<string, RTCStatsReport>();
    await Promise.all(
      [...this.links].map(async ([id, link]) => {
        const report = await link.getStats().catch(() => null);
        if (report) out.set(id, report);
      }),
    );
    return out;
  }

  audioLevels(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, link] of this.links) out.set(id, link.remoteAudioLevel());
    return out;
  }

  close(): void {
    this.closed = true;
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  private ensureLink(id: string): PeerLink | undefined {
    if (this.closed || id === this.opts.selfId) return undefined;
    const existing = this.links.get(id);
    if (existing) return existing;
    const link = new PeerLink({
      remoteId: id,
      polite: isPolite(this.opts.selfId, id),
      rtcConfig: { iceServers: this.opts.iceServers },
      localCameraStream: this.cameraStream,
      sendSignal: (m) => this.opts.sendSignal(id, m),
      onRemoteMedia: (media) => this.opts.onRemoteMedia(id, media),
      onStateChange: (state) => this.opts.onLinkState(id, state),
      createPeerConnection: this.opts.createPeerConnection,
      createMediaStream: this.opts.createMediaStream,
      log: this.opts.log,
      politeHoldMs: this.opts.politeHoldMs,
    });
    this.links.set(id, link);
    for (const [slot, track] of this.tracks) {
      if (track) void link.setTrack(slot, track);
    }
    return link;
  }
}
