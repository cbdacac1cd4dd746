// Acknowledged writes survive a restart and a kill -9 in the middle of traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, uniqueName } from './support.mjs';

test('data survives a graceful restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-api-'));
  try {
    let server = await startServer({ dataDir });
    let client = api(server);
    const { token, username } = await client.signedIn('Keeper');
    const m = (await client.post('/api/v1/meetings', { title: 'Kept' }, { token })).json;
    await server.stop();

    server = await startServer({ dataDir });
    client = api(server);
    assert.equal((await client.get('/api/v1/me', { token })).json.username, username);
    assert.equal((await client.get(`/api/v1/meetings/${m.code}`)).json.title, 'Kept');
    await client.login(username);
    await server.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('every acknowledged write is there after kill -9 mid-traffic', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-api-'));
  try {
    let server = await startServer({ dataDir });
    let client = api(server);
    const { token } = await client.signedIn('Writer');
    const acknowledgedUsers = [];
    const acknowledgedMeetings = [];
    let stop = false;
    const worker = async (w) => {
      for (let i = 0; i < 500 && !stop; i++) {
        try {
          if (i % 2 === 0) {
            const username = uniqueName(`k${w}`);
            const res = await client.post('/api/v1/auth/register', { name: 'K', username, password: 'longenough' });
            if (res.status === 201) acknowledgedUsers.push(username);
          } else {
            const res = await client.post('/api/v1/meetings', { title: `m${w}-${i}` }, { token });
            if (res.status === 201) acknowledgedMeetings.push(res.json.code);
          }
        } catch {
          return;  // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    // Kill once writes are flowing.
    const deadline = Date.now() + 20000;
    while (acknowledgedUsers.length + acknowledgedMeetings.length < 60 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await new Promise((r) => (server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once('exit', r)));
    assert.ok(acknowledgedUsers.length + acknowledgedMeetings.length >= 60, 'writes were flowing');

    server = await startServer({ dataDir });
    client = api(server);
    for (const code of acknowledgedMeetings) {
      const res = await client.get(`/api/v1/meetings/${code}`);
      assert.equal(res.status, 200, `meeting ${code} lost`);
    }
    for (const username of acknowledgedUsers) {
      const res = await client.post('/api/v1/auth/register', { name: 'K', username, password: 'longenough' });
      assert.equal(res.status, 409, `user ${username} lost`);
    }
    await server.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
