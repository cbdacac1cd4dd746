// Parley's built-in STUN server on the media port: Binding requests get the reflexive address,
// bad packets are dropped and counted, nothing crashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { request } from '../lib/http.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

function bindingRequest(transactionId) {
  const msg = Buffer.alloc(20);
  msg.writeUInt16BE(0x0001, 0);
  msg.writeUInt16BE(0, 2);
  msg.writeUInt32BE(0x2112a442, 4);
  transactionId.copy(msg, 8);
  return msg;
}

function sendAndMaybeReceive(socket, bytes, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { socket.off('message', on); resolve(undefined); }, timeoutMs);
    const on = (msg) => { clearTimeout(timer); socket.off('message', on); resolve(msg); };
    socket.on('message', on);
    socket.send(bytes, server.mediaPort, '127.0.0.1');
  });
}

function xorMappedAddress(response) {
  for (let at = 20; at + 4 <= response.length;) {
    const type = response.readUInt16BE(at);
    const length = response.readUInt16BE(at + 2);
    if (type === 0x0020) {
      const port = response.readUInt16BE(at + 6) ^ 0x2112;
      const ip = [0, 1, 2, 3].map((i) => response[at + 8 + i] ^ [0x21, 0x12, 0xa4, 0x42][i]).join('.');
      return { ip, port };
    }
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return undefined;
}

async function metric(name) {
  const { body } = await request(`${server.url}/metrics`);
  const m = body.match(new RegExp(`^${name} (\\d+)`, 'm'));
  return m ? Number(m[1]) : undefined;
}

test('a Binding request gets a success response with our reflexive address', async () => {
  assert.ok(server.mediaPort > 0, 'the server printed its media port');
  const socket = dgram.createSocket('udp4');
  await new Promise((r) => socket.bind(0, '127.0.0.1', r));
  try {
    const tid = randomBytes(12);
    const response = await sendAndMaybeReceive(socket, bindingRequest(tid));
    assert.ok(response, 'got an answer');
    assert.equal(response.readUInt16BE(0), 0x0101, 'Binding success response');
    assert.deepEqual(response.subarray(8, 20), tid, 'same transaction id');
    assert.deepEqual(xorMappedAddress(response), { ip: '127.0.0.1', port: socket.address().port });
  } finally {
    socket.close();
  }
});

test('garbage, truncated and non-request packets are dropped, counted, and the server lives on', async () => {
  const socket = dgram.createSocket('udp4');
  await new Promise((r) => socket.bind(0, '127.0.0.1', r));
  try {
    const before = await metric('parley_stun_datagrams_received_total');
    const bad = [
      randomBytes(7),
      Buffer.from([0x00, 0x01, 0x00, 0x08, 0x21, 0x12, 0xa4, 0x42]),               // truncated header
      Buffer.concat([bindingRequest(randomBytes(12)).subarray(0, 2), Buffer.from([0xff, 0xff]), randomBytes(16)]), // length past the end
      (() => { const m = bindingRequest(randomBytes(12)); m.writeUInt16BE(0x0101, 0); return m; })(), // a response, not a request
      Buffer.alloc(1500, 0x80),                                                     // RTP-looking
    ];
    for (const bytes of bad) {
      assert.equal(await sendAndMaybeReceive(socket, bytes, 300), undefined, 'no answer to a bad packet');
    }
    const after = await metric('parley_stun_datagrams_received_total');
    assert.equal(after - before, bad.length);
    const good = await sendAndMaybeReceive(socket, bindingRequest(randomBytes(12)));
    assert.ok(good, 'still answering');
    assert.equal((await request(`${server.url}/healthz`)).status, 200);
  } finally {
    socket.close();
  }
});
