// Bad input of every kind: a clear 4xx, nothing stored, the server alive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, request, uniqueName } from './support.mjs';

let server;
let client;
let session;
before(async () => {
  server = await startServer({ args: ['--login-max-failures', '100'] });
  client = api(server);
  session = await client.signedIn();
});
after(async () => { await server?.stop(); server?.cleanup(); });

async function alive() {
  const res = await request(`${server.url}/healthz`);
  assert.equal(res.status, 200);
}

const posts = ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/users/register', '/api/v1/users/login',
  '/api/v1/users/add_to_activity', '/api/v1/meetings'];

test('not JSON: 415 without a JSON content type, 400 for broken or non-object JSON', async () => {
  for (const path of posts) {
    let res = await client.raw('POST', path, { body: 'name=a&b=c', headers: { 'content-type': 'application/x-www-form-urlencoded' }, token: session.token });
    assert.equal(res.status, 415, path);
    assert.equal(res.json.error, 'unsupported_media_type');
    for (const body of ['{', '{"a":', '[]', '"str"', '42', 'null', '{"a":1}}', '\u0000']) {
      res = await client.raw('POST', path, { body, headers: { 'content-type': 'application/json' }, token: session.token });
      assert.ok(res.status === 400, `${path} ${JSON.stringify(body)} -> ${res.status}`);
      assert.equal(typeof res.json.error, 'string');
      assert.equal(typeof res.json.message, 'string');
    }
  }
  await alive();
});

test('deeply nested JSON is refused, not recursed into', async () => {
  const body = '{"name":' + '['.repeat(20000) + ']'.repeat(20000) + '}';
  const res = await client.raw('POST', '/api/v1/auth/register', { body, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  await alive();
});

test('a body over --max-body-bytes is 413', async () => {
  const res = await client.post('/api/v1/auth/register', { name: 'x'.repeat(70 * 1024), username: uniqueName(), password: 'longenough' });
  assert.equal(res.status, 413);
  await alive();
});

test('invalid UTF-8 is 400', async () => {
  const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from(`","username":"${uniqueName()}","password":"longenough"}`)]);
  const res = await client.raw('POST', '/api/v1/auth/register', { body, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
});

test('unknown routes 404 and wrong methods 405 with Allow', async () => {
  for (const path of ['/api/v1/nope', '/api/v1/auth', '/api/v2/me', '/api/v1/meetings/abc-defg-hij/extra']) {
    const res = await client.get(path);
    assert.equal(res.status, 404, path);
    assert.equal(res.json.error, 'not_found');
  }
  for (const [method, path] of [['GET', '/api/v1/auth/login'], ['PUT', '/api/v1/meetings'], ['DELETE', '/api/v1/me'], ['GET', '/api/v1/users/register']]) {
    const res = await client.raw(method, path);
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.ok(res.headers.allow);
  }
  await alive();
});

test('SQL metacharacters: refused where the syntax is strict, stored literally where text is free', async () => {
  const evil = ["' OR '1'='1", "'; DROP TABLE users; --", 'x" OR 1=1 --', '\\', "%' --"];
  for (const e of evil) {
    let res = await client.post('/api/v1/auth/register', { name: 'N', username: e, password: 'longenough' });
    assert.equal(res.status, 400);
    assert.equal(res.json.field, 'username');
    res = await client.post('/api/v1/auth/login', { username: e, password: e });
    assert.equal(res.status, 401);
    res = await client.get(`/api/v1/meetings/${encodeURIComponent(e)}`);
    assert.equal(res.status, 404);
    res = await client.get('/api/v1/me', { headers: { authorization: `Bearer ${e}` } });
    assert.equal(res.status, 401);
    res = await client.get(`/api/v1/meetings/history?before=${encodeURIComponent(e)}`, { token: session.token });
    assert.equal(res.status, 400);
  }
  // Free text is data, never SQL: it round-trips exactly and every table still works.
  const name = "Robert'); DROP TABLE users;--";
  const username = uniqueName();
  const reg = await client.post('/api/v1/auth/register', { name, username, password: "pa'ss\"word;--" });
  assert.equal(reg.status, 201);
  assert.equal(reg.json.name, name);
  const login = await client.login(username, "pa'ss\"word;--");
  const m = await client.post('/api/v1/meetings', { title: "'; DELETE FROM meetings; --", password: "' OR 1=1" }, { token: login.token });
  assert.equal(m.status, 201);
  assert.equal((await client.get(`/api/v1/meetings/${m.json.code}`)).json.title, "'; DELETE FROM meetings; --");
  assert.equal((await client.get('/api/v1/me', { token: session.token })).status, 200);
  await alive();
});

test('nothing is stored by refused registrations', async () => {
  const username = uniqueName();
  const bad = await client.post('/api/v1/auth/register', { name: { a: 1 }, username, password: 'longenough' });
  assert.equal(bad.status, 400);
  const short = await client.post('/api/v1/auth/register', { name: 'A', username, password: 'short' });
  assert.equal(short.status, 400);
  // The username is still free.
  const ok = await client.post('/api/v1/auth/register', { name: 'A', username, password: 'longenough' });
  assert.equal(ok.status, 201);
});
