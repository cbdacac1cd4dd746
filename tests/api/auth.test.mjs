import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, uniqueName } from './support.mjs';

let server;
let client;
before(async () => {
  server = await startServer({ args: ['--login-max-failures', '4', '--login-lockout', '60'] });
  client = api(server);
});
after(async () => { await server?.stop(); server?.cleanup(); });

test('register answers 201 with the user, username lowercased', async () => {
  const username = uniqueName('Ada');
  const res = await client.post('/api/v1/auth/register', { name: '  Ada Lovelace ', username, password: 'analytical' });
  assert.equal(res.status, 201);
  assert.equal(res.json.username, username.toLowerCase());
  assert.equal(res.json.name, 'Ada Lovelace');
  assert.equal(typeof res.json.id, 'string');
  assert.match(res.json.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(res.json.password_hash, undefined);
  assert.equal(res.json.passwordHash, undefined);
});

test('a taken username, in any case, is 409 username_taken', async () => {
  const username = uniqueName('bob');
  await client.register(username);
  const res = await client.post('/api/v1/auth/register', { name: 'B', username: username.toUpperCase(), password: 'whatever12' });
  assert.equal(res.status, 409);
  assert.equal(res.json.error, 'username_taken');
});

test('register names the failing field', async () => {
  const cases = [
    [{ username: uniqueName(), password: 'longenough' }, 'name'],
    [{ name: 'A', password: 'longenough' }, 'username'],
    [{ name: 'A', username: uniqueName() }, 'password'],
    [{ name: 'A', username: uniqueName(), password: 'short' }, 'password'],
    [{ name: 'A', username: uniqueName(), password: 'x'.repeat(73) }, 'password'],
    [{ name: 'A', username: 'ab', password: 'longenough' }, 'username'],
    [{ name: 'A', username: 'a b c', password: 'longenough' }, 'username'],
    [{ name: 'x'.repeat(65), username: uniqueName(), password: 'longenough' }, 'name'],
    [{ name: { $gt: '' }, username: uniqueName(), password: 'longenough' }, 'name'],
    [{ name: 'A', username: ['a'], password: 'longenough' }, 'username'],
    [{ name: 'A', username: uniqueName(), password: 12345678 }, 'password'],
  ];
  for (const [body, field] of cases) {
    const res = await client.post('/api/v1/auth/register', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.json.field, field, JSON.stringify(body));
    assert.equal(typeof res.json.message, 'string');
    assert.equal(res.json.error, 'invalid_field');
  }
});

test('login returns a 64-hex token, expiry and user; /me works with it; logout revokes it', async () => {
  const username = uniqueName();
  await client.register(username, 'correct horse', 'Grace');
  const login = await client.post('/api/v1/auth/login', { username: username.toUpperCase(), password: 'correct horse' });
  assert.equal(login.status, 200);
  assert.match(login.json.token, /^[0-9a-f]{64}$/);
  const expires = Date.parse(login.json.expiresAt);
  assert.ok(expires > Date.now() + 29 * 86400e3 && expires < Date.now() + 31 * 86400e3);
  assert.equal(login.json.user.name, 'Grace');

  const me = await client.get('/api/v1/me', { token: login.json.token });
  assert.equal(me.status, 200);
  assert.equal(me.json.username, username);

  // A second session for the same user lives alongside the first.
  const second = await client.login(username);
  assert.notEqual(second.token, login.json.token);

  const out = await client.post('/api/v1/auth/logout', undefined, { token: login.json.token });
  assert.equal(out.status, 204);
  assert.equal((await client.get('/api/v1/me', { token: login.json.token })).status, 401);
  assert.equal((await client.get('/api/v1/me', { token: second.token })).status, 200);
  assert.equal((await client.post('/api/v1/auth/logout', undefined, { token: login.json.token })).status, 401);
});

test('/me without or with a bad token is 401 not_authenticated', async () => {
  for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${'0'.repeat(64)}` }, { authorization: 'Basic abc' }]) {
    const res = await client.get('/api/v1/me', { headers });
    assert.equal(res.status, 401);
    assert.equal(res.json.error, 'not_authenticated');
  }
});

test('unknown user and wrong password give the same 401 in about the same time', async () => {
  const username = uniqueName();
  await client.register(username);
  const time = async (body) => {
    const t0 = process.hrtime.bigint();
    const res = await client.post('/api/v1/auth/login', body);
    return { res, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
  };
  const wrong = await time({ username, password: 'wrong password' });
  const unknown = await time({ username: uniqueName(), password: 'wrong password' });
  for (const { res } of [wrong, unknown]) {
    assert.equal(res.status, 401);
    assert.equal(res.json.error, 'invalid_credentials');
  }
  assert.equal(wrong.res.json.message, unknown.res.json.message);
  assert.ok(Math.abs(wrong.ms - unknown.ms) < 250, `${wrong.ms} vs ${unknown.ms}`);
});

test('repeated failures for one username give 429 with Retry-After', async () => {
  const username = uniqueName();
  await client.register(username);
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    const res = await client.post('/api/v1/auth/login', { username, password: 'wrong password' });
    statuses.push(res.status);
    if (res.status === 429) {
      assert.equal(res.json.error, 'too_many_attempts');
      assert.ok(Number(res.headers['retry-after']) > 0);
    }
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
  // Even the right password waits out the lockout.
  const res = await client.post('/api/v1/auth/login', { username, password: 'correct horse' });
  assert.equal(res.status, 429);
});

test('login with a non-string field is 400 naming it', async () => {
  const res = await client.post('/api/v1/auth/login', { username: { $ne: null }, password: 'x' });
  assert.equal(res.status, 400);
  assert.equal(res.json.field, 'username');
});

test('repeated failures from one address across usernames give 429', async () => {
  // Per address: 4x the per-username limit (here 2 -> 8).
  const own = await startServer({ args: ['--login-max-failures', '2', '--login-lockout', '60'] });
  try {
    const c = api(own);
    const statuses = [];
    for (let i = 0; i < 9; i++) {
      const res = await c.post('/api/v1/auth/login', { username: uniqueName(), password: 'wrong password' });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401, 401, 429]);
  } finally {
    await own.stop();
    own.cleanup();
  }
});
