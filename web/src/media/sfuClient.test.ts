import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  SfuOffer,
  SfuPublishedTrack,
  SfuSubscribedTrack,
  SfuTransportState,
} from '../api/types';
import {
  FakePeerConnection,
  createFakePc,
  fakeStream,
  fakeTrack,
  settle,
  type FakeOfferEntry,
} from './fakePeerConnection.test-helper';
import type { LinkState, RemoteMedia } from './peerLink';
import { SfuClient, sfuIceServers } from './sfuClient';
import type { SfuSignalling } from './transport';

class CodedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** The server side of the contract, in memory: records requests, lets the test push offers. */
class FakeSfu implements SfuSignalling {
  readonly publishes: { sdp: string; tracks: SfuPublishedTrack[] }[] = [];
  readonly answers: { version: number; sdp: string }[] = [];
  restarts = 0;
  refusePublish: string[] = [];
  answerDelayMs = 0;
  private offerHandler: ((o: SfuOffer) => void) | null = null;
  private stateHandler: ((e: SfuTransportState) => void) | null = null;

  async publish(sdp: string, tracks: SfuPublishedTrack[]): Promise<string> {
    this.publishes.push({ sdp, tracks });
    const refusal = this.refusePublish.shift();
    if (refusal) throw new CodedError(refusal);
    return '[]';
  }
  async answer(version: number, sdp: string): Promise<void> {
    await new Promise((r) => setTimeout(r, this.answerDelayMs));
    this.answers.push({ version, sdp });
  }
  async restart(): Promise<void> {
    this.restarts += 1;
  }
  onOffer(handler: (o: SfuOffer) => void) {
    this.offerHandler = handler;
    return () => (this.offerHandler = null);
  }
  onTransportState(handler: (e: SfuTransportState) => void) {
    this.stateHandler = handler;
    return () => (this.stateHandler = null);
  }
  /** Sends an offer whose m-sections are exactly the listed tracks (plus inactive ones). */
  offer(version: number, tracks: SfuSubscribedTrack[], inactive: SfuSubscribedTrack[] = []) {
    const entries: FakeOfferEntry[] = [
      ...tracks.map((t) => ({ mid: t.mid, kind: t.kind, stream: t.participantId })),
      ...inactive.map((t) => ({ mid: t.mid, kind: t.kind, inactive: true })),
    ];
    this.offerHandler?.({ sdp: JSON.stringify(entries), version, tracks });
  }
  transport(e: SfuTransportState) {
    this.stateHandler?.(e);
  }
}

const track = (mid: string, participantId: string, source: 'audio' | 'video' | 'screen') => ({
  mid,
  participantId,
  source,
  kind: source === 'audio' ? ('audio' as const) : ('video' as const),
});

function setup() {
  return setupWith([]);
}

function setupWith(iceServers: { urls: string }[]) {
  const sfu = new FakeSfu();
  const media: { id: string; media: RemoteMedia }[] = [];
  const states: { id: string; state: LinkState }[] = [];
  const client = new SfuClient({
    selfId: 'me',
    iceServers,
    sendSignal: () => undefined,
    sfu,
    onRemoteMedia: (id, m) => media.push({ id, media: m }),
    onLinkState: (id, state) => states.push({ id, state }),
    createPeerConnection: createFakePc,
    createMediaStream: (t) => fakeStream(t),
  });
  const send = client.publisher.pc as unknown as FakePeerConnection;
  const recv = client.subscriber.pc as unknown as FakePeerConnection;
  const lastMedia = (id: string) => media.filter((m) => m.id === id).at(-1)?.media;
  const lastState = (id: string) => states.filter((s) => s.id === id).at(-1)?.state;
  return { sfu, client, send, recv, media, states, lastMedia, lastState };
}

let current: SfuClient | null = null;
beforeEach(() => {
  SfuClient.disconnectGraceMs = 30;
  SfuClient.minRestartIntervalMs = 0;
});
afterEach(() => {
  current?.close();
  current = null;
  FakePeerConnection.instances = [];
});

