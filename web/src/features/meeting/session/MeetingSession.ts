import {
  RealtimeClient,
  RealtimeError,
  type IceServerConfig,
  type JoinedPayload,
  type MediaState,
  type MeetingMode,
  type RealtimeAuth,
} from '../../../api';
import {
  ActiveSpeakerDetector,
  AudioLevelMeter,
  createTransport,
  openCamera,
  openMicrophone,
  openScreen,
  sampleFromReport,
  summarize,
  UnsupportedModeError,
  type MediaTransport,
  type Quality,
  type StatsSample,
} from '../../../media';
import { MeetingStore } from '../state/store';
import { SfuChannel } from './sfuChannel';

export interface SessionOptions {
  code: string;
  auth: RealtimeAuth;
  password?: string;
  audioTrack: MediaStreamTrack | null;
  videoTrack: MediaStreamTrack | null;
  startMuted: boolean;
  cameraDeviceId?: string;
  /** Seams for tests: the signalling client and the media transport factory. */
  client?: RealtimeClient;
  transportFactory?: typeof createTransport;
}

const FATAL_JOIN_MESSAGES: Record<string, string> = {
  meeting_not_found: 'This meeting does not exist. Check the code.',
  meeting_ended: 'This meeting has ended.',
  meeting_locked: 'The host has locked this meeting.',
  password_required: 'This meeting needs a password.',
  wrong_password: 'That password is not right.',
  guests_not_allowed: 'This meeting is for signed-in users only. Sign in to join.',
  meeting_full: 'This meeting is full.',
  not_authenticated: 'Your session has expired. Sign in again.',
};

export function joinErrorMessage(code: string, fallback?: string): string {
  return FATAL_JOIN_MESSAGES[code] ?? fallback ?? 'Could not join the meeting.';
}

let reactionKey = 0;

/**
 * One attempt to be in one meeting: owns the signalling socket, the media
 * transport and the local tracks, and reports everything through its store.
 * Framework-free; React reaches it through useMeetingSession.
 */
export class MeetingSession {
  readonly store = new MeetingStore();
  private readonly client: RealtimeClient;
  private transport: MediaTransport | null = null;
  private audioTrack: MediaStreamTrack | null;
  private videoTrack: MediaStreamTrack | null;
  private screenTrack: MediaStreamTrack | null = null;
  private resumeToken: string | null = null;
  private everJoined = false;
  private finished = false;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly speaker = new ActiveSpeakerDetector();
  private meter: AudioLevelMeter | null = null;
  private localLevel = 0;
  private statsSamples = new Map<string, StatsSample>();
  private readonly cleanups: (() => void)[] = [];
  private readonly sfu: SfuChannel;
  private iceServers: IceServerConfig[] = [];
  /** A mode switch that came before our join answer was handled; it applies to that answer. */
  private pendingMode: { mode: MeetingMode; iceServers?: IceServerConfig[] } | null = null;

  constructor(private readonly opts: SessionOptions) {
    this.client = opts.client ?? new RealtimeClient(opts.auth);
    this.sfu = new SfuChannel(this.client);
    this.audioTrack = opts.audioTrack;
    this.videoTrack = opts.videoTrack;
    if (this.audioTrack) this.audioTrack.enabled = !opts.startMuted;
    this.store.dispatch({
      type: 'selfMedia',
      media: { audio: !!this.audioTrack && !opts.startMuted, video: !!this.videoTrack },
    });
    this.store.dispatch({ type: 'localMedia', camera: this.cameraStream() });
  }

  get state() {
    return this.store.getState();
  }

  get hasMicrophone(): boolean {
    return !!this.audioTrack;
  }

  start(): void {
    this.store.dispatch({ type: 'connecting' });
    this.bindEvents();
    this.client.connect();
  }

  // ---- controls ----

  toggleMic(): void {
    if (!this.audioTrack) {
      void this.startMicrophone();
      return;
    }
    this.setMic(!this.audioTrack.enabled);
  }

