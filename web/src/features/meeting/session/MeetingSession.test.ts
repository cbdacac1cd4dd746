import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JoinedPayload } from '../../../api/types';
import { RealtimeError, type RealtimeClient } from '../../../api/realtime';
import type { MeetingMode } from '../../../api/types';
import type { MediaTransport, TransportOptions } from '../../../media/transport';
import { MeetingSession } from './MeetingSession';

type Handler = (...args: unknown[]) => void;

/** Stands in for RealtimeClient: records requests, lets the test answer them and emit events. */
class FakeClient {
  readonly socketHandlers = new Map<string, Handler>();
  readonly handlers = new Map<string, Handler>();
  readonly requests: { event: string; payload: Record<string, unknown> }[] = [];
  readonly sent: { event: string; payload: unknown }[] = [];
  answers: ((event: string, payload: Record<string, unknown>) => unknown)[] = [];
  socket = { on: (name: string, fn: Handler) => this.socketHandlers.set(name, fn) };
  connect() {
    this.socketHandlers.get('connect')?.();
  }
  async request(event: string, payload: Record<string, unknown>) {
    this.requests.push({ event, payload });
    const answer = this.answers.shift();
    const result = answer ? answer(event, payload) : { ok: true };
    if (result instanceof Error) throw result;
    return result;
  }
  send(event: string, payload: unknown) {
    this.sent.push({ event, payload });
  }
  on(event: string, fn: Handler) {
    this.handlers.set(event, fn);
    return () => this.handlers.delete(event);
  }
  close() {}
  emit(event: string, payload: unknown) {
    this.handlers.get(event)?.(payload);
  }
}

function joined(selfId: string, others: string[]): JoinedPayload {
  const media = { audio: true, video: false, screen: false, hand: false };
  return {
    status: 'joined',
    self: { id: selfId, name: 'Me', role: 'member', resumeToken: `resume-${selfId}` },
    participants: others.map((id) => ({ id, name: id, role: 'member', media })),
    chat: [],
    mode: 'mesh',
    iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
    meeting: { code: 'abc-defg-hij', title: '', locked: false, lobby: false, guestsAllowed: true },
  };
}

function fakeTransport(mode: MeetingMode = 'mesh', opts?: TransportOptions) {
  const calls: string[] = [];
  const ids = new Set<string>();
  const transport: MediaTransport = {
    mode,
    get participantIds() {
      return [...ids];
    },
    addParticipant: (id) => void (ids.add(id), calls.push(`add ${id}`)),
    removeParticipant: (id) => void (ids.delete(id), calls.push(`remove ${id}`)),
    handleSignal: (from) => void calls.push(`signal ${from}`),
    setLocalTrack: async () => undefined,
    restartIce: () => void calls.push('restartIce'),
    statsReports: async () => new Map(),
    audioLevels: () => new Map(),
    close: () => void calls.push('close'),
  };
  return { transport, calls, opts };
}

function setup() {
  const client = new FakeClient();
  const made: ReturnType<typeof fakeTransport>[] = [];
  const session = new MeetingSession({
    code: 'abc-defg-hij',
    auth: { guestName: 'Me' },
    audioTrack: null,
    videoTrack: null,
    startMuted: false,
    client: client as unknown as RealtimeClient,
    transportFactory: (mode, opts) => {
      const t = fakeTransport(mode, opts);
      made.push(t);
      return t.transport;
    },
  });
  return { client, session, made };
}

let current: MeetingSession | null = null;
afterEach(() => current?.dispose());