describe('SfuClient send connection', () => {
  it('publishes sendonly audio and video once, and later tracks replace without renegotiating', async () => {
    const { sfu, client, send } = setup();
    current = client;
    const mic = fakeTrack('audio');
    const cam = fakeTrack('video');
    await client.setLocalTrack('audio', mic);
    await client.setLocalTrack('video', cam);
    await vi.waitFor(() => expect(send.signalingState).toBe('stable'));
    await settle(20);
    expect(sfu.publishes).toHaveLength(1);
    expect(sfu.publishes[0]?.tracks).toEqual([
      { mid: '0', source: 'audio' },
      { mid: '1', source: 'video' },
    ]);
    expect(send.transceivers.map((t) => t.direction)).toEqual(['sendonly', 'sendonly']);
    expect(send.transceivers.map((t) => t.sender.track)).toEqual([mic, cam]);
    // Camera off and on again: same m-section, no new publish.
    await client.setLocalTrack('video', null);
    await client.setLocalTrack('video', fakeTrack('video'));
    await settle(20);
    expect(sfu.publishes).toHaveLength(1);
    expect(client.publisher.published).toBe(1);
  });

  it('a camera started after joining without one is offered once more, then never again', async () => {
    const { sfu, client } = setup();
    current = client;
    await client.setLocalTrack('audio', fakeTrack('audio'));
    await vi.waitFor(() => expect(client.publisher.published).toBe(1));
    await client.setLocalTrack('video', fakeTrack('video'));
    await vi.waitFor(() => expect(client.publisher.published).toBe(2));
    const entries = JSON.parse(sfu.publishes[1]?.sdp ?? '[]') as { id: string | null }[];
    expect(entries.every((e) => e.id !== null)).toBe(true);
    await client.setLocalTrack('video', null);
    await client.setLocalTrack('video', fakeTrack('video'));
    await settle(20);
    expect(sfu.publishes).toHaveLength(2);
  });

  it('a screen share adds a transceiver and republishes once; later shares reuse it', async () => {
    const { sfu, client, send } = setup();
    current = client;
    await vi.waitFor(() => expect(client.publisher.published).toBe(1));
    const screen = fakeTrack('video');
    await client.setLocalTrack('screen', screen);
    await vi.waitFor(() => expect(client.publisher.published).toBe(2));
    expect(sfu.publishes[1]?.tracks).toEqual([
      { mid: '0', source: 'audio' },
      { mid: '1', source: 'video' },
      { mid: '2', source: 'screen' },
    ]);
    const entries = JSON.parse(sfu.publishes[1]?.sdp ?? '[]') as {
      mid: string;
      stream: string | null;
    }[];
    // Camera and microphone share one stream; the screen has none of its own.
    expect(entries[0]?.stream).toBe(entries[1]?.stream);
    expect(entries[2]?.stream).toBeNull();
    await client.setLocalTrack('screen', null);
    await client.setLocalTrack('screen', fakeTrack('video'));
    await settle(20);
    expect(sfu.publishes).toHaveLength(2);
    expect(send.transceivers).toHaveLength(3);
  });

  it('retries a publish refused for load, and stays stable in between', async () => {
    const { sfu, client, send } = setup();
    current = client;
    sfu.refusePublish.push('rate_limited');
    await vi.waitFor(() => expect(client.publisher.published).toBe(1), { timeout: 3000 });
    expect(sfu.publishes).toHaveLength(2);
    expect(send.rollbacks).toBe(1);
    expect(send.signalingState).toBe('stable');
  });
});