  /** Joined without a microphone (none yet, or permission denied): try to get one now. */
  private async startMicrophone(): Promise<void> {
    try {
      const track = await openMicrophone();
      if (this.finished) {
        track.stop();
        return;
      }
      this.audioTrack = track;
      await this.transport?.setLocalTrack('audio', track);
      if (this.timers.length > 0) this.startMeter();
      this.updateMedia({ audio: true });
    } catch (err) {
      this.notice(err instanceof Error ? err.message : 'Could not start the microphone.');
    }
  }

  setMic(on: boolean): void {
    if (!this.audioTrack) return;
    this.audioTrack.enabled = on;
    this.updateMedia({ audio: on });
  }

  async toggleCamera(): Promise<void> {
    if (this.videoTrack) {
      // Stop the camera (its light goes off) and send nothing in its slot.
      this.videoTrack.stop();
      this.videoTrack = null;
      await this.transport?.setLocalTrack('video', null);
      this.store.dispatch({ type: 'localMedia', camera: null });
      this.updateMedia({ video: false });
      return;
    }
    try {
      const track = await openCamera(this.opts.cameraDeviceId);
      if (this.finished) {
        track.stop();
        return;
      }
      this.videoTrack = track;
      await this.transport?.setLocalTrack('video', track);
      this.store.dispatch({ type: 'localMedia', camera: this.cameraStream() });
      this.updateMedia({ video: true });
    } catch (err) {
      this.notice(err instanceof Error ? err.message : 'Could not start the camera.');
    }
  }

  async startShare(): Promise<void> {
    if (this.screenTrack) return;
    let track: MediaStreamTrack;
    try {
      track = await openScreen();
    } catch (err) {
      const denied = err instanceof Error && 'failure' in err && err.failure === 'denied';
      if (!denied) this.notice(err instanceof Error ? err.message : 'Could not share the screen.');
      return;
    }
    if (this.finished) {
      track.stop();
      return;
    }
    this.screenTrack = track;
    // The browser's own "Stop sharing" bar ends the track.
    track.addEventListener('ended', () => void this.stopShare());
    await this.transport?.setLocalTrack('screen', track);
    this.store.dispatch({ type: 'localMedia', screen: new MediaStream([track]) });
    this.updateMedia({ screen: true });
  }

  async stopShare(): Promise<void> {
    const track = this.screenTrack;
    if (!track) return;
    this.screenTrack = null;
    track.stop();
    await this.transport?.setLocalTrack('screen', null);
    this.store.dispatch({ type: 'localMedia', screen: null });
    this.updateMedia({ screen: false });
  }

  toggleHand(): void {
    this.updateMedia({ hand: !this.state.selfMedia.hand });
  }

  react(emoji: string): void {
    this.client.send('reaction', { emoji });
  }

  async sendChat(text: string): Promise<void> {
    const trimmed = text.trim().slice(0, 2000);
    if (!trimmed) return;
    const ack = await this.client.request('chat:send', { text: trimmed });
    if (ack.message) this.store.dispatch({ type: 'chatMessage', message: ack.message });
  }

  setChatOpen(open: boolean): void {
    this.store.dispatch({ type: 'chatOpen', open });
  }

  pin(key: string | null): void {
    this.store.dispatch({ type: 'pin', id: key });
  }

  async hostAction(
    action: 'host:mute' | 'host:remove' | 'host:promote' | 'lobby:admit' | 'lobby:deny',
    id: string,
  ): Promise<void> {
    try {
      await this.client.request(action, { id });
      if (action === 'lobby:admit' || action === 'lobby:deny')
        this.store.dispatch({ type: 'lobbyResolved', id });
    } catch (err) {
      this.notice(err instanceof Error ? err.message : 'That did not work.');
    }
  }

  async setLocked(locked: boolean): Promise<void> {
    try {
      await this.client.request('meeting:lock', { locked });
      this.store.dispatch({ type: 'meetingUpdated', patch: { locked } });
    } catch (err) {
      this.notice(err instanceof Error ? err.message : 'Could not change the lock.');
    }
  }

