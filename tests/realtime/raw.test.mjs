// Raw Engine.IO traffic with bad bytes: the offending connection gets an error or is closed, and the
// server and every other connection live on.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import WebSocket from 'ws';
import { startRealtimeServer, connected, closeAll, ack, withTimeout, sleep, origin } from './helpers.mjs';

let server;  // default heartbeat (25 s), so that polls return only what a test expects
let fast;    // 300 ms ping interval and timeout, for the heartbeat tests
let witness;  // a well-behaved client that must survive every test
before(async () => {
  server = await startRealtimeServer(['--max-payload', '20000']);
  fast = await startRealtimeServer(['--ping-interval', '300', '--ping-timeout', '300']);
  witness = await connected(server, { transports: ['websocket'] });
});
after(async () => {
  closeAll();
  for (const s of [server, fast]) { await s.stop(); s.cleanup(); }
});
afterEach(async () => {
  assert.equal(await ack(witness, 'test:ack', 'still here'), 'still here');
});

const base = (srv = server) => `${srv.url}/socket.io/`;

async function handshake(srv = server) {
  const res = await fetch(`${base(srv)}?EIO=4&transport=polling`);
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.equal(body[0], '0');
  return JSON.parse(body.slice(1));
}

const poll = (sid, srv = server) => fetch(`${base(srv)}?EIO=4&transport=polling&sid=${sid}`);
const post = (sid, body) => fetch(`${base()}?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body });

function wsOpen(query = 'EIO=4&transport=websocket', srv = server) {
  const ws = new WebSocket(`${origin(srv)}/socket.io/?${query}`);
  const messages = [];
  const waiters = [];
  ws.on('message', (data, isBinary) => {
    const m = isBinary ? data : data.toString();
    const w = waiters.shift();
    if (w) w(m); else messages.push(m);
  });
  const closed = new Promise((r) => ws.on('close', (code) => r(code)));
  ws.on('error', () => {});
  return {
    ws,
    closed: (ms = 3000) => withTimeout(closed, ms, 'websocket close'),
    next: (ms = 3000) => withTimeout(new Promise((r) => { if (messages.length) r(messages.shift()); else waiters.push(r); }), ms, 'message'),
    opened: () => withTimeout(new Promise((r, j) => { ws.once('open', r); ws.once('error', j); }), 3000, 'open'),
  };
}

test('handshake advertises sid, upgrades, heartbeat and maxPayload', async () => {
  const open = await handshake();
  assert.equal(typeof open.sid, 'string');
  assert.deepEqual(open.upgrades, ['websocket']);
  assert.equal(open.pingInterval, 25000);
  assert.equal(open.pingTimeout, 20000);
  assert.equal(open.maxPayload, 20000);
  const quick = await handshake(fast);
  assert.equal(quick.pingInterval, 300);
  assert.equal(quick.pingTimeout, 300);
});

test('wrong sid gets 400 Session ID unknown', async () => {
  const res = await poll('nope');
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { code: 1, message: 'Session ID unknown' });
});

test('bad protocol version, unknown transport and POST handshake are refused', async () => {
  let res = await fetch(`${base()}?EIO=3&transport=polling`);
  assert.equal(res.status, 400);
  assert.equal((await res.json()).code, 5);
  res = await fetch(`${base()}?EIO=4&transport=carrier-pigeon`);
  assert.equal((await res.json()).code, 0);
  res = await fetch(`${base()}?EIO=4&transport=polling`, { method: 'POST', body: '40' });
  assert.equal((await res.json()).code, 2);
});

test('POST of an invalid packet closes that session; later requests see it gone', async () => {
  const { sid } = await handshake();
  const res = await post(sid, '9garbage');
  assert.equal(res.status, 400);
  const again = await poll(sid);
  assert.equal(again.status, 400);
  assert.equal((await again.json()).code, 1);
  const closedPost = await post(sid, '40');
  assert.equal(closedPost.status, 400);
});

test('invalid Socket.IO JSON over polling closes the session', async () => {
  const { sid } = await handshake();
  assert.equal((await post(sid, '40')).status, 200);
  const connectReply = await (await poll(sid)).text();
  assert.match(connectReply, /^40\{"sid":/);
  assert.equal((await post(sid, '42["a",')).status, 200);  // accepted as an Engine.IO packet...
  await sleep(50);
  assert.equal((await poll(sid)).status, 400);              // ...but the session is gone
});

test('a second concurrent GET gets 400 and ends the session', async () => {
  const { sid } = await handshake();
  const first = poll(sid);
  await sleep(50);
  const second = await poll(sid);
  assert.equal(second.status, 400);
  const firstBody = await (await withTimeout(first, 3000, 'first GET')).text();
  assert.match(firstBody, /1$/);  // released with the close packet
});

test('a server kick on polling: the DISCONNECT alone in one poll, the close in the next, then the session is gone', async () => {
  const { sid } = await handshake();
  await post(sid, '40{"__test":true}');
  assert.match(await (await poll(sid)).text(), /^40\{"sid":/);
  assert.equal((await post(sid, '42["test:disconnect-me","kicked"]')).status, 200);
  await sleep(100);  // both are queued before the next poll: they must still leave in separate responses
  // socket.io-client handles a decoded packet one tick after a transport close from the same response,
  // so "41\x1e1" would read as 'transport close' instead of 'io server disconnect'.
  assert.equal(await (await withTimeout(poll(sid), 3000, 'poll with the DISCONNECT')).text(), '41');
  assert.equal(await (await withTimeout(poll(sid), 3000, 'poll with the close')).text(), '1');
  assert.equal((await poll(sid)).status, 400);
});

test('a server kick with a long poll held: the held GET carries the DISCONNECT, the next one the close', async () => {
  const { sid } = await handshake();
  await post(sid, '40{"__test":true}');
  await poll(sid);
  const held = poll(sid);
  await sleep(50);
  assert.equal((await post(sid, '42["test:disconnect-me","kicked"]')).status, 200);
  assert.equal(await (await withTimeout(held, 3000, 'held GET')).text(), '41');
  assert.equal(await (await withTimeout(poll(sid), 3000, 'poll with the close')).text(), '1');
  assert.equal((await poll(sid)).status, 400);
});

test('binary polling records are base64 with a b prefix', async () => {
  const { sid } = await handshake();
  await post(sid, '40{"__test":true}');
  await poll(sid);
  // BINARY_EVENT with one attachment, then the attachment as a base64 record.
  assert.equal((await post(sid, '451-0["test:ack",{"_placeholder":true,"num":0}]\x1ebAQID')).status, 200);
  // The header and its attachment may be released by one long poll or by two in a row.
  let reply = await (await poll(sid)).text();
  if (!reply.includes('\x1e')) reply += `\x1e${await (await poll(sid)).text()}`;
  assert.equal(reply, '461-0[{"_placeholder":true,"num":0}]\x1ebAQID');
});

test('WebSocket: invalid JSON, unknown packet type and stray binary close only that connection', async () => {
  for (const bad of ['42["a",', '9hello', '', Buffer.from([1, 2, 3])]) {
    const c = wsOpen();
    await c.opened();
    assert.match(await c.next(), /^0\{/);
    c.ws.send('40{"__test":true}');
    assert.match(await c.next(), /^40\{"sid"/);
    c.ws.send(bad);
    await c.closed();
  }
});

test('WebSocket with an unknown sid is closed', async () => {
  const c = wsOpen('EIO=4&transport=websocket&sid=unknown');
  await c.closed();
});

test('WebSocket message over maxPayload is closed with 1009', async () => {
  const c = wsOpen();
  await c.opened();
  await c.next();
  c.ws.send('4' + 'x'.repeat(30000));
  assert.equal(await c.closed(), 1009);
});

test('invalid WebSocket framing on the raw TCP socket closes it', async () => {
  const { port } = server;
  const sock = net.connect(port, '127.0.0.1');
  await withTimeout(new Promise((r) => sock.once('connect', r)), 3000, 'tcp connect');
  sock.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n' +
    'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  let received = '';
  sock.on('data', (d) => { received += d.toString('latin1'); });
  await withTimeout(new Promise((r) => { const t = setInterval(() => { if (received.includes('\r\n\r\n')) { clearInterval(t); r(); } }, 10); }), 3000, '101');
  assert.match(received, /^HTTP\/1\.1 101/);
  const afterUpgrade = received.length;
  sock.write(Buffer.from([0xf3, 0x80, 0, 0, 0, 0]));  // a complete frame header with RSV1-3 set and reserved opcode 3
  // The server fails the WebSocket: a close frame (opcode 8, code 1002) and/or the TCP close. (A peer
  // that then keeps TCP open is dropped by the heartbeat.)
  try {
    await withTimeout(new Promise((r) => {
      sock.once('close', r);
      const t = setInterval(() => {
        // After the open packet's text frame (0x81 ...), a close frame (0x88) must follow.
        if (received.indexOf('\x88', afterUpgrade) >= 0) { clearInterval(t); r(); }
      }, 10);
    }), 3000, 'close frame or tcp close');
  } finally {
    sock.destroy();
  }
});

test('the upgrade probe: 2probe/3probe, polling paused with noop, then 5 switches transport', async () => {
  const { sid } = await handshake();
  await post(sid, '40{"__test":true}');
  await poll(sid);
  const held = poll(sid);  // held until the upgrade releases it
  const c = wsOpen(`EIO=4&transport=websocket&sid=${sid}`);
  await c.opened();
  c.ws.send('2probe');
  assert.equal(await c.next(), '3probe');
  assert.equal(await (await withTimeout(held, 3000, 'held GET')).text(), '6');
  c.ws.send('5');
  await sleep(50);
  c.ws.send('421["test:ack","over ws"]');
  let m = await c.next();
  while (m === '2') { c.ws.send('3'); m = await c.next(); }
  assert.equal(m, '431["over ws"]');
  assert.equal((await poll(sid)).status, 400);  // polling is over for this session
  c.ws.close();
});

test('a client that stops answering pings is closed after pingInterval + pingTimeout', async () => {
  const c = wsOpen(undefined, fast);
  await c.opened();
  await c.next();
  c.ws.send('40{"__test":true}');
  await c.next();
  const started = Date.now();
  assert.equal(await c.next(), '2');  // the ping, left unanswered
  await c.closed(3000);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 250 && elapsed < 2000, `closed after ${elapsed} ms`);
});

test('a polling session that stops polling is closed by the heartbeat', async () => {
  const { sid } = await handshake(fast);
  await sleep(900);
  assert.equal((await poll(sid, fast)).status, 400);
});

test('the official client stays connected across many heartbeats', async () => {
  const s = await connected(fast, { transports: ['polling'] });
  await sleep(1500);
  assert.equal(s.connected, true);
  assert.equal(await ack(s, 'test:ack', 1), 1);
});

test('metrics expose realtime counters', async () => {
  const text = await (await fetch(`${fast.url}/metrics`)).text();
  for (const name of ['parley_realtime_sessions', 'parley_realtime_packets_in_total', 'parley_realtime_packets_out_total',
    'parley_realtime_disconnects_total', 'parley_realtime_upgrades_total']) {
    assert.ok(text.includes(name), name);
  }
  assert.match(text, /parley_realtime_disconnects_total\{reason="ping timeout"\} [1-9]/);
});
