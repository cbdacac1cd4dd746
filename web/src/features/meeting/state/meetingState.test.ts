import { describe, expect, it } from 'vitest';
import type { ChatMessage, JoinedPayload, Participant } from '../../../api/types';
import {
  initialMeetingState,
  meetingReducer,
  type MeetingAction,
  type MeetingState,
} from './meetingState';

const media = { audio: true, video: true, screen: false, hand: false };
const alice: Participant = { id: 'a', name: 'Alice', role: 'host', media };
const bob: Participant = { id: 'b', name: 'Bob', role: 'guest', media };

function joined(extra: Partial<JoinedPayload> = {}): JoinedPayload {
  return {
    status: 'joined',
    self: { id: 'me', name: 'Me', role: 'member', resumeToken: 't' },
    participants: [alice, { id: 'me', name: 'Me', role: 'member', media }],
    chat: [],
    mode: 'mesh',
    iceServers: [],
    meeting: { code: 'abc-defg-hij', title: 'T', locked: false, lobby: false, guestsAllowed: true },
    ...extra,
  };
}

const run = (actions: MeetingAction[], s: MeetingState = initialMeetingState()) =>
  actions.reduce(meetingReducer, s);

const msg = (id: string, from: string): ChatMessage => ({
  id,
  from,
  name: from,
  text: 'hi',
  at: '2026-01-01T00:00:00Z',
});

describe('meetingReducer', () => {
  it('join lists the others, not self', () => {
    const s = run([{ type: 'joined', payload: joined() }]);
    expect(s.phase).toBe('joined');
    expect(s.participants.map((p) => p.id)).toEqual(['a']);
  });

  it('tracks joins, updates and leaves, clearing pin and media of the leaver', () => {
    const s = run([
      { type: 'joined', payload: joined() },
      { type: 'participantJoined', participant: bob },
      { type: 'pin', id: 'b' },
      { type: 'participantUpdated', id: 'b', media: { ...media, audio: false } },
    ]);
    expect(s.participants.find((p) => p.id === 'b')?.media.audio).toBe(false);
    const after = meetingReducer(s, { type: 'participantLeft', id: 'b' });
    expect(after.participants.map((p) => p.id)).toEqual(['a']);
    expect(after.pinnedId).toBeNull();
  });

  it('counts unread messages from others while the chat is closed and resets on open', () => {
    const s = run([
      { type: 'joined', payload: joined() },
      { type: 'chatMessage', message: msg('1', 'a') },
      { type: 'chatMessage', message: msg('2', 'a') },
      { type: 'chatMessage', message: msg('3', 'me') },
      { type: 'chatMessage', message: msg('2', 'a') },
    ]);
    expect(s.unread).toBe(2);
    expect(s.chat).toHaveLength(3);
    const open = meetingReducer(s, { type: 'chatOpen', open: true });
    expect(open.unread).toBe(0);
    const more = meetingReducer(open, { type: 'chatMessage', message: msg('4', 'a') });
    expect(more.unread).toBe(0);
    const closed = run(
      [
        { type: 'chatOpen', open: false },
        { type: 'chatMessage', message: msg('5', 'a') },
      ],
      more,
    );
    expect(closed.unread).toBe(1);
  });

  it('a resumed join keeps chat history without duplicates and drops vanished peers', () => {
    const s = run([
      { type: 'joined', payload: joined({ participants: [alice, bob], chat: [msg('1', 'a')] }) },
      { type: 'remoteMedia', id: 'b', media: { camera: null, screen: null } },
      {
        type: 'joined',
        payload: joined({ participants: [alice], chat: [msg('1', 'a'), msg('2', 'a')] }),
      },
    ]);
    expect(s.chat.map((m) => m.id)).toEqual(['1', '2']);
    expect(s.remoteMedia).toEqual({});
  });

  it('queues lobby requests once each', () => {
    const s = run([
      { type: 'lobbyRequest', request: { id: 'g', name: 'Guest' } },
      { type: 'lobbyRequest', request: { id: 'g', name: 'Guest' } },
    ]);
    expect(s.lobbyRequests).toHaveLength(1);
    expect(run([{ type: 'lobbyResolved', id: 'g' }], s).lobbyRequests).toHaveLength(0);
  });
});
