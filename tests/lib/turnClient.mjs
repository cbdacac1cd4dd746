// A minimal TURN client (RFC 5766 Allocate with long-term credentials, RFC 5389 framing) used to
// check that coturn accepts the credentials Parley mints and refuses wrong or expired ones.
import dgram from 'node:dgram';
import { createHash, createHmac, randomBytes } from 'node:crypto';

const MAGIC = 0x2112a442;
const ALLOCATE_REQUEST = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ALLOCATE_ERROR = 0x0113;
const ATTR = { USERNAME: 0x0006, MESSAGE_INTEGRITY: 0x0008, ERROR_CODE: 0x0009, REALM: 0x0014, NONCE: 0x0015,
  XOR_RELAYED_ADDRESS: 0x0016, REQUESTED_TRANSPORT: 0x0019, FINGERPRINT: 0x8028 };

function attribute(type, value) {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function message(type, transactionId, attributes, integrityKey) {
  let body = Buffer.concat(attributes);
  const header = (length) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(type, 0);
    h.writeUInt16BE(length, 2);
    h.writeUInt32BE(MAGIC, 4);
    transactionId.copy(h, 8);
    return h;
  };
  if (integrityKey) {
    // The HMAC covers the header with a length that already counts the MESSAGE-INTEGRITY attribute.
    const hmac = createHmac('sha1', integrityKey).update(Buffer.concat([header(body.length + 24), body])).digest();
    body = Buffer.concat([body, attribute(ATTR.MESSAGE_INTEGRITY, hmac)]);
  }
  return Buffer.concat([header(body.length), body]);
}

function parse(buffer) {
  const type = buffer.readUInt16BE(0);
  const length = buffer.readUInt16BE(2);
  const attrs = new Map();
  for (let at = 20; at + 4 <= 20 + length;) {
    const t = buffer.readUInt16BE(at);
    const l = buffer.readUInt16BE(at + 2);
    attrs.set(t, buffer.subarray(at + 4, at + 4 + l));
    at += 4 + Math.ceil(l / 4) * 4;
  }
  const err = attrs.get(ATTR.ERROR_CODE);
  return {
    type,
    errorCode: err ? err[2] * 100 + err[3] : undefined,
    realm: attrs.get(ATTR.REALM)?.toString(),
    nonce: attrs.get(ATTR.NONCE)?.toString(),
    relayed: attrs.has(ATTR.XOR_RELAYED_ADDRESS),
  };
}

function exchange(socket, host, port, packet, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off('message', onMessage); reject(new Error('TURN server did not answer')); }, timeoutMs);
    const onMessage = (msg) => { clearTimeout(timer); socket.off('message', onMessage); resolve(parse(msg)); };
    socket.on('message', onMessage);
    socket.send(packet, port, host);
  });
}

// Tries an Allocate with the given credentials. Resolves {ok, errorCode}.
export async function tryAllocate({ host, port, username, credential }) {
  const socket = dgram.createSocket('udp4');
  await new Promise((r) => socket.bind(0, '127.0.0.1', r));
  try {
    const transport = attribute(ATTR.REQUESTED_TRANSPORT, Buffer.from([17, 0, 0, 0]));
    const first = await exchange(socket, host, port, message(ALLOCATE_REQUEST, randomBytes(12), [transport]));
    if (first.type !== ALLOCATE_ERROR || first.errorCode !== 401) throw new Error(`expected a 401 challenge, got ${first.type}/${first.errorCode}`);
    const key = createHash('md5').update(`${username}:${first.realm}:${credential}`).digest();
    const second = await exchange(socket, host, port, message(ALLOCATE_REQUEST, randomBytes(12), [
      transport,
      attribute(ATTR.USERNAME, Buffer.from(username)),
      attribute(ATTR.REALM, Buffer.from(first.realm)),
      attribute(ATTR.NONCE, Buffer.from(first.nonce)),
    ], key));
    return { ok: second.type === ALLOCATE_SUCCESS && second.relayed, errorCode: second.errorCode };
  } finally {
    socket.close();
  }
}

export function parseTurnUri(uri) {
  const m = uri.match(/^turns?:([^:?]+):(\d+)/);
  return { host: m[1], port: Number(m[2]) };
}
