// Chat: delivered to everyone (sender included), stored, replayed to late joiners and after a restart,
// with length and rate limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { signUp, createMeeting, participant, ask, waitFor, closeAll } from './helpers.mjs';

test('chat is stored, replayed to late joiners and survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-chat-'));
  let server = await startServer({ dataDir });
  let a; let b; let c;
  try {
    const host = await signUp(server, 'Hana');
    const m = await createMeeting(server, host.token);
    a = await participant(server, { token: host.token });
    b = await participant(server, { guestName: 'Bob' });
    const ja = await ask(a, 'meeting:join', { code: m.code });
    const jb = await ask(b, 'meeting:join', { code: m.code });
    const sent = await ask(a, 'chat:send', { text: 'hello <b>world</b>', name: 'Mallory', from: 'forged' });
    assert.equal(sent.ok, true);
    assert.equal(sent.message.from, ja.self.id);
    assert.equal(sent.message.name, 'Hana');
    assert.equal(sent.message.text, 'hello <b>world</b>');
    assert.match(sent.message.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual((await waitFor(a, 'chat:message'))[0], sent.message);
    assert.deepEqual((await waitFor(b, 'chat:message'))[0], sent.message);
    await ask(b, 'chat:send', { text: 'hi from a guest' });

    c = await participant(server, { guestName: 'Cy' });
    const jc = await ask(c, 'meeting:join', { code: m.code });
    assert.deepEqual(jc.chat.map((x) => [x.from, x.name, x.text]), [[ja.self.id, 'Hana', 'hello <b>world</b>'],
      [jb.self.id, 'Bob', 'hi from a guest']]);
    closeAll(a, b, c);

    await server.stop();
    server = await startServer({ dataDir });
    const d = await participant(server, { token: (await signUp(server, 'Dee')).token });
    const jd = await ask(d, 'meeting:join', { code: m.code });
    assert.deepEqual(jd.chat.map((x) => [x.name, x.text]), [['Hana', 'hello <b>world</b>'], ['Bob', 'hi from a guest']]);
    assert.equal(jd.chat[0].id, sent.message.id);
    d.close();
  } finally { closeAll(a, b, c); await server.stop(); rmSync(dataDir, { recursive: true, force: true }); }
});

test('chat replay is the last 100 messages, oldest first; length and rate are limited', async () => {
  const server = await startServer();
  const sockets = [];
  try {
    const host = await signUp(server, 'Hana');
    const m = await createMeeting(server, host.token);
    const a = await participant(server, { token: host.token });
    sockets.push(a);
    await ask(a, 'meeting:join', { code: m.code });
    assert.equal((await ask(a, 'chat:send', { text: 'x'.repeat(2001) })).error, 'invalid_payload');
    assert.equal((await ask(a, 'chat:send', { text: '' })).error, 'invalid_payload');
    assert.equal((await ask(a, 'chat:send', { text: 'é'.repeat(2000) })).ok, true);
    // Burst of 10, then 2 per second: a flood is refused with rate_limited, and the meeting lives on.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(a, 'chat:send', { text: `m${i}` })));
    const limited = answers.filter((r) => r.error === 'rate_limited');
    assert.ok(limited.length >= 15, `limited ${limited.length}`);
    assert.ok(limited.every((r) => r.retryAfter >= 1));
    // Fill to past 100 stored messages with several senders (each has its own budget).
    let stored = 1 + answers.filter((r) => r.ok).length;
    let n = 0;
    while (stored < 110) {
      const s = await participant(server, { guestName: `G${n}` });
      sockets.push(s);
      await ask(s, 'meeting:join', { code: m.code });
      for (let i = 0; i < 10 && stored < 110; i += 1) {
        const r = await ask(s, 'chat:send', { text: `fill ${stored}` });
        assert.equal(r.ok, true);
        stored += 1;
      }
      await ask(s, 'meeting:leave', {});
      n += 1;
    }
    const late = await participant(server, { guestName: 'Late' });
    sockets.push(late);
    const j = await ask(late, 'meeting:join', { code: m.code });
    assert.equal(j.chat.length, 100);
    assert.equal(j.chat[99].text, 'fill 109');
    const ids = j.chat.map((x) => Number(x.id));
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y));
  } finally { closeAll(sockets); await server.stop(); server.cleanup(); }
});
