import { describe, expect, it } from 'vitest';
import type { RealtimeClient } from '../../../api/realtime';
import type { SfuOffer } from '../../../api/types';
import { SfuChannel } from './sfuChannel';

type Handler = (payload: unknown) => void;

/** Stands in for RealtimeClient: events by name, requests answered from a table. */
class FakeClient {
  readonly handlers = new Map<string, Handler>();
  readonly requests: { event: string; payload: unknown }[] = [];
  on(event: string, fn: Handler) {
    this.handlers.set(event, fn);
    return () => this.handlers.delete(event);
  }
  async request(event: string, payload: unknown) {
    this.requests.push({ event, payload });
    return event === 'sfu:publish' ? { ok: true, sdp: 'answer-sdp' } : { ok: true };
  }
  emit(event: string, payload: unknown) {
    this.handlers.get(event)?.(payload);
  }
}

const offer = (version: number): SfuOffer => ({ sdp: `offer-${version}`, version, tracks: [] });

describe('SfuChannel', () => {
  it('keeps offers that come before the SFU client and hands them over in order', () => {
    const client = new FakeClient();
    const channel = new SfuChannel(client as unknown as RealtimeClient);
    client.emit('sfu:offer', offer(1));
    client.emit('sfu:offer', offer(2));
    const seen: number[] = [];
    const off = channel.onOffer((o) => seen.push(o.version));
    expect(seen).toEqual([1, 2]);
    client.emit('sfu:offer', offer(3));
    expect(seen).toEqual([1, 2, 3]);
    off();
    client.emit('sfu:offer', offer(4));
    expect(seen).toEqual([1, 2, 3]);
    channel.reset();
    channel.onOffer((o) => seen.push(o.version));
    expect(seen).toEqual([1, 2, 3]);
  });

  it('maps requests to sfu:* events and returns the SFU answer', async () => {
    const client = new FakeClient();
    const channel = new SfuChannel(client as unknown as RealtimeClient);
    const tracks = [{ mid: '0', source: 'audio' as const }];
    expect(await channel.publish('offer-sdp', tracks)).toBe('answer-sdp');
    await channel.answer(7, 'sdp-7');
    await channel.restart();
    expect(client.requests).toEqual([
      { event: 'sfu:publish', payload: { sdp: 'offer-sdp', tracks } },
      { event: 'sfu:answer', payload: { version: 7, sdp: 'sdp-7' } },
      { event: 'sfu:restart', payload: {} },
    ]);
    const states: string[] = [];
    channel.onTransportState((e) => states.push(`${e.connection}:${e.state}`));
    client.emit('sfu:transport', { connection: 'send', state: 'failed' });
    expect(states).toEqual(['send:failed']);
  });
});
