// SFU signalling against the real server and its real SFU: the mesh -> sfu switch at the mesh limit,
// meetings created as sfu, sfu:publish with a real Chromium offer (fixtures/chromium-offer.sdp, the
// one the C++ SDP tests use), subscriber offers naming the publisher, answers, stale answers, ICE
// restarts, refusals, and a leaver's tracks disappearing from the others' offers.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { signUp, createMeeting, participant, ask, waitFor, nothing, sleep, closeAll } from './helpers.mjs';

const chromiumOffer = readFileSync(new URL('./fixtures/chromium-offer.sdp', import.meta.url), 'utf8');
// What the SFU client sends on its send connection: the same offer with sendonly transceivers.
const publishOffer = chromiumOffer.replaceAll('a=sendrecv', 'a=sendonly');
const publishTracks = [{ mid: '0', source: 'audio' }, { mid: '1', source: 'video' }];

const lines = (sdp) => sdp.split(/\r?\n/).filter(Boolean);
const mediaSections = (sdp) => sdp.split(/\r?\nm=/).slice(1).map((s) => `m=${s}`);
const ufrag = (sdp) => lines(sdp).find((l) => l.startsWith('a=ice-ufrag:'));

// A browser-like answer to a subscriber offer: every m-section accepted recvonly (or refused when
// the offer refused it), our own ICE credentials and certificate fingerprint, DTLS client role.
function answerFor(offer) {
  const out = [];
  for (const line of lines(offer)) {
    if (line.startsWith('a=ice-lite') || line.startsWith('a=candidate') || line.startsWith('a=end-of-candidates') ||
        line.startsWith('a=ssrc') || line.startsWith('a=msid')) continue;
    if (line.startsWith('a=ice-ufrag:')) out.push('a=ice-ufrag:Ab12');
    else if (line.startsWith('a=ice-pwd:')) out.push('a=ice-pwd:abcdefghijklmnopqrstuvwx');
    else if (line.startsWith('a=fingerprint:')) {
      out.push(`a=fingerprint:sha-256 ${Array.from({ length: 32 }, (_, i) => (i * 7 % 256).toString(16).padStart(2, '0').toUpperCase()).join(':')}`);
    } else if (line === 'a=setup:actpass') out.push('a=setup:active');
    else if (line === 'a=sendonly') out.push('a=recvonly');
    else if (line.startsWith('o=')) out.push('o=- 1234567890 2 IN IP4 127.0.0.1');
    else out.push(line);
  }
  return `${out.join('\r\n')}\r\n`;
}

async function sfuMeeting(server, names, settings = { mode: 'sfu' }) {
  const host = await signUp(server, names[0]);
  const m = await createMeeting(server, host.token, settings);
  const sockets = [];
  const joins = [];
  for (const [i, name] of names.entries()) {
    const s = await participant(server, i === 0 ? { token: host.token } : { guestName: name });
    sockets.push(s);
    joins.push(await ask(s, 'meeting:join', { code: m.code }));
  }
  return { m, sockets, joins };
}

