#!/usr/bin/env node
// A small in-memory stand-in for the Parley server, written from the API contract, used to
// develop the web app and this suite before the C++ server is complete. It takes the real
// binary's flags (--port, --listen, --web-root, --no-tls, --data-dir) and prints the same
// ready line, so `PARLEY_BINARY=contract-mock/server.js PARLEY_E2E_NO_TLS=1 npm test` works.
// It is not a reference implementation: plain HTTP only, no persistence, few limits.
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Server } from 'socket.io';

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const port = Number(flag('port', '8443'));
const listen = flag('listen', '127.0.0.1');
const webRoot = path.resolve(flag('web-root', 'web/dist'));

const users = new Map(); // username -> user
const tokens = new Map(); // token -> user
const meetings = new Map(); // code -> meeting
const history = []; // {userId, code, joinedAt, leftAt}

const now = () => new Date().toISOString();
const letters = (n) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');
const publicUser = (u) => ({ id: u.id, name: u.name, username: u.username, createdAt: u.createdAt });

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
const fail = (res, status, error, message, field) => send(res, status, { error, message, ...(field ? { field } : {}) });

async function readJson(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  if (!chunks.length) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString());
  } catch {
    return null;
  }
}

function authUser(req) {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return m ? tokens.get(m[1]) : undefined;
}

function meetingView(m) {
  return {
    code: m.code, title: m.title, hostId: m.hostId, hostName: m.hostName, guestsAllowed: m.guestsAllowed,
    lobby: m.lobby, requiresPassword: !!m.password, locked: m.locked, ended: m.ended, createdAt: m.createdAt,
    url: `/m/${m.code}`,
  };
}

async function api(req, res, url) {
  const p = url.pathname.replace(/^\/api\/v1/, '');
  const user = authUser(req);
  if (req.method === 'POST' && p === '/auth/register') {
    const b = (await readJson(req)) ?? {};
    if (typeof b.name !== 'string' || b.name.length < 1 || b.name.length > 64) return fail(res, 400, 'invalid_field', 'Enter your name (1 to 64 characters).', 'name');
    if (typeof b.username !== 'string' || !/^[a-z0-9._-]{3,32}$/.test(b.username)) return fail(res, 400, 'invalid_field', 'Usernames are 3 to 32 characters: a-z, 0-9, dot, underscore, dash.', 'username');
    if (typeof b.password !== 'string' || b.password.length < 8 || b.password.length > 72) return fail(res, 400, 'invalid_field', 'Passwords are 8 to 72 characters.', 'password');
    if (users.has(b.username)) return fail(res, 409, 'username_taken', 'That username is taken.', 'username');
    const u = { id: randomUUID(), name: b.name, username: b.username, password: b.password, createdAt: now() };
    users.set(u.username, u);
    return send(res, 201, publicUser(u));
  }
  if (req.method === 'POST' && p === '/auth/login') {
    const b = (await readJson(req)) ?? {};
    const u = users.get(b.username);
    if (!u || u.password !== b.password) return fail(res, 401, 'invalid_credentials', 'Wrong username or password.');
    const token = randomBytes(24).toString('hex');
    tokens.set(token, u);
    return send(res, 200, { token, expiresAt: new Date(Date.now() + 86400e3).toISOString(), user: publicUser(u) });
  }
  if (req.method === 'POST' && p === '/auth/logout') {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (m) tokens.delete(m[1]);
    res.writeHead(204).end();
    return;
  }
  if (req.method === 'GET' && p === '/me') return user ? send(res, 200, publicUser(user)) : fail(res, 401, 'not_authenticated', 'Sign in first.');
  if (req.method === 'GET' && p === '/meetings/history') {
    if (!user) return fail(res, 401, 'not_authenticated', 'Sign in first.');
    const list = history
      .filter((h) => h.userId === user.id)
      .sort((a, b) => b.joinedAt.localeCompare(a.joinedAt))
      .map((h) => {
        const m = meetings.get(h.code);
        const dur = h.leftAt ? Math.round((Date.parse(h.leftAt) - Date.parse(h.joinedAt)) / 1000) : null;
        return { code: h.code, title: m.title, hostName: m.hostName, joinedAt: h.joinedAt, leftAt: h.leftAt, durationSeconds: dur, canRejoin: !m.ended };
      });
    return send(res, 200, { meetings: list.slice(0, Number(url.searchParams.get('limit') ?? 20)), nextBefore: null });
  }
  if (req.method === 'POST' && p === '/meetings') {
    if (!user) return fail(res, 401, 'not_authenticated', 'Sign in first.');
    const b = (await readJson(req)) ?? {};
    const code = `${letters(3)}-${letters(4)}-${letters(3)}`;
    const m = {
      code, title: b.title ?? '', hostId: user.id, hostName: user.name, guestsAllowed: b.guestsAllowed ?? true,
      lobby: b.lobby ?? false, password: b.password ?? null, locked: false, ended: false, createdAt: now(),
      participants: new Map(), waiting: new Map(), chat: [],
    };
    meetings.set(code, m);
    return send(res, 201, meetingView(m));
  }
  const mm = /^\/meetings\/([a-z-]+)$/.exec(p);
  if (mm) {
    const m = meetings.get(mm[1]);
    if (!m) return fail(res, 404, 'meeting_not_found', 'No such meeting.');
    if (req.method === 'GET') {
      const { hostId: _h, createdAt: _c, url: _u, ...rest } = meetingView(m);
      return send(res, 200, { ...rest, participantCount: m.participants.size });
    }
  }
  return fail(res, 404, 'not_found', `There is nothing at ${p}.`);
}

