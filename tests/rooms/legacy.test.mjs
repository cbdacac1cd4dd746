// The original client's event set, exactly as the original React client uses it: connect without auth,
// join-call(full page URL), user-joined, signal relay, chat-message, user-left.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { participant, waitFor, nothing, ask, closeAll, connect, connected } from './helpers.mjs';

describe('legacy event set', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--mesh-limit', '3'] }); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('join-call, user-joined, signal, chat-message, user-left end to end', async () => {
    // The original client connects with the default transports (polling, then upgrade) and no auth.
    const a = await connected(connect(server, undefined, { transports: ['polling', 'websocket'] }));
    const b = await connected(connect(server, undefined, { transports: ['polling', 'websocket'] }));
    const x = await participant(server, undefined);
    try {
      a.emit('join-call', 'http://localhost:3000/AbC123');
      const [newId, ids] = await waitFor(a, 'user-joined');
      assert.equal(newId, a.id);
      assert.deepEqual(ids, [a.id]);

      a.emit('chat-message', 'hello before you came', 'Ann');
      assert.deepEqual(await waitFor(a, 'chat-message'), ['hello before you came', 'Ann', a.id]);

      // A trailing slash or a query string is the same room.
      b.emit('join-call', 'http://localhost:3000/abc123/?x=1');
      const joinedA = await waitFor(a, 'user-joined', (id) => id === b.id);
      assert.deepEqual(joinedA, [b.id, [a.id, b.id]]);
      assert.deepEqual(await waitFor(b, 'user-joined'), [b.id, [a.id, b.id]]);
      assert.deepEqual(await waitFor(b, 'chat-message'), ['hello before you came', 'Ann', a.id]);

      // The joiner offers to every other member; the message string is relayed verbatim.
      const sdp = JSON.stringify({ sdp: { type: 'offer', sdp: 'v=0' } });
      b.emit('signal', a.id, sdp);
      assert.deepEqual(await waitFor(a, 'signal'), [b.id, sdp]);
      const ice = JSON.stringify({ ice: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' } });
      a.emit('signal', b.id, ice);
      assert.deepEqual(await waitFor(b, 'signal'), [a.id, ice]);

      b.emit('chat-message', 'hi Ann', 'Bob');
      assert.deepEqual(await waitFor(a, 'chat-message'), ['hi Ann', 'Bob', b.id]);
      assert.deepEqual(await waitFor(b, 'chat-message'), ['hi Ann', 'Bob', b.id]);

      // Another room cannot signal into this one.
      x.emit('join-call', 'http://localhost:3000/other');
      await waitFor(x, 'user-joined');
      x.emit('signal', a.id, sdp);
      assert.ok(await nothing(a, 'signal'));

      const bId = b.id;
      b.disconnect();
      assert.deepEqual(await waitFor(a, 'user-left'), [bId]);
    } finally { closeAll(a, b, x); }
  });

  test('an emptied room forgets its chat; rooms are capped; named sockets keep their name', async () => {
    const a = await participant(server, undefined);
    a.emit('join-call', 'http://h/forget-me');
    await waitFor(a, 'user-joined');
    a.emit('chat-message', 'secret', 'Ann');
    await waitFor(a, 'chat-message');
    a.close();
    await new Promise((r) => setTimeout(r, 200));
    const z = await participant(server, undefined);
    z.emit('join-call', 'http://h/forget-me');
    await waitFor(z, 'user-joined');
    assert.ok(await nothing(z, 'chat-message'));

    const g = await participant(server, { guestName: 'Real Name' });
    g.emit('join-call', 'http://h/forget-me');
    await waitFor(g, 'user-joined');
    g.emit('chat-message', 'hi', 'Impostor');
    assert.deepEqual(await waitFor(z, 'chat-message'), ['hi', 'Real Name', g.id]);

    const third = await participant(server, undefined);
    third.emit('join-call', 'http://h/forget-me');
    await waitFor(third, 'user-joined');
    const fourth = await participant(server, undefined);
    const refused = await ask(fourth, 'join-call', 'http://h/forget-me');
    assert.equal(refused.error, 'meeting_full');
    closeAll(z, g, third, fourth);
  });
});
