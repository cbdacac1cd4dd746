// History is computed from real attendance: joining a meeting over Socket.IO writes it, leaving
// closes it, ending the meeting makes it not rejoinable; the REST page is newest first with a cursor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startServer, api } from './support.mjs';

let server;
let client;
before(async () => {
  server = await startServer();
  client = api(server);
});
after(async () => { await server?.stop(); server?.cleanup(); });

async function join(token, code) {
  const socket = io(server.url, { path: '/socket.io/', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5000 });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(5000).emitWithAck('meeting:join', { code });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return socket;
}

async function leave(socket) {
  await socket.timeout(5000).emitWithAck('meeting:leave', {});
  socket.close();
}

test('joining writes history; leaving sets leftAt and duration; ending forbids rejoining', async () => {
  const host = await client.signedIn('Hoster');
  const guest = await client.signedIn('Attendee');
  const m1 = (await client.post('/api/v1/meetings', { title: 'First' }, { token: host.token })).json;
  const m2 = (await client.post('/api/v1/meetings', { title: 'Second' }, { token: host.token })).json;

  // Created but never joined: not in anyone's history.
  assert.deepEqual((await client.get('/api/v1/meetings/history', { token: guest.token })).json.meetings, []);

  const s1 = await join(guest.token, m1.code);
  let page = (await client.get('/api/v1/meetings/history', { token: guest.token })).json;
  assert.equal(page.meetings.length, 1);
  assert.equal(page.meetings[0].code, m1.code);
  assert.equal(page.meetings[0].title, 'First');
  assert.equal(page.meetings[0].hostName, 'Hoster');
  assert.equal(page.meetings[0].leftAt, null);
  assert.equal(page.meetings[0].durationSeconds, null);
  assert.equal(page.meetings[0].canRejoin, true);
  await new Promise((r) => setTimeout(r, 1100));
  await leave(s1);

  const s2 = await join(guest.token, m2.code);
  await leave(s2);
  assert.equal((await client.delete(`/api/v1/meetings/${m1.code}`, { token: host.token })).status, 204);

  // Wait (bounded) for the leave writes, which run on the blocking pool after the ack.
  const deadline = Date.now() + 5000;
  do {
    page = (await client.get('/api/v1/meetings/history', { token: guest.token })).json;
    if (page.meetings.every((e) => e.leftAt)) break;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  assert.deepEqual(page.meetings.map((e) => e.code), [m2.code, m1.code]);
  const first = page.meetings[1];
  assert.ok(first.leftAt);
  assert.ok(first.durationSeconds >= 1, JSON.stringify(first));
  assert.equal(first.canRejoin, false);
  assert.equal(page.meetings[0].canRejoin, true);
  assert.equal(page.nextBefore, null);

  // Pages of one, newest first, following nextBefore.
  const p1 = (await client.get('/api/v1/meetings/history?limit=1', { token: guest.token })).json;
  assert.deepEqual(p1.meetings.map((e) => e.code), [m2.code]);
  assert.ok(p1.nextBefore);
  const p2 = (await client.get(`/api/v1/meetings/history?limit=1&before=${encodeURIComponent(p1.nextBefore)}`, { token: guest.token })).json;
  assert.deepEqual(p2.meetings.map((e) => e.code), [m1.code]);
  assert.equal(p2.nextBefore, null);

  // The legacy activity list shows real attendance too.
  const legacy = (await client.get(`/api/v1/users/get_all_activity?token=${guest.token}`)).json;
  assert.deepEqual(legacy.map((e) => e.meetingCode), [m1.code, m2.code]);
});