function serveStatic(req, res, url) {
  let file = path.join(webRoot, path.normalize(decodeURIComponent(url.pathname)));
  if (!file.startsWith(webRoot) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(webRoot, 'index.html');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/api/')) {
    api(req, res, url).catch((err) => fail(res, 500, 'internal', String(err)));
  } else serveStatic(req, res, url);
});

const io = new Server(httpServer, { path: '/socket.io/', serveClient: false });

io.use((socket, next) => {
  const { token, guestName } = socket.handshake.auth ?? {};
  if (token) {
    const u = tokens.get(token);
    if (!u) return next(Object.assign(new Error('Your session has expired.'), { data: { error: 'invalid_token' } }));
    socket.data.user = u;
  } else if (typeof guestName === 'string' && guestName.trim()) {
    socket.data.guestName = guestName.trim().slice(0, 64);
  } else return next(new Error('not_authenticated'));
  next();
});

function joinedPayload(m, p) {
  return {
    ok: true, status: 'joined',
    self: { id: p.id, name: p.name, role: p.role, resumeToken: p.resumeToken },
    participants: [...m.participants.values()].map(({ id, name, role, media }) => ({ id, name, role, media })),
    chat: m.chat, mode: 'mesh', iceServers: [],
    meeting: { code: m.code, title: m.title, locked: m.locked, lobby: m.lobby, guestsAllowed: m.guestsAllowed },
  };
}

function admit(m, p) {
  m.participants.set(p.id, p);
  p.socket.join(m.code);
  p.socket.to(m.code).emit('participant:joined', { id: p.id, name: p.name, role: p.role, media: p.media });
  if (p.userId) history.push((p.history = { userId: p.userId, code: m.code, joinedAt: now(), leftAt: null }));
}

function depart(m, p, reason) {
  if (!m.participants.delete(p.id)) return;
  if (p.history) p.history.leftAt = now();
  p.socket.leave(m.code);
  io.to(m.code).emit('participant:left', { id: p.id, reason });
}

