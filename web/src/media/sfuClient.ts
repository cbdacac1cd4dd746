import type { IceServerConfig, SfuTransportState, SignalMessage } from '../api/types';
import type { LinkState, RemoteMedia, TrackSlot } from './peerLink';
import { SfuPublisher } from './sfuPublisher';
import { SfuSubscriber } from './sfuSubscriber';
import { sameCamera, sameScreen, type PublisherTracks } from './sfuTracks';
import type { MediaTransport, SfuSignalling, TransportOptions } from './transport';

type Connection = 'send' | 'recv';

/**
 * The ICE servers for connections to the SFU: TURN only. STUN gains nothing here (the SFU
 * is ICE-lite and we send it no candidates; it learns our address from our checks), and
 * it breaks ICE when the STUN server shares the SFU's address and port (Parley's does):
 * Chromium takes every packet from a STUN server's address for a STUN-server reply, so
 * the SFU's answers to our connectivity checks never reach the ICE agent.
 */
export function sfuIceServers(servers: readonly IceServerConfig[]): IceServerConfig[] {
  const out: IceServerConfig[] = [];
  for (const server of servers) {
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).filter(
      (u) => !/^stuns?:/i.test(u.trim()),
    );
    if (urls.length > 0)
      out.push({ ...server, urls: Array.isArray(server.urls) ? urls : server.urls });
  }
  return out;
}

interface Published {
  tracks: PublisherTracks;
  media: RemoteMedia;
}

/**
 * The SFU transport: two connections to the server whatever the meeting's size.
 * We publish our tracks on the send connection and receive everyone else's on the
 * receive connection, and turn that back into what the mesh gives the meeting page:
 * per participant a camera stream, a screen stream and a link state.
 *
 * A participant's link state is the receive connection's state once its tracks are
 * in that connection ('connecting' before). A connection that fails restarts ICE at
 * once; one that stays disconnected restarts after a grace period.
 */
export class SfuClient implements MediaTransport {
  readonly mode = 'sfu' as const;
  readonly publisher: SfuPublisher;
  readonly subscriber: SfuSubscriber;
  private readonly opts: TransportOptions;
  private readonly sfu: SfuSignalling;
  private readonly known = new Set<string>();
  private readonly published = new Map<string, Published>();
  private readonly states = new Map<string, LinkState>();
  private readonly timers = new Map<Connection, ReturnType<typeof setTimeout>>();
  private readonly lastRestart = new Map<Connection, number>();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;

  /** How long a 'disconnected' connection may heal by itself before an ICE restart. */
  static disconnectGraceMs = 3000;
  /** Automatic restarts of one connection are at least this far apart. */
  static minRestartIntervalMs = 2000;

  constructor(opts: TransportOptions) {
    if (!opts.sfu) throw new Error('the sfu mode needs SFU signalling');
    this.opts = opts;
    this.sfu = opts.sfu;
    const create = opts.createPeerConnection ?? ((c) => new RTCPeerConnection(c));
    const config: RTCConfiguration = { iceServers: sfuIceServers(opts.iceServers) };
    const makeStream = opts.createMediaStream ?? ((t) => new MediaStream(t));
    this.subscriber = new SfuSubscriber({
      pc: create(config),
      selfId: opts.selfId,
      signalling: this.sfu,
      onTracks: (tracks) => this.onTracks(tracks),
      log: opts.log,
    });
    this.publisher = new SfuPublisher({
      pc: create(config),
      cameraStream: makeStream([]),
      signalling: this.sfu,
      log: opts.log,
    });
    this.watch('send', this.publisher.pc);
    this.watch('recv', this.subscriber.pc);
    this.unsubscribe.push(this.sfu.onOffer((offer) => void this.subscriber.handleOffer(offer)));
    this.unsubscribe.push(this.sfu.onTransportState((e) => this.onServerState(e)));
  }

  get participantIds(): string[] {
    return [...this.known];
  }

  addParticipant(id: string): void {
    if (this.closed || id === this.opts.selfId || this.known.has(id)) return;
    this.known.add(id);
    this.updateLinkState(id);
  }

  removeParticipant(id: string): void {
    // Its tracks leave with the server's next offer; the meeting drops its media now.
    this.known.delete(id);
    this.states.delete(id);
  }

  handleSignal(from: string, _message: SignalMessage): void {
    this.opts.log?.(`sfu: ignoring a mesh signal from ${from}`);
  }

  setLocalTrack(slot: TrackSlot, track: MediaStreamTrack | null): Promise<void> {
    return this.publisher.setTrack(slot, track);
  }

