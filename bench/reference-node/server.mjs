// The original Node design that Parley replaces, rebuilt small for side-by-side benchmarks:
// Express + socket.io + bcrypt (cost 10), the legacy REST routes and the legacy event set
// (docs/BENCHMARKS.md, "The reference stack"). The store is in memory (the original used MongoDB;
// an in-memory map makes the reference faster than the original, so comparisons are conservative).
//
// Two deliberate departures from the original, both in the reference's favour and documented:
//  - a broadcast uses socket.io rooms (encodes the packet once) instead of one emit per member;
//  - chat history is bounded to the last 100 messages per room (the original kept it forever),
//    the same bound as Parley.
//
// With --test-hooks it also serves the transport-only events Parley serves under
// PARLEY_REALTIME_TEST_HOOKS=1 (test:join, test:broadcast -> test:room-message to the others), so the
// generator can compare the two Socket.IO layers without the application's rules in the way.
//
// Usage: node server.mjs [--port 0] [--listen 127.0.0.1] [--bcrypt-cost 10] [--test-hooks]
// Prints "Reference ready at http://HOST:PORT/" on stdout when listening; SIGTERM/SIGINT stop it.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { Server } from 'socket.io';
import bcrypt from 'bcrypt';

function parseArgs(argv) {
  const options = { port: 0, listen: '127.0.0.1', bcryptCost: 10, historyLimit: 100, testHooks: false };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--port': options.port = Number(value); i += 1; break;
      case '--listen': options.listen = value; i += 1; break;
      case '--bcrypt-cost': options.bcryptCost = Number(value); i += 1; break;
      case '--history-limit': options.historyLimit = Number(value); i += 1; break;
      case '--test-hooks': options.testHooks = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));

// ---- Store (in memory) ----
const usersByName = new Map();   // username -> {name, username, passwordHash, token}
const usersByToken = new Map();  // token -> user
const activity = new Map();      // username -> [{user_id, meetingCode, date}]

// ---- REST, mounted at /api/v1/users as in the original ----
const app = express();
app.use(express.json({ limit: '40kb' }));
app.use(express.urlencoded({ limit: '40kb', extended: true }));
const users = express.Router();

users.post('/register', async (req, res) => {
  const { name, username, password } = req.body ?? {};
  if (typeof username !== 'string' || typeof password !== 'string' || typeof name !== 'string') {
    return res.status(400).json({ message: 'Please provide name, username and password' });
  }
  if (usersByName.has(username)) return res.status(302).json({ message: 'User already exists' });
  const passwordHash = await bcrypt.hash(password, options.bcryptCost);
  if (usersByName.has(username)) return res.status(302).json({ message: 'User already exists' });
  usersByName.set(username, { name, username, passwordHash, token: null });
  return res.status(201).json({ message: 'User Registered' });
});

users.post('/login', async (req, res) => {
  const { username, password } = req.body ?? {};
  if (typeof username !== 'string' || typeof password !== 'string') {
    return res.status(400).json({ message: 'Please Provide' });
  }
  const user = usersByName.get(username);
  if (!user) return res.status(404).json({ message: 'User Not Found' });
  if (!(await bcrypt.compare(password, user.passwordHash))) {
    return res.status(401).json({ message: 'Invalid Username or password' });
  }
  const token = randomBytes(20).toString('hex');
  if (user.token) usersByToken.delete(user.token);
  user.token = token;
  usersByToken.set(token, user);
  return res.status(200).json({ token });
});

users.get('/get_all_activity', (req, res) => {
  const user = typeof req.query.token === 'string' ? usersByToken.get(req.query.token) : undefined;
  if (!user) return res.status(401).json({ message: 'Invalid token' });
  return res.status(200).json(activity.get(user.username) ?? []);
});

users.post('/add_to_activity', (req, res) => {
  const { token, meeting_code: meetingCode } = req.body ?? {};
  const user = typeof token === 'string' ? usersByToken.get(token) : undefined;
  if (!user) return res.status(401).json({ message: 'Invalid token' });
  if (!activity.has(user.username)) activity.set(user.username, []);
  activity.get(user.username).push({ user_id: user.username, meetingCode, date: new Date() });
  return res.status(201).json({ message: 'Added code to history' });
});

app.use('/api/v1/users', users);
app.get('/healthz', (req, res) => res.status(200).json({ ok: true }));

// ---- Socket.IO, the legacy event set ----
const server = createServer(app);
const io = new Server(server, { cors: { origin: '*' } });
const roomOf = new Map();   // socket id -> room path
const members = new Map();  // room path -> [socket ids], in join order
const history = new Map();  // room path -> [{data, sender, from}]

io.on('connection', (socket) => {
  socket.on('join-call', (path) => {
    if (typeof path !== 'string' || roomOf.has(socket.id)) return;
    if (!members.has(path)) members.set(path, []);
    const list = members.get(path);
    list.push(socket.id);
    roomOf.set(socket.id, path);
    socket.join(path);
    io.to(path).emit('user-joined', socket.id, list);
    for (const message of history.get(path) ?? []) {
      socket.emit('chat-message', message.data, message.sender, message.from);
    }
  });

  socket.on('signal', (toId, message) => {
    if (typeof toId !== 'string') return;
    io.to(toId).emit('signal', socket.id, message);
  });

  socket.on('chat-message', (data, sender) => {
    const path = roomOf.get(socket.id);
    if (path === undefined) return;
    if (!history.has(path)) history.set(path, []);
    const kept = history.get(path);
    kept.push({ data, sender, from: socket.id });
    if (kept.length > options.historyLimit) kept.shift();
    io.to(path).emit('chat-message', data, sender, socket.id);
  });

  if (options.testHooks) {
    socket.on('test:join', (room, ack) => {
      if (typeof room !== 'string') return;
      socket.join(room);
      if (typeof ack === 'function') ack([...socket.rooms]);
    });
    socket.on('test:broadcast', (room, payload, ack) => {
      if (typeof room !== 'string') return;
      socket.to(room).emit('test:room-message', payload, socket.id);
      if (typeof ack === 'function') ack('sent');
    });
  }

  socket.on('disconnect', () => {
    const path = roomOf.get(socket.id);
    if (path === undefined) return;
    roomOf.delete(socket.id);
    const list = members.get(path).filter((id) => id !== socket.id);
    if (list.length === 0) {
      members.delete(path);
      history.delete(path);
    } else {
      members.set(path, list);
      io.to(path).emit('user-left', socket.id);
    }
  });
});

server.listen(options.port, options.listen, () => {
  const { address, port } = server.address();
  process.stdout.write(`Reference ready at http://${address}:${port}/\n`);
});

function stop() {
  io.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