describe('sfu signalling: the switch at the mesh limit', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--mesh-limit', '2'] }); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('the third joiner gets mode sfu; the two already in get meeting:mode; the SFU then serves all three', async () => {
    const { m, sockets, joins: [ja, jb] } = await sfuMeeting(server, ['Ann', 'Ben'], {});
    const [a, b] = sockets;
    const c = await participant(server, { guestName: 'Cid' });
    try {
      assert.equal(ja.mode, 'mesh');
      assert.equal(jb.mode, 'mesh');
      // Mesh connections get Parley's own STUN server; connections to the SFU never do (it shares the SFU's
      // port, and a browser takes every packet from a STUN server's address for a STUN reply).
      const ownStun = `stun:127.0.0.1:${server.mediaPort}`;
      assert.deepEqual(ja.iceServers, [{ urls: [ownStun] }]);
      assert.equal((await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks })).error, 'not_sfu',
        'a mesh meeting refuses sfu events');
      assert.ok(await nothing(a, 'meeting:mode', 200));

      const jc = await ask(c, 'meeting:join', { code: m.code });
      assert.equal(jc.ok, true);
      assert.equal(jc.mode, 'sfu');
      assert.deepEqual(jc.iceServers, []);
      assert.deepEqual((await waitFor(a, 'meeting:mode'))[0], { mode: 'sfu', iceServers: [] });
      assert.deepEqual((await waitFor(b, 'meeting:mode'))[0], { mode: 'sfu', iceServers: [] });
      assert.ok(await nothing(c, 'meeting:mode', 200), 'the joiner learns the mode from its answer');

      // Everyone is in the SFU now: the first two as well as the joiner.
      const published = await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks });
      assert.equal(published.ok, true, JSON.stringify(published));
      for (const s of [b, c]) {
        const [offer] = await waitFor(s, 'sfu:offer', (o) => o.tracks.length > 0);
        assert.ok(offer.tracks.every((t) => t.participantId === ja.self.id));
      }
      // One-way: back under the limit, it stays sfu.
      c.disconnect();
      await waitFor(a, 'participant:left');
      const d = await participant(server, { guestName: 'Dee' });
      sockets.push(d);
      assert.equal((await ask(d, 'meeting:join', { code: m.code })).mode, 'sfu');
    } finally { closeAll(c, sockets); }
  });

  test('with --no-sfu the mesh limit is the cap again (meeting_full) and sfu meetings stay mesh', async () => {
    const mesh = await startServer({ args: ['--mesh-limit', '2', '--no-sfu'] });
    const all = [];
    try {
      const { m, sockets, joins } = await sfuMeeting(mesh, ['Ann', 'Ben'], { mode: 'sfu' });
      all.push(...sockets);
      assert.deepEqual(joins.map((j) => j.mode), ['mesh', 'mesh']);
      const c = await participant(mesh, { guestName: 'Cid' });
      all.push(c);
      assert.equal((await ask(c, 'meeting:join', { code: m.code })).error, 'meeting_full');
      assert.equal((await ask(sockets[0], 'sfu:restart', {})).error, 'not_sfu');
    } finally { closeAll(all); await mesh.stop(); mesh.cleanup(); }
  });
});