describe('SfuClient receive connection', () => {
  it('answers offers strictly in order, echoing each version', async () => {
    const { sfu, client, recv } = setup();
    current = client;
    sfu.answerDelayMs = 10;
    sfu.offer(1, [track('0', 'a', 'audio')]);
    sfu.offer(2, [track('0', 'a', 'audio'), track('1', 'a', 'video')]);
    sfu.offer(3, [track('0', 'a', 'audio'), track('1', 'a', 'video'), track('2', 'b', 'video')]);
    await vi.waitFor(() => expect(sfu.answers).toHaveLength(3));
    expect(sfu.answers.map((a) => a.version)).toEqual([1, 2, 3]);
    expect(recv.signalingState).toBe('stable');
    expect(client.subscriber.answeredVersion).toBe(3);
  });

  it('maps mids to participants: camera (audio + video) and screen apart, never ourselves', async () => {
    const { sfu, client, recv, media, lastMedia } = setup();
    current = client;
    sfu.offer(1, [
      track('0', 'a', 'audio'),
      track('1', 'a', 'video'),
      track('2', 'b', 'video'),
      track('3', 'b', 'screen'),
      track('4', 'me', 'video'),
    ]);
    await vi.waitFor(() => expect(sfu.answers).toHaveLength(1));
    const byMid = (mid: string) => recv.transceivers.find((t) => t.mid === mid)?.receiver.track;
    const tracksOf = (s: MediaStream | null | undefined) => s?.getTracks() ?? null;
    expect(tracksOf(lastMedia('a')?.camera)).toEqual([byMid('0'), byMid('1')]);
    expect(lastMedia('a')?.screen).toBeNull();
    expect(tracksOf(lastMedia('b')?.camera)).toEqual([byMid('2')]);
    expect(tracksOf(lastMedia('b')?.screen)).toEqual([byMid('3')]);
    expect(media.some((m) => m.id === 'me')).toBe(false);
  });

  it('drops a participant whose tracks left the offer and keeps the others untouched', async () => {
    const { sfu, client, media, lastMedia } = setup();
    current = client;
    const a = [track('0', 'a', 'audio'), track('1', 'a', 'video')];
    const b = [track('2', 'b', 'audio'), track('3', 'b', 'video')];
    sfu.offer(1, [...a, ...b]);
    await vi.waitFor(() => expect(sfu.answers).toHaveLength(1));
    const cameraOfA = lastMedia('a')?.camera;
    const emitted = media.length;
    sfu.offer(2, a, b);
    await vi.waitFor(() => expect(sfu.answers).toHaveLength(2));
    expect(lastMedia('b')).toEqual({ camera: null, screen: null });
    expect(media.length).toBe(emitted + 1);
    expect(lastMedia('a')?.camera).toBe(cameraOfA);
    // Its screen share stops: the camera stream stays the same object.
    sfu.offer(3, [...a, track('4', 'a', 'screen')]);
    await vi.waitFor(() => expect(lastMedia('a')?.screen).toBeTruthy());
    sfu.offer(4, a, [track('4', 'a', 'screen')]);
    await vi.waitFor(() => expect(lastMedia('a')?.screen).toBeNull());
    expect(lastMedia('a')?.camera).toBe(cameraOfA);
  });

  it('link state follows the receive connection once the participant has tracks', async () => {
    const { sfu, client, recv, lastState } = setup();
    current = client;
    client.addParticipant('a');
    expect(lastState('a')).toBe('connecting');
    recv.setConnectionState('connected');
    expect(lastState('a')).toBe('connecting'); // nothing of theirs yet
    sfu.offer(1, [track('0', 'a', 'video')]);
    await vi.waitFor(() => expect(lastState('a')).toBe('connected'));
    recv.setConnectionState('disconnected');
    expect(lastState('a')).toBe('reconnecting');
    recv.setConnectionState('connected');
    expect(lastState('a')).toBe('connected');
    client.close();
    expect(lastState('a')).toBe('closed');
  });

  it('splits stats and audio levels by publisher', async () => {
    const { sfu, client, recv } = setup();
    current = client;
    sfu.offer(1, [track('0', 'a', 'audio'), track('1', 'a', 'video'), track('2', 'b', 'video')]);
    await vi.waitFor(() => expect(sfu.answers).toHaveLength(1));
    const bTrack = recv.transceivers.find((t) => t.mid === '2')?.receiver.track.id;
    recv.stats = [
      { id: 'in-a-audio', type: 'inbound-rtp', kind: 'audio', mid: '0', packetsReceived: 10 },
      { id: 'in-a-video', type: 'inbound-rtp', kind: 'video', mid: '1', framesDecoded: 5 },
      {
        id: 'in-b-video',
        type: 'inbound-rtp',
        kind: 'video',
        trackIdentifier: bTrack,
        framesDecoded: 7,
      },
      {
        id: 'pair',
        type: 'candidate-pair',
        state: 'succeeded',
        nominated: true,
        currentRoundTripTime: 0.01,
      },
    ];
    recv.audioLevels.set('0', 0.5);
    const reports = await client.statsReports();
    const ids = (id: string) => {
      const out: string[] = [];
      reports.get(id)?.forEach((s: { id: string }) => out.push(s.id));
      return out.sort();
    };
    expect(ids('a')).toEqual(['in-a-audio', 'in-a-video', 'pair']);
    expect(ids('b')).toEqual(['in-b-video', 'pair']);
    expect(client.audioLevels()).toEqual(new Map([['a', 0.5]]));
  });

  it('without the audio-level header extension, audio levels come from the decoded audio in getStats', async () => {
    const { sfu, client, recv } = setup();
    current = client;
    sfu.offer(1, [track('0', 'a', 'audio'), track('1', 'b', 'audio')]);
    await vi.waitFor(() => expect(sfu.answers).toHaveLength(1));
    recv.audioLevels.set('1', 0.25);
    recv.stats = [
      { id: 'in-a', type: 'inbound-rtp', kind: 'audio', mid: '0', audioLevel: 0.4 },
      { id: 'in-b', type: 'inbound-rtp', kind: 'audio', mid: '1', audioLevel: 0.9 },
    ];
    expect(client.audioLevels()).toEqual(
      new Map([
        ['a', 0],
        ['b', 0.25],
      ]),
    );
    await vi.waitFor(() =>
      expect(client.audioLevels()).toEqual(
        new Map([
          ['a', 0.4],
          ['b', 0.25],
        ]),
      ),
    );
  });
});

