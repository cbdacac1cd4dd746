// Configurable limits: connections per address, event rate, send queue.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRealtimeServer, connected, closeAll, ack, once, sleep } from './helpers.mjs';

const servers = [];
after(async () => { closeAll(); for (const s of servers) { await s.stop(); s.cleanup(); } });

test('connections per address are capped', async () => {
  const server = await startRealtimeServer(['--max-connections-per-ip', '3']);
  servers.push(server);
  await Promise.all([1, 2, 3].map(() => connected(server, { transports: ['websocket'] })));
  const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
  assert.equal(res.status, 429);
  assert.equal((await res.json()).code, 4);
});

test('events over the per-socket rate are refused through the ack', async () => {
  const server = await startRealtimeServer(['--max-events-per-second', '5']);
  servers.push(server);
  const s = await connected(server, { transports: ['websocket'] });
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => ack(s, 'test:ack', i)));
  const refused = replies.filter((r) => r && r.error === 'too_many_requests');
  assert.ok(refused.length >= 10, `refused ${refused.length}`);
  assert.ok(replies.filter((r) => typeof r === 'number').length >= 5);
});

for (const transports of [['websocket'], ['polling']]) {
  test(`a socket whose send queue overflows is disconnected with a reason (${transports})`, async () => {
    const server = await startRealtimeServer(['--send-queue-limit', '50']);
    servers.push(server);
    const observer = await connected(server, { transports: ['websocket'] });
    const s = await connected(server, { transports, reconnection: false });
    const id = s.id;
    const gone = once(s, 'disconnect', 5000);
    s.emit('test:flood', 1000);
    await gone;
    await sleep(100);
    const [log] = await ack(observer, 'test:disconnects').then((r) => [r]);
    assert.ok(log.some((d) => d.id === id && d.reason === 'send queue overflow'), JSON.stringify(log));
  });
}

test('graceful shutdown tells every socket (io server disconnect) and exits promptly', async () => {
  const server = await startRealtimeServer();
  const a = await connected(server, { transports: ['polling'] });
  const b = await connected(server, { transports: ['websocket'] });
  const goneA = once(a, 'disconnect', 10000);
  const goneB = once(b, 'disconnect', 10000);
  const started = Date.now();
  assert.equal(await server.stop(), 0);
  assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
  assert.equal((await goneA)[0], 'io server disconnect');
  assert.equal((await goneB)[0], 'io server disconnect');
  server.cleanup();
});
