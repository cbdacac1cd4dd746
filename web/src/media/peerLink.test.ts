import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignalMessage } from '../api/types';
import {
  FakePeerConnection,
  createFakePc,
  fakeStream,
  fakeTrack,
  settle,
} from './fakePeerConnection.test-helper';
import { PeerLink, type RemoteMedia } from './peerLink';
import { PeerMesh } from './peerMesh';

function pair(opts: { delayMs?: number; politeHoldMs?: number } = {}) {
  const media: Record<'a' | 'b', RemoteMedia[]> = { a: [], b: [] };
  const wire: Record<'a' | 'b', SignalMessage[]> = { a: [], b: [] };
  const links: Partial<Record<'a' | 'b', PeerLink>> = {};
  const deliver = (to: 'a' | 'b', m: SignalMessage) => {
    wire[to].push(m);
    setTimeout(() => void links[to]?.handleSignal(m), opts.delayMs ?? 0);
  };
  const make = (self: 'a' | 'b', polite: boolean) =>
    new PeerLink({
      remoteId: self === 'a' ? 'b' : 'a',
      polite,
      rtcConfig: {},
      localCameraStream: fakeStream(),
      sendSignal: (m) => deliver(self === 'a' ? 'b' : 'a', m),
      onRemoteMedia: (m) => media[self].push(m),
      onStateChange: () => undefined,
      createPeerConnection: createFakePc,
      createMediaStream: (t) => fakeStream(t),
      politeHoldMs: opts.politeHoldMs ?? 0,
    });
  const a = (links.a = make('a', true));
  const b = (links.b = make('b', false));
  return { a, b, media, wire };
}

const fake = (l: PeerLink) => l.pc as unknown as FakePeerConnection;

afterEach(() => {
  FakePeerConnection.instances = [];
});