  async endForAll(): Promise<void> {
    await this.client.request('meeting:end', {}).catch(() => undefined);
    this.finish('ended');
  }

  async leave(): Promise<void> {
    if (this.finished) return;
    await this.client.request('meeting:leave', {}, 3000).catch(() => undefined);
    this.finish('left');
  }

  dismissNotice(): void {
    this.store.dispatch({ type: 'notice', text: null });
  }

  /** Tears everything down (component unmount). Safe to call twice. */
  dispose(): void {
    if (!this.finished) {
      this.client.send('meeting:leave', {});
      this.finish('left');
    }
  }

  // ---- internals ----

  private cameraStream(): MediaStream | null {
    return this.videoTrack ? new MediaStream([this.videoTrack]) : null;
  }

  private notice(text: string): void {
    this.store.dispatch({ type: 'notice', text });
  }

  private updateMedia(patch: Partial<MediaState>): void {
    this.store.dispatch({ type: 'selfMedia', media: patch });
    if (this.state.phase === 'joined') this.client.send('media:state', this.state.selfMedia);
  }

  private bindEvents(): void {
    const c = this.client;
    c.socket.on('connect', () => void this.sendJoin());
    c.socket.on('disconnect', (reason) => {
      if (this.finished) return;
      this.store.dispatch({ type: 'reconnecting', value: true });
      // The server closed us on purpose: socket.io will not retry by itself.
      if (reason === 'io server disconnect') setTimeout(() => !this.finished && c.connect(), 1000);
    });
    c.socket.on('connect_error', (err) => {
      if (this.finished) return;
      // The server refuses the CONNECT with data.error 'invalid_token' or 'invalid_guest_name'.
      const code = (err as Error & { data?: { error?: string } }).data?.error ?? '';
      if (code === 'invalid_token' || code === 'not_authenticated') {
        this.finish('failed', 'not_authenticated', joinErrorMessage('not_authenticated'));
      } else if (code === 'invalid_guest_name') {
        this.finish('failed', 'invalid_guest_name', 'Enter a name of 1 to 64 characters.');
      } else {
        this.store.dispatch({ type: 'reconnecting', value: this.everJoined });
      }
    });
    c.on('lobby:admitted', (payload) => this.onJoined(payload));
    c.on('lobby:denied', () => this.finish('denied', 'denied', 'The host did not let you in.'));
    c.on('participant:joined', (p) => {
      this.store.dispatch({ type: 'participantJoined', participant: p });
      this.transport?.addParticipant(p.id);
    });
    c.on('participant:left', ({ id }) => {
      this.transport?.removeParticipant(id);
      this.statsSamples.delete(id);
      this.store.dispatch({ type: 'participantLeft', id });
    });
    c.on('participant:updated', (e) => this.store.dispatch({ type: 'participantUpdated', ...e }));
    c.on('rtc:signal', ({ from, description, candidate }) =>
      this.transport?.handleSignal(from, { description, candidate }),
    );
    c.on('chat:message', (message) => this.store.dispatch({ type: 'chatMessage', message }));
    c.on('reaction', ({ from, emoji }) => {
      const name =
        from === this.state.self?.id
          ? 'You'
          : (this.state.participants.find((p) => p.id === from)?.name ?? '');
      const key = ++reactionKey;
      this.store.dispatch({ type: 'reaction', reaction: { key, from, name, emoji } });
      setTimeout(() => this.store.dispatch({ type: 'reactionExpired', key }), 4000);
    });
    c.on('host:mute-request', () => {
      this.setMic(false);
      this.notice('The host muted your microphone.');
    });
    c.on('meeting:removed', () =>
      this.finish('removed', 'removed', 'The host removed you from the meeting.'),
    );
    c.on('meeting:ended', () =>
      this.finish('ended', 'meeting_ended', 'The host ended the meeting.'),
    );
    c.on('meeting:updated', (patch) => this.store.dispatch({ type: 'meetingUpdated', patch }));
    c.on('lobby:request', (request) => this.store.dispatch({ type: 'lobbyRequest', request }));
    c.on('meeting:mode', ({ mode, iceServers }) => this.switchMode(mode, iceServers));
    this.exposeTestHooks();
  }

