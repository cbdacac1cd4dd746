// Helpers for the meeting tests: accounts and meetings over REST, socket.io-client participants.
import { io } from 'socket.io-client';
import { request } from '../lib/http.mjs';

let counter = 0;

// Registers and signs in a user; resolves {token, user}.
export async function signUp(server, name = 'User') {
  counter += 1;
  const username = `u${process.pid}x${counter}x${Math.floor(Math.random() * 1e6)}`;
  const password = 'correct horse battery';
  const reg = await request(`${server.url}/api/v1/auth/register`, { method: 'POST', body: { name, username, password } });
  if (reg.status !== 201) throw new Error(`register ${reg.status} ${reg.body}`);
  const login = await request(`${server.url}/api/v1/auth/login`, { method: 'POST', body: { username, password } });
  if (login.status !== 200) throw new Error(`login ${login.status} ${login.body}`);
  return { token: login.json.token, user: login.json.user };
}

export async function createMeeting(server, token, settings = {}) {
  const res = await request(`${server.url}/api/v1/meetings`, {
    method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { title: 'Test meeting', ...settings },
  });
  if (res.status !== 201) throw new Error(`create meeting ${res.status} ${res.body}`);
  return res.json;
}

export async function meetingInfo(server, code) {
  return request(`${server.url}/api/v1/meetings/${code}`);
}

// A socket.io-client that records every event it receives.
export function connect(server, auth, { transports = ['websocket'], reconnection = false } = {}) {
  const socket = io(server.url, {
    path: '/socket.io/', auth, transports, reconnection, forceNew: true, timeout: 5000,
  });
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args }));
  return socket;
}

export function connected(socket) {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    const timer = setTimeout(() => reject(new Error('connect timeout')), 5000);
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
    socket.once('connect_error', (err) => { clearTimeout(timer); reject(err); });
  });
}

export async function participant(server, auth, options) {
  return connected(connect(server, auth, options));
}

// Emits with an ack; resolves with the ack's first argument.
export function request_(socket, event, payload, timeoutMs = 5000) {
  return socket.timeout(timeoutMs).emitWithAck(event, payload);
}
export { request_ as ask };

// Resolves with the args of the next `event` matching `predicate` (already received ones count).
export function waitFor(socket, event, predicate = () => true, timeoutMs = 5000) {
  const seen = socket.received.findIndex((r) => r.event === event && predicate(...r.args));
  if (seen >= 0) {
    const [r] = socket.received.splice(seen, 1);
    return Promise.resolve(r.args);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.offAny(handler); reject(new Error(`timeout waiting for ${event}`)); }, timeoutMs);
    function handler(name, ...args) {
      if (name !== event || !predicate(...args)) return;
      clearTimeout(timer);
      socket.offAny(handler);
      const i = socket.received.findLastIndex((r) => r.event === event);
      if (i >= 0) socket.received.splice(i, 1);
      resolve(args);
    }
    socket.onAny(handler);
  });
}

// True when no `event` arrives within `ms`.
export async function nothing(socket, event, ms = 300) {
  await new Promise((r) => setTimeout(r, ms));
  return !socket.received.some((r) => r.event === event);
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

export function closeAll(...sockets) { for (const s of sockets.flat()) s?.close(); }
