// Shared helpers for the realtime tests: a server with the test hooks on, socket.io-client sockets
// that resolve on connect, and small promise utilities with timeouts (every wait is bounded).
import { io } from 'socket.io-client';
import { startServer } from '../lib/server.mjs';

export const TRANSPORTS = [
  { name: 'polling', transports: ['polling'] },
  { name: 'websocket', transports: ['websocket'] },
  { name: 'default (polling then upgrade)', transports: undefined },
];

export async function startRealtimeServer(args = []) {
  return startServer({ args, env: { PARLEY_REALTIME_TEST_HOOKS: '1' } });
}

const open = new Set();

export function client(server, { transports, auth = { __test: true }, ...rest } = {}) {
  const socket = io(server.url, {
    transports, auth, forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 200, timeout: 5000, ...rest,
  });
  open.add(socket);
  return socket;
}

export function closeAll() {
  for (const s of open) s.close();
  open.clear();
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]);
}

export function once(emitter, event, ms = 5000) {
  return withTimeout(new Promise((resolve) => emitter.once(event, (...args) => resolve(args))), ms, `event ${event}`);
}

export async function connected(server, options) {
  const socket = client(server, options);
  await withTimeout(new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  }), 15000, 'connect');
  return socket;
}

export function ack(socket, event, ...args) {
  return withTimeout(socket.emitWithAck(event, ...args), 10000, `ack of ${event}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function origin(server) { return server.url.replace(/^http/, 'ws'); }
