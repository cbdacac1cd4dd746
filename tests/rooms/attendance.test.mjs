// Attendance (the participations table) follows what actually happens: joins and leaves as they
// happen, and a graceful shutdown closes every open participation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { request } from '../lib/http.mjs';
import { signUp, createMeeting, participant, ask, closeAll } from './helpers.mjs';

async function history(server, token) {
  const res = await request(`${server.url}/api/v1/meetings/history`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return res.json.meetings;
}

test('joins and leaves are written as they happen; a graceful shutdown closes open participations', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-attendance-'));
  let server = await startServer({ dataDir });
  let a;
  try {
    const host = await signUp(server, 'Hana');
    const m = await createMeeting(server, host.token);
    // Creating a meeting is not attending it.
    assert.equal((await history(server, host.token)).length, 0);
    a = await participant(server, { token: host.token });
    await ask(a, 'meeting:join', { code: m.code });
    let rows = await history(server, host.token);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].code, m.code);
    assert.equal(rows[0].leftAt, null);
    await ask(a, 'meeting:leave', {});
    rows = await history(server, host.token);
    assert.ok(rows[0].leftAt);
    await ask(a, 'meeting:join', { code: m.code });
    assert.equal((await history(server, host.token))[0].leftAt, null);

    await server.stop();  // SIGTERM with the host still in the meeting
    server = await startServer({ dataDir });
    rows = await history(server, host.token);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.leftAt), JSON.stringify(rows));
  } finally { closeAll(a); await server.stop(); rmSync(dataDir, { recursive: true, force: true }); }
});
