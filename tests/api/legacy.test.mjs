// The original client's routes, shapes and statuses, including from another origin (CORS preflight).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, request, uniqueName } from './support.mjs';

const ORIGIN = 'http://localhost:3000';
let server;
let client;
before(async () => {
  server = await startServer({ args: ['--allowed-origin', ORIGIN] });
  client = api(server);
});
after(async () => { await server?.stop(); server?.cleanup(); });

test('register 201 {message}, duplicate 409, login 200 {token}, wrong password 401, missing field 400', async () => {
  const username = uniqueName();
  let res = await client.post('/api/v1/users/register', { name: 'Legacy', username, password: 'legacy-pass' });
  assert.equal(res.status, 201);
  assert.equal(typeof res.json.message, 'string');
  res = await client.post('/api/v1/users/register', { name: 'Legacy', username, password: 'legacy-pass' });
  assert.equal(res.status, 409);
  res = await client.post('/api/v1/users/login', { username, password: 'legacy-pass' });
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.json), ['token']);
  assert.match(res.json.token, /^[0-9a-f]{64}$/);
  res = await client.post('/api/v1/users/login', { username, password: 'wrong-pass' });
  assert.equal(res.status, 401);
  res = await client.post('/api/v1/users/login', { username: uniqueName(), password: 'wrong-pass' });
  assert.equal(res.status, 401);
  res = await client.post('/api/v1/users/login', { username });
  assert.equal(res.status, 400);
  assert.equal(res.json.field, 'password');
});

test('add_to_activity (body token) then get_all_activity (query token)', async () => {
  const username = uniqueName();
  await client.post('/api/v1/users/register', { name: 'L', username, password: 'legacy-pass' });
  const { token } = (await client.post('/api/v1/users/login', { username, password: 'legacy-pass' })).json;
  let res = await client.post('/api/v1/users/add_to_activity', { token, meeting_code: 'http://x/room1' });
  assert.equal(res.status, 201);
  assert.equal(typeof res.json.message, 'string');
  res = await client.post('/api/v1/users/add_to_activity', { token, meeting_code: "room'); DROP TABLE users;--" });
  assert.equal(res.status, 201);
  res = await client.get(`/api/v1/users/get_all_activity?token=${token}`);
  assert.equal(res.status, 200);
  assert.equal(res.json.length, 2);
  assert.deepEqual(Object.keys(res.json[0]).sort(), ['date', 'meetingCode', 'user_id']);
  assert.equal(res.json[0].meetingCode, 'http://x/room1');
  assert.equal(res.json[1].meetingCode, "room'); DROP TABLE users;--");
  // The click is not attendance: the real history stays empty.
  const hist = await client.get('/api/v1/meetings/history', { token });
  assert.deepEqual(hist.json.meetings, []);
});

test('a token that is not a string never matches', async () => {
  const username = uniqueName();
  await client.post('/api/v1/users/register', { name: 'L', username, password: 'legacy-pass' });
  for (const token of [{ $ne: null }, { $gt: '' }, ['a'], 42, true]) {
    const res = await client.post('/api/v1/users/add_to_activity', { token, meeting_code: 'x' });
    assert.ok(res.status === 400 || res.status === 401, `${JSON.stringify(token)} -> ${res.status}`);
  }
  for (const q of ['token[$ne]=1', 'token=', 'token=%7B%22%24ne%22%3Anull%7D', '']) {
    const res = await client.get(`/api/v1/users/get_all_activity?${q}`);
    assert.equal(res.status, 401, q);
  }
});

test('the original client on another origin: preflight then register and login', async () => {
  for (const path of ['/api/v1/users/register', '/api/v1/users/login', '/api/v1/auth/login']) {
    const pre = await request(server.url + path, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(pre.status, 204, path);
    assert.equal(pre.headers['access-control-allow-origin'], ORIGIN);
    assert.match(pre.headers['access-control-allow-methods'], /POST/);
    assert.match(pre.headers['access-control-allow-headers'].toLowerCase(), /content-type/);
  }
  const username = uniqueName();
  let res = await request(`${server.url}/api/v1/users/register`, {
    method: 'POST', headers: { origin: ORIGIN }, body: { name: 'X', username, password: 'legacy-pass' },
  });
  assert.equal(res.status, 201);
  assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
  res = await request(`${server.url}/api/v1/users/login`, {
    method: 'POST', headers: { origin: ORIGIN }, body: { username, password: 'legacy-pass' },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
});

test('an origin that is not allowed is refused', async () => {
  const pre = await request(`${server.url}/api/v1/users/login`, {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(pre.status, 403);
  const res = await request(`${server.url}/api/v1/users/login`, {
    method: 'POST', headers: { origin: 'http://evil.example' }, body: { username: 'x', password: 'y' },
  });
  assert.equal(res.status, 403);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
});