describe('PeerLink perfect negotiation', () => {
  it('connects when only one side adds tracks', async () => {
    const { a, b, media } = pair();
    await a.setTrack('audio', fakeTrack('audio'));
    await a.setTrack('video', fakeTrack('video'));
    await vi.waitFor(() => {
      expect(media.b.at(-1)?.camera).toBeTruthy();
      expect(a.pc.signalingState).toBe('stable');
      expect(b.pc.signalingState).toBe('stable');
    });
  });

  it('survives simultaneous offers (glare): polite side rolls back, both get media', async () => {
    const { a, b, media } = pair({ delayMs: 5 });
    await Promise.all([
      a.setTrack('audio', fakeTrack('audio')),
      b.setTrack('audio', fakeTrack('audio')),
      a.setTrack('video', fakeTrack('video')),
      b.setTrack('video', fakeTrack('video')),
    ]);
    await vi.waitFor(() => {
      expect(fake(a).seenRemoteTracks.size).toBe(2);
      expect(fake(b).seenRemoteTracks.size).toBe(2);
      expect(a.pc.signalingState).toBe('stable');
      expect(b.pc.signalingState).toBe('stable');
    });
    expect(fake(a).offersCreated).toBeGreaterThan(0);
    expect(fake(b).offersCreated).toBeGreaterThan(0);
    expect(fake(a).rollbacks).toBeGreaterThan(0); // a is polite
    expect(fake(b).rollbacks).toBe(0);
    expect(a.pc.signalingState).toBe('stable');
    expect(b.pc.signalingState).toBe('stable');
    expect(media.a.at(-1)?.camera).toBeTruthy();
    expect(media.b.at(-1)?.camera).toBeTruthy();
    expect(fake(a).seenRemoteTracks.size).toBe(2);
    expect(fake(b).seenRemoteTracks.size).toBe(2);
  });

  it('polite side holds its first tracks until the first offer, so start-up has no glare', async () => {
    const { a, b, media } = pair({ delayMs: 5, politeHoldMs: 1000 });
    await Promise.all([
      a.setTrack('audio', fakeTrack('audio')),
      b.setTrack('audio', fakeTrack('audio')),
      a.setTrack('video', fakeTrack('video')),
      b.setTrack('video', fakeTrack('video')),
    ]);
    await vi.waitFor(() => {
      expect(media.a.at(-1)?.camera).toBeTruthy();
      expect(media.b.at(-1)?.camera).toBeTruthy();
      expect(a.pc.signalingState).toBe('stable');
    });
    expect(fake(a).rollbacks).toBe(0);
    expect(fake(a).senders).toHaveLength(2); // released when b's offer came
    expect(media.a.at(-1)?.camera).toBeTruthy();
    expect(media.b.at(-1)?.camera).toBeTruthy();
    expect(a.pc.signalingState).toBe('stable');
  });

  it('polite side sends its tracks after the hold even if no offer comes', async () => {
    const { a, media } = pair({ politeHoldMs: 30 });
    await a.setTrack('audio', fakeTrack('audio'));
    expect(fake(a).senders).toHaveLength(0);
    await vi.waitFor(() => {
      expect(fake(a).senders).toHaveLength(1);
      expect(media.b.at(-1)?.camera).toBeTruthy();
    });
  });

  it('queues candidates that arrive before the remote description, then applies them in order', async () => {
    const { b } = pair();
    await b.handleSignal({ candidate: { candidate: 'c1', sdpMid: '0' } });
    await b.handleSignal({ candidate: { candidate: 'c2', sdpMid: '0' } });
    expect(fake(b).addedCandidates).toEqual([]);
    await b.handleSignal({ description: { type: 'offer', sdp: '[]' } });
    expect(fake(b).addedCandidates.map((c) => c.candidate)).toEqual(['c1', 'c2']);
  });

  it('switches camera with replaceTrack, without a new offer', async () => {
    const { a } = pair();
    await a.setTrack('video', fakeTrack('video'));
    await vi.waitFor(() => expect(a.pc.remoteDescription).toBeTruthy());
    await settle();
    const offers = fake(a).offersCreated;
    const next = fakeTrack('video');
    await a.setTrack('video', next);
    await a.setTrack('video', null);
    await settle();
    expect(fake(a).offersCreated).toBe(offers);
    expect(fake(a).senders).toHaveLength(1);
    expect(fake(a).senders[0]?.track).toBeNull();
  });

  it('tells a screen share (no stream) apart from the camera stream', async () => {
    const { a, media } = pair();
    await a.setTrack('video', fakeTrack('video'));
    await a.setTrack('screen', fakeTrack('video'));
    await vi.waitFor(() => {
      expect(media.b.at(-1)?.camera).toBeTruthy();
      expect(media.b.at(-1)?.screen).toBeTruthy();
    });
  });

  it('an ICE restart renegotiates with a fresh offer', async () => {
    const { a, b } = pair();
    await a.setTrack('audio', fakeTrack('audio'));
    await vi.waitFor(() => expect(a.pc.remoteDescription).toBeTruthy());
    await settle();
    const before = fake(a).offersCreated + fake(b).offersCreated;
    b.restartIce();
    await vi.waitFor(() => {
      expect(fake(a).offersCreated + fake(b).offersCreated).toBe(before + 1);
      expect(b.pc.signalingState).toBe('stable');
      expect(b.pc.remoteDescription).toBeTruthy();
    });
  });
});

describe('PeerMesh', () => {
  function mesh(selfId: string, sent: { to: string; m: SignalMessage }[]) {
    return new PeerMesh({
      selfId,
      iceServers: [{ urls: 'stun:example.invalid' }],
      sendSignal: (to, m) => sent.push({ to, m }),
      onRemoteMedia: () => undefined,
      onLinkState: () => undefined,
      createPeerConnection: createFakePc,
      createMediaStream: (t) => fakeStream(t),
    });
  }

  it('keeps one connection per remote participant and closes it when they leave', async () => {
    const m = mesh('me', []);
    m.addParticipant('x');
    m.addParticipant('x');
    m.addParticipant('y');
    m.addParticipant('me');
    expect(m.participantIds.sort()).toEqual(['x', 'y']);
    const x = m.link('x');
    m.removeParticipant('x');
    expect(m.participantIds).toEqual(['y']);
    expect((x?.pc as unknown as FakePeerConnection).closed).toBe(true);
    m.close();
  });

  it('passes ICE servers from the join answer and sends current tracks to late joiners', async () => {
    const m = mesh('me', []);
    const mic = fakeTrack('audio');
    await m.setLocalTrack('audio', mic);
    m.addParticipant('late');
    await settle();
    const pc = m.link('late')?.pc as unknown as FakePeerConnection;
    expect(pc.config.iceServers).toEqual([{ urls: 'stun:example.invalid' }]);
    expect(pc.senders.map((s) => s.track?.id)).toEqual([mic.id]);
    m.close();
  });

  it('creates a link on demand for a signal from an unknown participant', () => {
    const m = mesh('me', []);
    m.handleSignal('stranger', { candidate: { candidate: 'c' } });
    expect(m.participantIds).toEqual(['stranger']);
    m.close();
  });
});