describe('sfu signalling: publish and subscribe', () => {
  let server;
  // Payloads up to 1 MiB arrive, so that the 64 KiB SDP limit is the one that answers.
  before(async () => { server = await startServer({ args: ['--max-body-bytes', '1048576', '--max-payload', '1048576'] }); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('a meeting created with mode sfu is sfu from the first join', async () => {
    const { sockets, joins } = await sfuMeeting(server, ['Ann']);
    try {
      assert.equal(joins[0].mode, 'sfu');
    } finally { closeAll(sockets); }
  });

  test('sfu:publish with a Chromium offer answers ice-lite, a fingerprint, recvonly sections and our candidate', async () => {
    const { sockets: [a], joins: [ja] } = await sfuMeeting(server, ['Ann']);
    try {
      assert.equal(ja.mode, 'sfu');
      const res = await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks });
      assert.equal(res.ok, true, JSON.stringify(res));
      const answer = res.sdp;
      assert.ok(lines(answer).includes('a=ice-lite'), answer);
      assert.ok(lines(answer).some((l) => /^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(l)), answer);
      const sections = mediaSections(answer);
      assert.equal(sections.length, 2);
      for (const section of sections) assert.ok(lines(section).includes('a=recvonly'), section);
      const candidates = lines(answer).filter((l) => l.startsWith('a=candidate:'));
      assert.ok(candidates.some((l) => l.includes(` 127.0.0.1 ${server.mediaPort} typ host`)), candidates.join('\n'));
    } finally { closeAll(a); }
  });

  test('after A publishes, B gets an sfu:offer naming A; answers; stale answers, restarts, and A leaving', async () => {
    const { sockets, joins } = await sfuMeeting(server, ['Ann', 'Ben']);
    const [a, b] = sockets;
    const [ja, jb] = joins;
    try {
      assert.equal((await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks })).ok, true);
      const [offer] = await waitFor(b, 'sfu:offer', (o) => o.tracks.length > 0);
      assert.ok(Number.isInteger(offer.version));
      assert.deepEqual(offer.tracks.map((t) => [t.participantId, t.source, t.kind]).sort(),
        [[ja.self.id, 'audio', 'audio'], [ja.self.id, 'video', 'video']]);
      const sections = mediaSections(offer.sdp);
      for (const t of offer.tracks) {
        const section = sections.find((s) => lines(s).includes(`a=mid:${t.mid}`));
        assert.ok(section, `m-section for mid ${t.mid}`);
        assert.ok(lines(section).some((l) => l.startsWith(`a=msid:${ja.self.id} `)), section);
        assert.ok(lines(section).includes('a=sendonly'), section);
      }
      assert.ok(lines(offer.sdp).includes('a=ice-lite'));
      // A does not get its own tracks.
      assert.ok(!a.received.some((r) => r.event === 'sfu:offer' && r.args[0].tracks.some((t) => t.participantId === ja.self.id)));

      const answered = await ask(b, 'sfu:answer', { version: offer.version, sdp: answerFor(offer.sdp) });
      assert.deepEqual(answered, { ok: true });

      // An ICE restart of the receive connection: a fresh offer with new credentials.
      assert.deepEqual(await ask(b, 'sfu:restart', {}), { ok: true });
      const [fresh] = await waitFor(b, 'sfu:offer');
      assert.ok(fresh.version > offer.version);
      assert.notEqual(ufrag(fresh.sdp), ufrag(offer.sdp));
      const stale = await ask(b, 'sfu:answer', { version: offer.version, sdp: answerFor(offer.sdp) });
      assert.equal(stale.ok, false);
      assert.equal(stale.error, 'stale_answer');
      assert.deepEqual(await ask(b, 'sfu:answer', { version: fresh.version, sdp: answerFor(fresh.sdp) }), { ok: true });

      // A leaves: B's next offer no longer has A's tracks.
      assert.deepEqual(await ask(a, 'meeting:leave', {}), { ok: true });
      const [after] = await waitFor(b, 'sfu:offer');
      assert.ok(after.version > fresh.version);
      assert.deepEqual(after.tracks.filter((t) => t.participantId === ja.self.id), []);
      assert.equal(jb.mode, 'sfu');
    } finally { closeAll(sockets); }
  });

  test('refusals: not_joined, invalid_sdp, invalid_payload (tracks, sdp size), not_sfu in a mesh meeting', async () => {
    const outsider = await participant(server, { guestName: 'Out' });
    const { sockets: [a] } = await sfuMeeting(server, ['Ann']);
    const { sockets: [meshHost] } = await sfuMeeting(server, ['Mia'], { mode: 'auto' });
    try {
      assert.equal((await ask(outsider, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks })).error, 'not_joined');
      assert.equal((await ask(outsider, 'sfu:restart', {})).error, 'not_joined');

      const garbage = await ask(a, 'sfu:publish', { sdp: 'v=0\r\nthis is not sdp\r\n', tracks: [] });
      assert.equal(garbage.ok, false);
      assert.equal(garbage.error, 'invalid_sdp');
      assert.equal(typeof garbage.message, 'string');

      const four = ['0', '1', '2', '3'].map((mid, i) => ({ mid, source: ['audio', 'video', 'screen', 'audio'][i] }));
      const tooMany = await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: four });
      assert.deepEqual([tooMany.error, tooMany.field], ['invalid_payload', 'tracks']);
      const huge = await ask(a, 'sfu:publish', { sdp: publishOffer + 'a=x\r\n'.repeat(13000), tracks: publishTracks });
      assert.deepEqual([huge.error, huge.field], ['invalid_payload', 'sdp']);
      const badSource = await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: [{ mid: '0', source: 'mic' }] });
      assert.deepEqual([badSource.error, badSource.field], ['invalid_payload', 'source']);
      const badVersion = await ask(a, 'sfu:answer', { version: -1, sdp: 'v=0' });
      assert.deepEqual([badVersion.error, badVersion.field], ['invalid_payload', 'version']);

      assert.equal((await ask(meshHost, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks })).error, 'not_sfu');
      // After all that, the server still publishes.
      assert.equal((await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks })).ok, true);
    } finally { closeAll(outsider, a, meshHost); }
  });

  test('SFU counters are on /metrics', async () => {
    const res = await fetch(`${server.url}/metrics`);
    const body = await res.text();
    for (const name of ['parley_sfu_transports', 'parley_sfu_producers', 'parley_sfu_consumers',
      'parley_sfu_packets_in_total', 'parley_sfu_bytes_out_total', 'parley_sfu_nacks_total', 'parley_sfu_plis_sent_total']) {
      assert.match(body, new RegExp(`^${name} \\d+$`, 'm'), name);
    }
    assert.match(body, /^parley_sfu_dropped_total\{reason="srtp"\} \d+$/m);
  });
});

