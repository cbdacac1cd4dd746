// Bad payloads for every event: wrong types, missing fields, huge strings, unknown events. Each gets an
// error ack (or, without an ack, is dropped); the server and the meeting live on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signUp, createMeeting, participant, ask, waitFor, closeAll } from './helpers.mjs';

const huge = 'x'.repeat(200 * 1024);

const cases = {
  'meeting:join': [undefined, null, 'abc', 42, [], {}, { code: 5 }, { code: '' }, { code: huge }, { code: 'a', password: 7 },
    { code: 'a', password: huge }, { code: 'a', resumeToken: {} }],
  'meeting:leave': ['text', 3],
  'rtc:signal': [undefined, {}, { to: 1 }, { to: 'p' }, { to: 'p', description: 'sdp' }, { to: 'p', candidate: 5 },
    { to: huge, candidate: null }, { to: 'p', description: { sdp: huge } }],
  'chat:send': [undefined, {}, { text: 1 }, { text: '' }, { text: '   ' }, { text: huge }, { text: ['a'] }],
  'media:state': [undefined, {}, { audio: 'yes' }, { video: 1 }, { hand: null }],
  reaction: [undefined, {}, { emoji: 1 }, { emoji: huge }, { emoji: '' }],
  'host:mute': [undefined, {}, { id: 1 }, { id: huge }],
  'host:remove': [undefined, {}, { id: [] }],
  'host:promote': [undefined, { id: null }],
  'meeting:lock': [undefined, {}, { locked: 'true' }, { locked: 1 }],
  'meeting:end': ['now', 1],
  'lobby:admit': [undefined, {}, { id: 3 }],
  'lobby:deny': [undefined, { id: {} }],
  'join-call': [undefined, 5, {}, '', 'http://h/', `http://h/${huge}`, 'http://h/a b'],
  signal: [undefined, 5],
  'chat-message': [undefined, 5, huge],
  'no-such-event': [{}],
  'meeting:join ': [{}],
};

test('every event refuses bad payloads with an error ack; the server and the meeting live on', async () => {
  // Payloads past the transport's maxPayload close the connection (see Transport); raise it so that
  // the huge strings reach the event validation.
  const server = await startServer({ args: ['--max-body-bytes', '1048576', '--max-payload', '1048576'] });
  let h; let b;
  try {
    const host = await signUp(server, 'Hana');
    const m = await createMeeting(server, host.token);
    h = await participant(server, { token: host.token });
    b = await participant(server, { guestName: 'Bob' });
    const jh = await ask(h, 'meeting:join', { code: m.code });
    await ask(b, 'meeting:join', { code: m.code });
    for (const [event, payloads] of Object.entries(cases)) {
      for (const payload of payloads) {
        const r = await (payload === undefined ? h.timeout(5000).emitWithAck(event) : ask(h, event, payload));
        assert.equal(r.ok, false, `${event} ${JSON.stringify(payload)?.slice(0, 80)}`);
        assert.equal(typeof r.error, 'string');
        assert.equal(typeof r.message, 'string');
        if (event === 'no-such-event' || event === 'meeting:join ') assert.equal(r.error, 'unknown_event');
      }
    }
    // Without an ack: nothing comes back and nothing breaks.
    h.emit('chat:send', { text: 7 });
    h.emit('rtc:signal', 'garbage');
    h.emit('media:state');
    // The bad join attempts above did not take the host out of its meeting.
    const sent = await ask(h, 'chat:send', { text: 'still alive' });
    assert.equal(sent.ok, true);
    assert.equal(sent.message.from, jh.self.id);
    await waitFor(b, 'chat:message', (e) => e.text === 'still alive');
    const health = await fetch(`${server.url}/healthz`).catch(() => null);
    assert.ok(!health || health.status < 500);
  } finally { closeAll(h, b); await server.stop(); server.cleanup(); }
});