  /** Both connections: the send side offers anew, the receive side asks the SFU to. */
  restartIce(): void {
    this.restart('send', true);
    this.restart('recv', true);
  }

  statsReports(): Promise<Map<string, RTCStatsReport>> {
    return this.subscriber.statsByPublisher().catch(() => new Map());
  }

  audioLevels(): Map<string, number> {
    return this.subscriber.audioLevels();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.publisher.close();
    this.subscriber.close();
    for (const id of this.known) this.setLinkState(id, 'closed');
  }

  private watch(which: Connection, pc: RTCPeerConnection): void {
    pc.onconnectionstatechange = () => this.onConnectionState(which, pc.connectionState);
  }

  private onConnectionState(which: Connection, state: RTCPeerConnectionState): void {
    if (this.closed) return;
    this.opts.log?.(`sfu: ${which} connection ${state}`);
    const timer = this.timers.get(which);
    if (timer) clearTimeout(timer);
    this.timers.delete(which);
    if (state === 'failed') this.restart(which, false);
    else if (state === 'disconnected') this.restartAfterGrace(which);
    if (which === 'recv') for (const id of this.involved()) this.updateLinkState(id);
  }

  /** The server no longer hears us on a connection (consent lost, DTLS failed): restart it. */
  private onServerState(e: SfuTransportState): void {
    if (this.closed || e.state === 'connected') return;
    this.opts.log?.(`sfu: server says ${e.connection} ${e.state}`);
    if (e.state === 'failed') this.restart(e.connection, false);
    else if (!this.timers.has(e.connection)) this.restartAfterGrace(e.connection);
  }

  /** Restarts `which` unless it is connected again when the grace period ends. */
  private restartAfterGrace(which: Connection): void {
    const pc = which === 'send' ? this.publisher.pc : this.subscriber.pc;
    this.timers.set(
      which,
      setTimeout(() => {
        this.timers.delete(which);
        if (pc.connectionState !== 'connected') this.restart(which, false);
      }, SfuClient.disconnectGraceMs),
    );
  }

  private restart(which: Connection, requested: boolean): void {
    if (this.closed) return;
    const now = Date.now();
    const last = this.lastRestart.get(which) ?? -Infinity;
    if (!requested && now - last < SfuClient.minRestartIntervalMs) return;
    this.lastRestart.set(which, now);
    this.opts.log?.(`sfu: ICE restart (${which})`);
    if (which === 'send') void this.publisher.restartIce();
    else this.sfu.restart().catch((err: unknown) => this.opts.log?.('sfu: restart refused', err));
  }

  private onTracks(tracks: Map<string, PublisherTracks>): void {
    if (this.closed) return;
    const make = this.opts.createMediaStream ?? ((t) => new MediaStream(t));
    const streamOf = (...list: (MediaStreamTrack | null)[]) => {
      const present = list.filter((t): t is MediaStreamTrack => t !== null);
      return present.length > 0 ? make(present) : null;
    };
    for (const id of [...this.published.keys()]) {
      if (tracks.has(id)) continue;
      this.published.delete(id);
      this.opts.onRemoteMedia(id, { camera: null, screen: null });
      this.updateLinkState(id);
    }
    for (const [id, now] of tracks) {
      const before = this.published.get(id);
      if (before && sameCamera(before.tracks, now) && sameScreen(before.tracks, now)) continue;
      const media: RemoteMedia = {
        camera:
          before && sameCamera(before.tracks, now)
            ? before.media.camera
            : streamOf(now.audio, now.video),
        screen:
          before && sameScreen(before.tracks, now) ? before.media.screen : streamOf(now.screen),
      };
      this.published.set(id, { tracks: now, media });
      this.opts.onRemoteMedia(id, media);
      this.updateLinkState(id);
    }
  }

  private involved(): Set<string> {
    return new Set([...this.known, ...this.published.keys()]);
  }

  private updateLinkState(id: string): void {
    const pc = this.subscriber.pc.connectionState;
    const was = this.states.get(id);
    const wasUp = was === 'connected' || was === 'reconnecting';
    let state: LinkState;
    if (pc === 'failed') state = 'failed';
    else if (pc === 'disconnected') state = 'reconnecting';
    else if (pc === 'connected' && this.published.has(id)) state = 'connected';
    else state = wasUp && pc !== 'connected' ? 'reconnecting' : 'connecting';
    this.setLinkState(id, state);
  }

  private setLinkState(id: string, state: LinkState): void {
    if (this.states.get(id) === state) return;
    this.states.set(id, state);
    this.opts.onLinkState(id, state);
  }
}
