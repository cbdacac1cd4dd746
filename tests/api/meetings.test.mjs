import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, uniqueName } from './support.mjs';

let server;
let client;
let host;
before(async () => {
  server = await startServer();
  client = api(server);
  host = await client.signedIn('Host Person');
});
after(async () => { await server?.stop(); server?.cleanup(); });

const CODE = /^[a-z]{3}-[a-z]{4}-[a-z]{3}$/;

test('create a meeting: 201 with code, url and settings', async () => {
  const res = await client.post('/api/v1/meetings', { title: 'Weekly', lobby: true, password: 'secret' }, { token: host.token });
  assert.equal(res.status, 201);
  const m = res.json;
  assert.match(m.code, CODE);
  assert.ok(m.url.endsWith(`/m/${m.code}`), m.url);
  assert.equal(m.title, 'Weekly');
  assert.equal(m.hostId, host.user.id);
  assert.equal(m.hostName, 'Host Person');
  assert.equal(m.guestsAllowed, true);
  assert.equal(m.lobby, true);
  assert.equal(m.requiresPassword, true);
  assert.equal(m.locked, false);
  assert.equal(m.ended, false);
  assert.equal(m.mode, 'auto');
  assert.ok(Date.parse(m.createdAt) > 0);
  assert.equal(m.password, undefined);
});

test('create without a body or title gets defaults; codes are unique', async () => {
  const codes = new Set();
  for (let i = 0; i < 20; i++) {
    const res = await client.raw('POST', '/api/v1/meetings', { token: host.token });
    assert.equal(res.status, 201);
    assert.equal(res.json.title, "Host Person's meeting");
    assert.equal(res.json.requiresPassword, false);
    codes.add(res.json.code);
  }
  assert.equal(codes.size, 20);
});

test('creating needs a session', async () => {
  const res = await client.post('/api/v1/meetings', {});
  assert.equal(res.status, 401);
});

test('public info by code; unknown or malformed codes are 404 and create nothing', async () => {
  const created = (await client.post('/api/v1/meetings', { title: 'Info', guestsAllowed: false }, { token: host.token })).json;
  const res = await client.get(`/api/v1/meetings/${created.code}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, {
    code: created.code, title: 'Info', hostName: 'Host Person', requiresPassword: false, lobby: false,
    guestsAllowed: false, locked: false, mode: 'auto', ended: false, participantCount: 0,
  });
  for (const code of ['zzz-zzzz-zzz', 'not-a-code', 'ZZZ-ZZZZ-ZZZ', "abc'-defg-hij", '%27%20OR%201%3D1']) {
    const miss = await client.get(`/api/v1/meetings/${code}`);
    assert.equal(miss.status, 404, code);
    assert.equal(miss.json.error, 'meeting_not_found');
  }
  // The same code in capitals is the same meeting.
  assert.equal((await client.get(`/api/v1/meetings/${created.code.toUpperCase()}`)).json.code, created.code);
});

test('PATCH by the host changes only the given settings; others get 403', async () => {
  const created = (await client.post('/api/v1/meetings', { title: 'Patch me' }, { token: host.token })).json;
  const path = `/api/v1/meetings/${created.code}`;
  let res = await client.patch(path, { locked: true, password: 'pw' }, { token: host.token });
  assert.equal(res.status, 200);
  assert.equal(res.json.locked, true);
  assert.equal(res.json.requiresPassword, true);
  assert.equal(res.json.title, 'Patch me');
  res = await client.patch(path, { password: null, title: 'Renamed' }, { token: host.token });
  assert.equal(res.json.requiresPassword, false);
  assert.equal(res.json.title, 'Renamed');
  assert.equal(res.json.locked, true);

  const other = await client.signedIn('Other');
  res = await client.patch(path, { locked: false }, { token: other.token });
  assert.equal(res.status, 403);
  assert.equal(res.json.error, 'not_host');
  res = await client.patch(path, { locked: 'yes' }, { token: host.token });
  assert.equal(res.status, 400);
  assert.equal(res.json.field, 'locked');
  res = await client.patch(path, { locked: false });
  assert.equal(res.status, 401);
  assert.equal((await client.patch('/api/v1/meetings/zzz-zzzz-zzz', { locked: false }, { token: host.token })).status, 404);
});

test('DELETE by the host ends the meeting', async () => {
  const created = (await client.post('/api/v1/meetings', {}, { token: host.token })).json;
  const path = `/api/v1/meetings/${created.code}`;
  const other = await client.signedIn('Other');
  assert.equal((await client.delete(path, { token: other.token })).status, 403);
  assert.equal((await client.delete(path)).status, 401);
  assert.equal((await client.delete(path, { token: host.token })).status, 204);
  const info = await client.get(path);
  assert.equal(info.json.ended, true);
  const patch = await client.patch(path, { locked: true }, { token: host.token });
  assert.equal(patch.status, 409);
  assert.equal(patch.json.error, 'meeting_ended');
});

test('history is empty until a meeting is actually joined (no participations from REST)', async () => {
  const me = await client.signedIn('Historian');
  await client.post('/api/v1/meetings', {}, { token: me.token });
  const res = await client.get('/api/v1/meetings/history?limit=5', { token: me.token });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { meetings: [], nextBefore: null });
});

test('history validates limit and before, and needs a session', async () => {
  assert.equal((await client.get('/api/v1/meetings/history')).status, 401);
  for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=5x']) {
    const res = await client.get(`/api/v1/meetings/history?${q}`, { token: host.token });
    assert.equal(res.status, 400, q);
    assert.equal(res.json.field, 'limit');
  }
  const res = await client.get('/api/v1/meetings/history?before=yesterday', { token: host.token });
  assert.equal(res.status, 400);
  assert.equal(res.json.field, 'before');
  const ok = await client.get('/api/v1/meetings/history?limit=100&before=2030-01-01T00:00:00.000Z', { token: host.token });
  assert.equal(ok.status, 200);
});

test('meeting fields are validated', async () => {
  const cases = [
    [{ title: 42 }, 'title'],
    [{ title: 'x'.repeat(101) }, 'title'],
    [{ guestsAllowed: 'no' }, 'guestsAllowed'],
    [{ lobby: {} }, 'lobby'],
    [{ password: ['a'] }, 'password'],
    [{ password: 'p'.repeat(73) }, 'password'],
    [{ mode: 'mesh' }, 'mode'],
    [{ mode: 'SFU' }, 'mode'],
    [{ mode: 1 }, 'mode'],
  ];
  for (const [body, field] of cases) {
    const res = await client.post('/api/v1/meetings', body, { token: host.token });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.json.error, 'invalid_field');
    assert.equal(res.json.field, field);
  }
});

test("mode: 'auto' by default, 'sfu' when asked; stored and returned by GET (host view and public view)", async () => {
  const auto = (await client.post('/api/v1/meetings', { title: 'Auto', mode: 'auto' }, { token: host.token })).json;
  assert.equal(auto.mode, 'auto');
  const res = await client.post('/api/v1/meetings', { title: 'Big', mode: 'sfu' }, { token: host.token });
  assert.equal(res.status, 201);
  assert.equal(res.json.mode, 'sfu');
  assert.equal((await client.get(`/api/v1/meetings/${res.json.code}`)).json.mode, 'sfu');
  // A PATCH of other settings keeps it.
  const patched = await client.patch(`/api/v1/meetings/${res.json.code}`, { title: 'Bigger' }, { token: host.token });
  assert.equal(patched.json.mode, 'sfu');
  assert.equal((await client.get(`/api/v1/meetings/${auto.code}`)).json.mode, 'auto');
});