  /**
   * The meeting grew past the mesh limit and is now routed by the SFU (one-way):
   * the mesh connections close and the SFU client starts with the same local tracks.
   */
  private switchMode(mode: MeetingMode, iceServers?: IceServerConfig[]): void {
    if (this.finished) return;
    if (this.state.phase !== 'joined') {
      // Our join answer is still being handled (several packets can arrive in one poll).
      this.pendingMode = { mode, iceServers };
      return;
    }
    if (this.state.mode === mode) return;
    const selfId = this.state.self?.id;
    if (iceServers) this.iceServers = iceServers;
    this.store.dispatch({ type: 'mode', mode });
    if (!selfId || this.transport?.mode === mode) return;
    this.transport?.close();
    this.transport = null;
    this.statsSamples.clear();
    // The old streams are dead; tiles show avatars until the SFU's tracks arrive.
    for (const p of this.state.participants)
      this.store.dispatch({ type: 'remoteMedia', id: p.id, media: { camera: null, screen: null } });
    if (!this.startTransport(mode, selfId)) return;
    const started = this.transport as MediaTransport | null;
    for (const p of this.state.participants) started?.addParticipant(p.id);
  }

  /**
   * For end-to-end tests only: when the page defines `window.__parleyTestHooks`
   * before the app loads, the session puts its ICE-restart path there.
   */
  private exposeTestHooks(): void {
    const hooks = (globalThis as { __parleyTestHooks?: Record<string, unknown> }).__parleyTestHooks;
    if (!hooks) return;
    hooks.restartIce = () => this.transport?.restartIce();
    hooks.mode = () => this.transport?.mode ?? null;
  }

  /** Creates the media transport for `mode` and gives it our tracks; false if it cannot. */
  private startTransport(mode: MeetingMode, selfId: string): boolean {
    try {
      this.transport = (this.opts.transportFactory ?? createTransport)(mode, {
        selfId,
        iceServers: this.iceServers,
        sendSignal: (to, m) => this.client.send('rtc:signal', { to, ...m }),
        sfu: this.sfu,
        onRemoteMedia: (id, media) => this.store.dispatch({ type: 'remoteMedia', id, media }),
        onLinkState: (id, state) => this.store.dispatch({ type: 'linkState', id, state }),
        log: (m, d) => console.debug('[parley]', m, d === undefined ? '' : String(d)),
      });
    } catch (err) {
      const message = err instanceof UnsupportedModeError ? err.message : String(err);
      this.finish('failed', 'unsupported_mode', message);
      return false;
    }
    void this.transport.setLocalTrack('audio', this.audioTrack);
    void this.transport.setLocalTrack('video', this.videoTrack);
    if (this.screenTrack) void this.transport.setLocalTrack('screen', this.screenTrack);
    if (this.timers.length === 0) this.startLoops();
    return true;
  }

  private async sendJoin(): Promise<void> {
    const resuming = this.everJoined && this.resumeToken;
    try {
      const ack = await this.client.request('meeting:join', {
        code: this.opts.code,
        password: this.opts.password,
        ...(resuming ? { resumeToken: this.resumeToken ?? undefined } : {}),
      });
      if (ack.status === 'waiting') this.store.dispatch({ type: 'waiting' });
      else this.onJoined(ack);
    } catch (err) {
      const code = err instanceof RealtimeError ? err.code : 'unknown';
      if (resuming && !(code in FATAL_JOIN_MESSAGES)) {
        // The resume window passed: come back as a new participant.
        this.resumeToken = null;
        return this.sendJoin();
      }
      if (code === 'timeout' && !this.finished) return; // socket.io will reconnect and retry
      this.finish(
        'failed',
        code,
        joinErrorMessage(code, err instanceof Error ? err.message : undefined),
      );
    }
  }