describe('SfuClient ICE restarts', () => {
  it('restartIce restarts both: a new publish with new credentials and sfu:restart', async () => {
    const { sfu, client, send } = setup();
    current = client;
    await vi.waitFor(() => expect(client.publisher.published).toBe(1));
    client.restartIce();
    await vi.waitFor(() => expect(client.publisher.published).toBe(2));
    expect(send.iceRestarts).toBe(1);
    expect(sfu.restarts).toBe(1);
  });

  it('a failed receive connection asks the SFU for a restart; a disconnected send connection restarts after a grace', async () => {
    const { sfu, client, send, recv } = setup();
    current = client;
    await vi.waitFor(() => expect(client.publisher.published).toBe(1));
    recv.setConnectionState('failed');
    expect(sfu.restarts).toBe(1);
    send.setConnectionState('disconnected');
    await settle(10);
    expect(send.iceRestarts).toBe(0);
    await vi.waitFor(() => expect(send.iceRestarts).toBe(1));
    await vi.waitFor(() => expect(client.publisher.published).toBe(2));
  });

  it('a disconnected connection that heals within the grace is left alone', async () => {
    const { sfu, client, recv } = setup();
    current = client;
    recv.setConnectionState('disconnected');
    recv.setConnectionState('connected');
    await settle(80);
    expect(sfu.restarts).toBe(0);
  });

  it('the server saying a connection is disconnected restarts it only if it is not connected after the grace', async () => {
    const { sfu, client, recv, send } = setup();
    current = client;
    recv.setConnectionState('connected');
    sfu.transport({ connection: 'recv', state: 'disconnected' });
    await settle(80);
    expect(sfu.restarts).toBe(0);
    await vi.waitFor(() => expect(client.publisher.published).toBe(1));
    send.setConnectionState('connecting');
    sfu.transport({ connection: 'send', state: 'disconnected' });
    await vi.waitFor(() => expect(send.iceRestarts).toBe(1));
  });

  it('the server saying a connection failed restarts that connection', async () => {
    const { sfu, client } = setup();
    current = client;
    sfu.transport({ connection: 'recv', state: 'failed' });
    expect(sfu.restarts).toBe(1);
    sfu.transport({ connection: 'recv', state: 'connected' });
    expect(sfu.restarts).toBe(1);
  });
});

describe('sfuIceServers', () => {
  it('keeps TURN and drops STUN, also inside a list of urls', () => {
    const turn = { urls: 'turn:127.0.0.1:3478?transport=udp', username: 'u', credential: 'c' };
    expect(
      sfuIceServers([
        { urls: 'stun:127.0.0.1:3478' },
        turn,
        { urls: ['STUNS:example.org', 'turns:example.org:5349'], username: 'v', credential: 'd' },
      ]),
    ).toEqual([turn, { urls: ['turns:example.org:5349'], username: 'v', credential: 'd' }]);
  });

  it('is what both SFU connections are configured with', () => {
    const { client, send, recv } = setupWith([{ urls: 'stun:127.0.0.1:9' }]);
    current = client;
    expect(send.config.iceServers).toEqual([]);
    expect(recv.config.iceServers).toEqual([]);
  });
});