describe('sfu signalling: reconnect grace', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--reconnect-grace', '2'] }); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('a resume keeps the SFU place (offers reach the new socket); the end of the grace removes it', async () => {
    const { m, sockets, joins } = await sfuMeeting(server, ['Ann', 'Ben']);
    const [a] = sockets;
    let b = sockets[1];
    const [ja, jb] = joins;
    try {
      assert.equal((await ask(a, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks })).ok, true);
      const [first] = await waitFor(b, 'sfu:offer', (o) => o.tracks.length > 0);
      assert.deepEqual(await ask(b, 'sfu:answer', { version: first.version, sdp: answerFor(first.sdp) }), { ok: true });

      // B's transport drops (no Socket.IO disconnect, as a lost network) and B comes back within the grace.
      b.io.engine.close();
      await sleep(300);
      b = await participant(server, { guestName: 'Ben' });
      sockets.push(b);
      const back = await ask(b, 'meeting:join', { code: m.code, resumeToken: jb.self.resumeToken });
      assert.equal(back.self.id, jb.self.id);
      assert.equal(back.mode, 'sfu');
      // Still subscribed to A: an ICE restart gives the new socket a fresh offer with A's tracks.
      assert.deepEqual(await ask(b, 'sfu:restart', {}), { ok: true });
      const [fresh] = await waitFor(b, 'sfu:offer');
      assert.ok(fresh.version > first.version);
      assert.ok(fresh.tracks.some((t) => t.participantId === ja.self.id));
      assert.deepEqual(await ask(b, 'sfu:answer', { version: fresh.version, sdp: answerFor(fresh.sdp) }), { ok: true });
      // And B's own publication still works after the resume (a send-side ICE restart).
      assert.equal((await ask(b, 'sfu:publish', { sdp: publishOffer, tracks: publishTracks })).ok, true);
      const [fromB] = await waitFor(a, 'sfu:offer', (o) => o.tracks.some((t) => t.participantId === jb.self.id));
      assert.deepEqual(await ask(a, 'sfu:answer', { version: fromB.version, sdp: answerFor(fromB.sdp) }), { ok: true });

      // Dropped again, not back: after the grace A's next offer no longer has B's tracks.
      b.io.engine.close();
      const [left] = await waitFor(a, 'participant:left', () => true, 6000);
      assert.deepEqual(left, { id: jb.self.id, reason: 'timeout' });
      const [without] = await waitFor(a, 'sfu:offer', (o) => o.version > fromB.version, 3000);
      assert.deepEqual(without.tracks.filter((t) => t.participantId === jb.self.id), []);
    } finally { closeAll(sockets); }
  });
});