  private onJoined(joinAnswer: JoinedPayload): void {
    if (this.finished) return;
    const pending = this.pendingMode;
    this.pendingMode = null;
    const payload =
      pending && pending.mode !== joinAnswer.mode
        ? {
            ...joinAnswer,
            mode: pending.mode,
            iceServers: pending.iceServers ?? joinAnswer.iceServers,
          }
        : joinAnswer;
    const previousSelfId = this.state.self?.id;
    const resumed = this.everJoined;
    this.everJoined = true;
    this.resumeToken = payload.self.resumeToken;
    this.iceServers = payload.iceServers;
    this.store.dispatch({ type: 'joined', payload });
    const keptTransport =
      !!this.transport &&
      previousSelfId === payload.self.id &&
      this.transport.mode === payload.mode;
    if (this.transport && !keptTransport) {
      // Came back as a new participant (the resume window had passed): the polite/impolite
      // roles derive from our id, so every connection starts over. Same when the meeting
      // switched to the SFU while we were away.
      this.transport.close();
      this.transport = null;
      this.statsSamples.clear();
      if (previousSelfId !== payload.self.id) this.sfu.reset();
    }
    if (!this.transport && !this.startTransport(payload.mode, payload.self.id)) return;
    const transport = this.transport as MediaTransport | null;
    if (!transport) return;
    const present = new Set(this.state.participants.map((p) => p.id));
    for (const id of transport.participantIds)
      if (!present.has(id)) transport.removeParticipant(id);
    for (const id of present) transport.addParticipant(id);
    this.client.send('media:state', this.state.selfMedia);
    // Same connections, new signalling path: new ICE generation in case the network changed too.
    if (resumed && keptTransport) transport.restartIce();
  }

  private startMeter(): void {
    if (!this.audioTrack || this.meter) return;
    this.meter = new AudioLevelMeter(this.audioTrack, (l) => (this.localLevel = l), 8);
    try {
      this.meter.start();
    } catch {
      this.meter = null;
    }
  }

  private startLoops(): void {
    this.startMeter();
    this.timers.push(setInterval(() => this.pollSpeakers(), 300));
    this.timers.push(setInterval(() => void this.pollStats(), 2000));
  }

  private pollSpeakers(): void {
    if (!this.transport) return;
    const levels = this.transport.audioLevels();
    const selfId = this.state.self?.id;
    if (selfId) levels.set(selfId, this.state.selfMedia.audio ? this.localLevel : 0);
    this.store.dispatch({ type: 'activeSpeaker', id: this.speaker.update(levels, Date.now()) });
  }

  private async pollStats(): Promise<void> {
    if (!this.transport) return;
    const reports = await this.transport.statsReports();
    const quality: Record<string, Quality> = {};
    const now = Date.now();
    const next = new Map<string, StatsSample>();
    for (const [id, report] of reports) {
      const sample = sampleFromReport(report as never, now);
      quality[id] = summarize(this.statsSamples.get(id) ?? null, sample).quality;
      next.set(id, sample);
    }
    this.statsSamples = next;
    this.store.dispatch({ type: 'quality', quality });
  }

  private finish(
    phase: 'left' | 'removed' | 'ended' | 'denied' | 'failed',
    code?: string,
    message?: string,
  ): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) clearInterval(t);
    for (const c of this.cleanups) c();
    this.meter?.stop();
    this.transport?.close();
    this.transport = null;
    this.audioTrack?.stop();
    this.videoTrack?.stop();
    this.screenTrack?.stop();
    this.client.close();
    this.store.dispatch({
      type: 'finished',
      phase,
      error: code ? { code, message: message ?? code } : undefined,
    });
    this.store.dispatch({ type: 'localMedia', camera: null, screen: null });
  }
}
