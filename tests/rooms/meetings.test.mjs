// Meetings in progress against the real server: join/leave/roster, relay only within a meeting, chat
// persisted and replayed after a restart, lobby, lock, password, host-only actions, reconnect grace,
// guests, media state and reactions, and a 10-participant lifecycle.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signUp, createMeeting, meetingInfo, participant, ask, waitFor, nothing, sleep, closeAll } from './helpers.mjs';

describe('meetings', () => {
  let server;
  // Mesh limit = cap: these meetings stay peer-to-peer (the switch to the SFU is in sfu.test.mjs).
  before(async () => { server = await startServer({ args: ['--reconnect-grace', '2', '--mesh-limit', '4', '--max-participants', '4'] }); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('join answers with self, roster, chat, mode, ICE servers and settings; others get participant:joined', async () => {
    const host = await signUp(server, 'Hana');
    const member = await signUp(server, 'Mo');
    const m = await createMeeting(server, host.token, { title: 'Standup' });
    const a = await participant(server, { token: host.token });
    const b = await participant(server, { token: member.token });
    const g = await participant(server, { guestName: '  Gil  ' });
    try {
      const ja = await ask(a, 'meeting:join', { code: m.code });
      assert.equal(ja.ok, true);
      assert.equal(ja.status, 'joined');
      assert.equal(ja.self.role, 'host');
      assert.equal(ja.self.name, 'Hana');
      assert.match(ja.self.id, /^[0-9a-f]{24}$/);
      assert.notEqual(ja.self.id, a.id);
      assert.ok(ja.self.resumeToken.length >= 32);
      assert.deepEqual(ja.participants, []);
      assert.deepEqual(ja.chat, []);
      assert.equal(ja.mode, 'mesh');
      assert.ok(Array.isArray(ja.iceServers));
      assert.deepEqual(ja.meeting, { code: m.code, title: 'Standup', locked: false, lobby: false, guestsAllowed: true });

      const jb = await ask(b, 'meeting:join', { code: m.code.toUpperCase() });
      assert.equal(jb.self.role, 'member');
      assert.deepEqual(jb.participants, [{ id: ja.self.id, name: 'Hana', role: 'host',
        media: { audio: false, video: false, screen: false, hand: false } }]);
      const [joined] = await waitFor(a, 'participant:joined');
      assert.deepEqual(joined, { id: jb.self.id, name: 'Mo', role: 'member',
        media: { audio: false, video: false, screen: false, hand: false } });

      const jg = await ask(g, 'meeting:join', { code: m.code });
      assert.equal(jg.self.role, 'guest');
      assert.equal(jg.self.name, 'Gil');
      assert.deepEqual(jg.participants.map((p) => p.id), [ja.self.id, jb.self.id]);
      assert.equal((await meetingInfo(server, m.code)).json.participantCount, 3);

      // Leaving tells the others.
      assert.deepEqual(await ask(g, 'meeting:leave', {}), { ok: true });
      const [left] = await waitFor(a, 'participant:left', (e) => e.id === jg.self.id);
      assert.deepEqual(left, { id: jg.self.id, reason: 'left' });
      await waitFor(b, 'participant:left', (e) => e.id === jg.self.id);
      // Closing the connection on purpose leaves at once too.
      b.disconnect();
      const [left2] = await waitFor(a, 'participant:left', (e) => e.id === jb.self.id);
      assert.equal(left2.reason, 'left');
      assert.equal((await meetingInfo(server, m.code)).json.participantCount, 1);
    } finally { closeAll(a, b, g); }
  });

  test('refusals: unknown code, not authenticated, guests not allowed, password, lock, full', async () => {
    const host = await signUp(server, 'Host');
    const other = await signUp(server, 'Other');
    const noGuests = await createMeeting(server, host.token, { guestsAllowed: false });
    const secret = await createMeeting(server, host.token, { password: 'open sesame' });
    const anon = await participant(server, undefined);
    const guest = await participant(server, { guestName: 'Gus' });
    const user = await participant(server, { token: other.token });
    const h = await participant(server, { token: host.token });
    const extra = [];
    try {
      assert.equal((await ask(user, 'meeting:join', { code: 'zzz-zzzz-zzz' })).error, 'meeting_not_found');
      assert.equal((await ask(user, 'meeting:join', { code: '../etc' })).error, 'meeting_not_found');
      assert.equal((await ask(anon, 'meeting:join', { code: noGuests.code })).error, 'not_authenticated');
      const refusedGuest = await ask(guest, 'meeting:join', { code: noGuests.code });
      assert.equal(refusedGuest.ok, false);
      assert.equal(refusedGuest.error, 'guests_not_allowed');
      assert.equal(typeof refusedGuest.message, 'string');
      assert.equal((await ask(user, 'meeting:join', { code: noGuests.code })).ok, true);

      assert.equal((await ask(user, 'meeting:join', { code: secret.code })).error, 'password_required');
      assert.equal((await ask(user, 'meeting:join', { code: secret.code, password: 'wrong one' })).error, 'wrong_password');
      assert.equal((await ask(user, 'meeting:join', { code: secret.code, password: 'open sesame' })).status, 'joined');
      // The host needs no password.
      const hj = await ask(h, 'meeting:join', { code: secret.code });
      assert.equal(hj.self.role, 'host');

      // Lock: everyone is told; newcomers refused; the host still gets in.
      assert.deepEqual(await ask(h, 'meeting:lock', { locked: true }), { ok: true, locked: true });
      assert.deepEqual((await waitFor(user, 'meeting:updated'))[0], { locked: true });
      assert.equal((await ask(guest, 'meeting:join', { code: secret.code, password: 'open sesame' })).error, 'meeting_locked');
      assert.equal((await meetingInfo(server, secret.code)).json.locked, true);
      await ask(h, 'meeting:lock', { locked: false });

      // Full: --max-participants 4.
      for (let i = 0; i < 2; i += 1) {
        const s = await participant(server, { guestName: `Extra ${i}` });
        extra.push(s);
        assert.equal((await ask(s, 'meeting:join', { code: secret.code, password: 'open sesame' })).status, 'joined');
      }
      const fifth = await participant(server, { guestName: 'Fifth' });
      extra.push(fifth);
      assert.equal((await ask(fifth, 'meeting:join', { code: secret.code, password: 'open sesame' })).error, 'meeting_full');
    } finally { closeAll(anon, guest, user, h, extra); }
  });

  test('a bad token is refused at CONNECT; a bad guest name too', async () => {
    const { connect } = await import('./helpers.mjs');
    for (const auth of [{ token: 'f'.repeat(64) }, { token: 42 }, { guestName: '   ' }, { guestName: 'x'.repeat(65) }]) {
      const s = connect(server, auth);
      const err = await new Promise((resolve) => s.once('connect_error', resolve));
      assert.ok(['invalid_token', 'invalid_guest_name'].includes(err.data?.error), JSON.stringify(err.data));
      s.close();
    }
  });

  test('signals are relayed only within the meeting, stamped with the sender id', async () => {
    const host = await signUp(server, 'H');
    const m1 = await createMeeting(server, host.token);
    const m2 = await createMeeting(server, host.token);
    const a = await participant(server, { guestName: 'A' });
    const b = await participant(server, { guestName: 'B' });
    const x = await participant(server, { guestName: 'X' });
    try {
      const ja = await ask(a, 'meeting:join', { code: m1.code });
      const jb = await ask(b, 'meeting:join', { code: m1.code });
      const jx = await ask(x, 'meeting:join', { code: m2.code });
      const offer = { type: 'offer', sdp: 'v=0\r\n' };
      assert.deepEqual(await ask(a, 'rtc:signal', { to: jb.self.id, description: offer, from: 'forged' }), { ok: true });
      const [got] = await waitFor(b, 'rtc:signal');
      assert.deepEqual(got, { from: ja.self.id, description: offer });
      b.emit('rtc:signal', { to: ja.self.id, candidate: null });  // without ack
      assert.deepEqual((await waitFor(a, 'rtc:signal'))[0], { from: jb.self.id, candidate: null });

      // A member of another meeting cannot reach them: by participant id, by socket id, or at all.
      for (const to of [ja.self.id, jb.self.id, a.id, b.id]) {
        const r = await ask(x, 'rtc:signal', { to, description: offer });
        assert.equal(r.ok, false);
        assert.equal(r.error, 'participant_not_found');
      }
      // Nor by the legacy event set.
      assert.equal((await x.timeout(5000).emitWithAck('signal', a.id, 'hello')).ok, false);
      // And someone in no meeting at all.
      const y = await participant(server, { guestName: 'Y' });
      assert.equal((await ask(y, 'rtc:signal', { to: ja.self.id, description: offer })).error, 'not_joined');
      y.close();
      assert.ok(await nothing(a, 'rtc:signal'));
      assert.ok(await nothing(b, 'rtc:signal', 50));
      assert.ok(await nothing(a, 'signal', 50));
      void jx;
    } finally { closeAll(a, b, x); }
  });

  test('media state goes to the others; reactions to everyone', async () => {
    const host = await signUp(server, 'H');
    const m = await createMeeting(server, host.token);
    const a = await participant(server, { guestName: 'A' });
    const b = await participant(server, { guestName: 'B' });
    try {
      const ja = await ask(a, 'meeting:join', { code: m.code });
      await ask(b, 'meeting:join', { code: m.code });
      assert.deepEqual(await ask(a, 'media:state', { audio: true, video: true, screen: false, hand: true }), { ok: true });
      const [upd] = await waitFor(b, 'participant:updated');
      assert.deepEqual(upd, { id: ja.self.id, media: { audio: true, video: true, screen: false, hand: true } });
      assert.ok(await nothing(a, 'participant:updated', 100));
      const c = await participant(server, { guestName: 'C' });
      const jc = await ask(c, 'meeting:join', { code: m.code });
      assert.deepEqual(jc.participants.find((p) => p.id === ja.self.id).media, { audio: true, video: true, screen: false, hand: true });
      c.close();
      assert.deepEqual(await ask(a, 'reaction', { emoji: '👍' }), { ok: true });
      assert.deepEqual((await waitFor(a, 'reaction'))[0], { from: ja.self.id, emoji: '👍' });
      assert.deepEqual((await waitFor(b, 'reaction'))[0], { from: ja.self.id, emoji: '👍' });
    } finally { closeAll(a, b); }
  });

  test('host controls: mute, remove, promote, end; refused for others', async () => {
    const host = await signUp(server, 'Hana');
    const member = await signUp(server, 'Mo');
    const m = await createMeeting(server, host.token);
    const h = await participant(server, { token: host.token });
    const b = await participant(server, { token: member.token });
    const g = await participant(server, { guestName: 'Gil' });
    try {
      const jh = await ask(h, 'meeting:join', { code: m.code });
      const jb = await ask(b, 'meeting:join', { code: m.code });
      const jg = await ask(g, 'meeting:join', { code: m.code });
      for (const [event, payload] of [['host:mute', { id: jh.self.id }], ['host:remove', { id: jh.self.id }],
        ['host:promote', { id: jb.self.id }], ['meeting:lock', { locked: true }], ['meeting:end', {}],
        ['lobby:admit', { id: 'x' }], ['lobby:deny', { id: 'x' }]]) {
        const r = await ask(b, event, payload);
        assert.equal(r.ok, false, event);
        assert.equal(r.error, 'not_host', event);
      }
      assert.ok(await nothing(h, 'host:mute-request', 50));

      assert.deepEqual(await ask(h, 'host:mute', { id: jb.self.id }), { ok: true });
      assert.deepEqual((await waitFor(b, 'host:mute-request'))[0], {});

      assert.deepEqual(await ask(h, 'host:remove', { id: jg.self.id }), { ok: true });
      await waitFor(g, 'meeting:removed');
      assert.deepEqual((await waitFor(b, 'participant:left', (e) => e.id === jg.self.id))[0], { id: jg.self.id, reason: 'removed' });
      assert.equal((await ask(g, 'chat:send', { text: 'still here?' })).error, 'not_joined');

      assert.deepEqual(await ask(h, 'host:promote', { id: jb.self.id }), { ok: true });
      assert.deepEqual((await waitFor(b, 'participant:updated', (e) => e.role))[0], { id: jb.self.id, role: 'host' });
      assert.deepEqual(await ask(b, 'host:mute', { id: jh.self.id }), { ok: true });
      assert.equal((await ask(b, 'host:remove', { id: jh.self.id })).ok, false);  // not the creator

      assert.deepEqual(await ask(b, 'meeting:end', {}), { ok: true });
      assert.deepEqual((await waitFor(h, 'meeting:ended'))[0], { reason: 'ended_by_host' });
      const info = await meetingInfo(server, m.code);
      assert.equal(info.json.ended, true);
      assert.equal(info.json.participantCount, 0);
      assert.equal((await ask(h, 'meeting:join', { code: m.code })).error, 'meeting_ended');
    } finally { closeAll(h, b, g); }
  });

  test('lobby: non-hosts wait until a host admits or denies them', async () => {
    const host = await signUp(server, 'Hana');
    const m = await createMeeting(server, host.token, { lobby: true });
    const w1 = await participant(server, { guestName: 'Early' });
    const h = await participant(server, { token: host.token });
    const w2 = await participant(server, { guestName: 'Late' });
    try {
      assert.deepEqual(await ask(w1, 'meeting:join', { code: m.code }), { ok: true, status: 'waiting' });
      const jh = await ask(h, 'meeting:join', { code: m.code });
      assert.equal(jh.status, 'joined');
      assert.deepEqual(jh.participants, []);
      const [req1] = await waitFor(h, 'lobby:request');
      assert.equal(req1.name, 'Early');
      assert.deepEqual(await ask(w2, 'meeting:join', { code: m.code }), { ok: true, status: 'waiting' });
      const [req2] = await waitFor(h, 'lobby:request', (e) => e.name === 'Late');
      // Waiting is not being in: no relay, no chat.
      assert.equal((await ask(w1, 'chat:send', { text: 'hi' })).error, 'not_joined');

      assert.deepEqual(await ask(h, 'lobby:admit', { id: req1.id }), { ok: true });
      const [admitted] = await waitFor(w1, 'lobby:admitted');
      assert.equal(admitted.status, 'joined');
      assert.equal(admitted.self.id, req1.id);
      assert.equal(admitted.self.role, 'guest');
      assert.deepEqual(admitted.participants.map((p) => p.id), [jh.self.id]);
      assert.equal((await waitFor(h, 'participant:joined'))[0].id, req1.id);

      assert.deepEqual(await ask(h, 'lobby:deny', { id: req2.id }), { ok: true });
      assert.deepEqual((await waitFor(w2, 'lobby:denied'))[0], { reason: 'denied' });
      assert.equal((await ask(h, 'lobby:admit', { id: req2.id })).error, 'participant_not_found');
      assert.equal((await meetingInfo(server, m.code)).json.participantCount, 2);
    } finally { closeAll(w1, h, w2); }
  });

  test('reconnect grace: a dropped participant keeps its id, then times out', async () => {
    const host = await signUp(server, 'Hana');
    const member = await signUp(server, 'Mo');
    const m = await createMeeting(server, host.token);
    const h = await participant(server, { token: host.token });
    let b = await participant(server, { token: member.token });
    try {
      await ask(h, 'meeting:join', { code: m.code });
      const jb = await ask(b, 'meeting:join', { code: m.code });
      // Drop the transport without a Socket.IO disconnect (as a lost network does).
      b.io.engine.close();
      await sleep(500);
      assert.ok(await nothing(h, 'participant:left', 200));
      b = await participant(server, { token: member.token });
      const back = await ask(b, 'meeting:join', { code: m.code, resumeToken: jb.self.resumeToken });
      assert.equal(back.status, 'joined');
      assert.equal(back.self.id, jb.self.id);
      assert.equal(back.self.role, 'member');
      assert.equal((await waitFor(h, 'participant:updated', (e) => e.id === jb.self.id))[0].name, 'Mo');
      assert.ok(!h.received.some((r) => r.event === 'participant:left'));

      // Dropped again and not back within the grace (2 s): participant:left with reason timeout.
      b.io.engine.close();
      const [left] = await waitFor(h, 'participant:left', () => true, 6000);
      assert.deepEqual(left, { id: jb.self.id, reason: 'timeout' });
      b = await participant(server, { token: member.token });
      const fresh = await ask(b, 'meeting:join', { code: m.code, resumeToken: jb.self.resumeToken });
      assert.notEqual(fresh.self.id, jb.self.id);
    } finally { closeAll(h, b); }
  });

  test('a meeting with 10 participants runs its full lifecycle', async () => {
    const big = await startServer({ args: ['--mesh-limit', '10', '--max-participants', '10'] });
    const sockets = [];
    try {
      const host = await signUp(big, 'Host');
      const m = await createMeeting(big, host.token);
      sockets.push(await participant(big, { token: host.token }));
      for (let i = 1; i < 10; i += 1) sockets.push(await participant(big, { guestName: `Guest ${i}` }));
      const joins = [];
      for (const s of sockets) joins.push(await ask(s, 'meeting:join', { code: m.code }));
      assert.deepEqual(joins.map((j) => j.participants.length), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const ids = joins.map((j) => j.self.id);
      const eleventh = await participant(big, { guestName: 'Eleven' });
      assert.equal((await ask(eleventh, 'meeting:join', { code: m.code })).error, 'meeting_full');
      eleventh.close();
      // Everyone offers to everyone who joined before it (the mesh), and gets each offer.
      for (let i = 0; i < 10; i += 1) {
        for (let j = 0; j < i; j += 1) sockets[i].emit('rtc:signal', { to: ids[j], description: { type: 'offer', sdp: `${i}>${j}` } });
      }
      for (let j = 0; j < 10; j += 1) {
        for (let i = j + 1; i < 10; i += 1) {
          await waitFor(sockets[j], 'rtc:signal', (e) => e.from === ids[i] && e.description.sdp === `${i}>${j}`);
        }
      }
      for (let i = 0; i < 10; i += 1) await ask(sockets[i], 'media:state', { audio: true });
      const sent = await ask(sockets[3], 'chat:send', { text: 'hello all' });
      for (const s of sockets) assert.equal((await waitFor(s, 'chat:message', (e) => e.id === sent.message.id))[0].from, ids[3]);
      assert.equal((await meetingInfo(big, m.code)).json.participantCount, 10);
      assert.deepEqual(await ask(sockets[9], 'meeting:leave', {}), { ok: true });
      for (let i = 0; i < 9; i += 1) await waitFor(sockets[i], 'participant:left', (e) => e.id === ids[9]);
      assert.deepEqual(await ask(sockets[0], 'meeting:end', {}), { ok: true });
      for (let i = 0; i < 9; i += 1) await waitFor(sockets[i], 'meeting:ended');
      const hist = await (await import('../lib/http.mjs')).request(`${big.url}/api/v1/meetings/history`, {
        headers: { authorization: `Bearer ${host.token}` } });
      const row = hist.json.meetings.find((r) => r.code === m.code);
      assert.ok(row, 'the host attended');
      assert.ok(row.leftAt, 'left time written');
    } finally { closeAll(sockets); await big.stop(); big.cleanup(); }
  });
});