describe('MeetingSession', () => {
  it('joins, connects to everyone present and follows joins and leaves', async () => {
    const { client, session, made } = setup();
    current = session;
    client.answers.push(() => ({ ok: true, ...joined('me', ['a', 'b']) }));
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('joined'));
    expect(made[0]?.calls).toEqual(['add a', 'add b']);
    client.emit('participant:joined', {
      id: 'c',
      name: 'C',
      role: 'guest',
      media: { audio: false, video: false, screen: false, hand: false },
    });
    client.emit('participant:left', { id: 'a', reason: 'left' });
    expect(made[0]?.calls.slice(2)).toEqual(['add c', 'remove a']);
    expect(session.state.participants.map((p) => p.id)).toEqual(['b', 'c']);
  });

  it('after a socket reconnect, resumes with its token and restarts ICE on the same connections', async () => {
    const { client, session, made } = setup();
    current = session;
    client.answers.push(() => ({ ok: true, ...joined('me', ['a']) }));
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('joined'));
    client.socketHandlers.get('disconnect')?.('transport close');
    expect(session.state.reconnecting).toBe(true);
    client.answers.push(() => ({ ok: true, ...joined('me', ['a']) }));
    client.connect();
    await vi.waitFor(() => expect(session.state.reconnecting).toBe(false));
    expect(client.requests[1]?.payload.resumeToken).toBe('resume-me');
    expect(made).toHaveLength(1);
    expect(made[0]?.calls).toContain('restartIce');
  });

  it('when the resume window has passed, joins afresh and rebuilds its connections', async () => {
    const { client, session, made } = setup();
    current = session;
    client.answers.push(() => ({ ok: true, ...joined('me', ['a']) }));
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('joined'));
    client.answers.push(() => new RealtimeError('invalid_resume_token'));
    client.answers.push(() => ({ ok: true, ...joined('me2', ['a']) }));
    client.connect();
    await vi.waitFor(() => expect(session.state.self?.id).toBe('me2'));
    expect(client.requests[2]?.payload.resumeToken).toBeUndefined();
    expect(made[0]?.calls).toContain('close');
    expect(made[1]?.calls).toEqual(['add a']);
  });

  it('a refused join ends the attempt with a clear message', async () => {
    const { client, session } = setup();
    current = session;
    client.answers.push(() => new RealtimeError('wrong_password'));
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('failed'));
    expect(session.state.error?.message).toBe('That password is not right.');
  });

  it('removal by the host ends the session as removed', async () => {
    const { client, session, made } = setup();
    current = session;
    client.answers.push(() => ({ ok: true, ...joined('me', ['a']) }));
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('joined'));
    client.emit('meeting:removed', {});
    expect(session.state.phase).toBe('removed');
    expect(made[0]?.calls).toContain('close');
  });

  it('switches to the SFU when told: the mesh closes, the SFU transport gets everyone', async () => {
    const { client, session, made } = setup();
    current = session;
    client.answers.push(() => ({ ok: true, ...joined('me', ['a', 'b']) }));
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('joined'));
    expect(made[0]?.transport.mode).toBe('mesh');
    const sfuIce = [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }];
    client.emit('meeting:mode', { mode: 'sfu', iceServers: sfuIce });
    expect(made[0]?.calls).toContain('close');
    expect(made[1]?.opts?.iceServers).toEqual(sfuIce);
    expect(made[1]?.transport.mode).toBe('sfu');
    expect(made[1]?.opts?.sfu).toBeDefined();
    expect(made[1]?.calls).toEqual(['add a', 'add b']);
    expect(session.state.mode).toBe('sfu');
    expect(session.state.remoteMedia.a).toEqual({ camera: null, screen: null });
    // Only once: a repeated event changes nothing.
    client.emit('meeting:mode', { mode: 'sfu' });
    expect(made).toHaveLength(2);
  });

  it('a resume that finds the meeting switched to the SFU meanwhile rebuilds the transport', async () => {
    const { client, session, made } = setup();
    current = session;
    client.answers.push(() => ({ ok: true, ...joined('me', ['a']) }));
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('joined'));
    client.socketHandlers.get('disconnect')?.('transport close');
    client.answers.push(() => ({ ok: true, ...joined('me', ['a', 'b', 'c', 'd']), mode: 'sfu' }));
    client.connect();
    await vi.waitFor(() => expect(made).toHaveLength(2));
    expect(made[0]?.calls).toContain('close');
    expect(made[1]?.transport.mode).toBe('sfu');
    expect(made[1]?.calls).not.toContain('restartIce');
  });

  it('a mode switch that arrives before the join answer is handled applies to that answer', async () => {
    const { client, session, made } = setup();
    current = session;
    client.answers.push(() => {
      client.emit('meeting:mode', { mode: 'sfu', iceServers: [] });
      return { ok: true, ...joined('me', ['a', 'b', 'c', 'd']) };
    });
    session.start();
    await vi.waitFor(() => expect(session.state.phase).toBe('joined'));
    expect(made).toHaveLength(1);
    expect(made[0]?.transport.mode).toBe('sfu');
    expect(made[0]?.opts?.iceServers).toEqual([]);
    expect(session.state.mode).toBe('sfu');
  });
});