io.on('connection', (socket) => {
  let self = null;
  let meeting = null;
  const ack = (cb, body) => typeof cb === 'function' && cb(body);
  const no = (cb, error, message = error) => ack(cb, { ok: false, error, message });

  socket.on('meeting:join', (req, cb) => {
    const m = meetings.get(req?.code);
    if (!m) return no(cb, 'meeting_not_found');
    if (m.ended) return no(cb, 'meeting_ended');
    const resumed = req.resumeToken && [...m.participants.values()].find((p) => p.resumeToken === req.resumeToken);
    if (resumed) {
      resumed.socket = socket;
      socket.join(m.code);
      self = resumed;
      meeting = m;
      return ack(cb, joinedPayload(m, resumed));
    }
    const user = socket.data.user;
    if (!user && !m.guestsAllowed) return no(cb, 'guests_not_allowed');
    if (m.locked && user?.id !== m.hostId) return no(cb, 'meeting_locked');
    if (m.password && req.password !== m.password) return no(cb, req.password ? 'wrong_password' : 'password_required');
    const p = {
      id: randomUUID(), name: user?.name ?? socket.data.guestName, role: user ? (user.id === m.hostId ? 'host' : 'member') : 'guest',
      userId: user?.id, socket, resumeToken: randomBytes(12).toString('hex'),
      media: { audio: false, video: false, screen: false, hand: false },
    };
    self = p;
    meeting = m;
    if (m.lobby && p.role !== 'host') {
      m.waiting.set(p.id, p);
      for (const h of m.participants.values()) if (h.role === 'host') h.socket.emit('lobby:request', { id: p.id, name: p.name });
      return ack(cb, { ok: true, status: 'waiting' });
    }
    admit(m, p);
    ack(cb, joinedPayload(m, p));
  });

  const inMeeting = (cb) => (self && meeting && meeting.participants.has(self.id) ? true : (no(cb, 'not_in_meeting'), false));
  const asHost = (cb) => inMeeting(cb) && (self.role === 'host' ? true : (no(cb, 'forbidden'), false));

  socket.on('meeting:leave', (_req, cb) => {
    if (self && meeting) depart(meeting, self, 'left');
    ack(cb, { ok: true });
  });
  socket.on('rtc:signal', (req, cb) => {
    if (!inMeeting(cb)) return;
    const target = meeting.participants.get(req?.to);
    if (!target) return no(cb, 'participant_not_found');
    target.socket.emit('rtc:signal', { from: self.id, description: req.description, candidate: req.candidate });
    ack(cb, { ok: true });
  });
  socket.on('chat:send', (req, cb) => {
    if (!inMeeting(cb)) return;
    const text = String(req?.text ?? '').trim();
    if (!text || text.length > 2000) return no(cb, 'invalid_message');
    const message = { id: randomUUID(), from: self.id, name: self.name, text, at: now() };
    meeting.chat.push(message);
    io.to(meeting.code).emit('chat:message', message);
    ack(cb, { ok: true, message });
  });
  socket.on('media:state', (req, cb) => {
    if (!inMeeting(cb)) return;
    self.media = { audio: !!req.audio, video: !!req.video, screen: !!req.screen, hand: !!req.hand };
    socket.to(meeting.code).emit('participant:updated', { id: self.id, media: self.media });
    ack(cb, { ok: true });
  });
  socket.on('reaction', (req, cb) => {
    if (!inMeeting(cb)) return;
    io.to(meeting.code).emit('reaction', { from: self.id, emoji: String(req?.emoji ?? '').slice(0, 16) });
    ack(cb, { ok: true });
  });
  socket.on('host:mute', (req, cb) => {
    if (!asHost(cb)) return;
    meeting.participants.get(req?.id)?.socket.emit('host:mute-request', {});
    ack(cb, { ok: true });
  });
  socket.on('host:remove', (req, cb) => {
    if (!asHost(cb)) return;
    const target = meeting.participants.get(req?.id);
    if (!target) return no(cb, 'participant_not_found');
    target.socket.emit('meeting:removed', {});
    depart(meeting, target, 'removed');
    ack(cb, { ok: true });
  });
  socket.on('host:promote', (req, cb) => {
    if (!asHost(cb)) return;
    const target = meeting.participants.get(req?.id);
    if (!target) return no(cb, 'participant_not_found');
    target.role = 'host';
    io.to(meeting.code).emit('participant:updated', { id: target.id, role: 'host' });
    ack(cb, { ok: true });
  });
  socket.on('meeting:lock', (req, cb) => {
    if (!asHost(cb)) return;
    meeting.locked = !!req?.locked;
    io.to(meeting.code).emit('meeting:updated', { locked: meeting.locked });
    ack(cb, { ok: true });
  });
  socket.on('meeting:end', (_req, cb) => {
    if (!asHost(cb)) return;
    meeting.ended = true;
    io.to(meeting.code).emit('meeting:ended', { reason: 'host_ended' });
    for (const p of [...meeting.participants.values()]) depart(meeting, p, 'ended');
    ack(cb, { ok: true });
  });
  for (const [event, admitIt] of [['lobby:admit', true], ['lobby:deny', false]]) {
    socket.on(event, (req, cb) => {
      if (!asHost(cb)) return;
      const w = meeting.waiting.get(req?.id);
      if (!w) return no(cb, 'participant_not_found');
      meeting.waiting.delete(w.id);
      if (admitIt) {
        admit(meeting, w);
        const { ok: _ok, ...payload } = joinedPayload(meeting, w);
        w.socket.emit('lobby:admitted', payload);
      } else w.socket.emit('lobby:denied', { reason: 'denied' });
      ack(cb, { ok: true });
    });
  }
  socket.on('disconnect', () => {
    const m = meeting;
    const p = self;
    if (!m || !p) return;
    m.waiting.delete(p.id);
    // Keep the seat for 15 s so a reconnect with the resume token finds it.
    setTimeout(() => {
      if (p.socket === socket) depart(m, p, 'disconnected');
    }, 15000);
  });
});

httpServer.listen(port, listen, () => {
  const { port: actual } = httpServer.address();
  console.log(`Parley is ready at http://${listen}:${actual}/`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
