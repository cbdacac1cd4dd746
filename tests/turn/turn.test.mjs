// Calls that work behind strict firewalls: Parley mints TURN credentials in the meeting join answer,
// a real coturn accepts them and refuses wrong or expired ones, and two Chromium pages forced to
// relay-only exchange video through it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { io } from 'socket.io-client';
import { startServer } from '../lib/server.mjs';
import { request } from '../lib/http.mjs';
import { startCoturn } from '../lib/coturn.mjs';
import { tryAllocate } from '../lib/turnClient.mjs';

let turn;
let server;
before(async () => {
  turn = await startCoturn();
  server = await startServer({ args: ['--turn-secret', turn.secret, '--turn-uri', turn.uri] });
});
after(async () => {
  await server?.stop();
  server?.cleanup();
  await turn?.stop();
});

async function signedInToken(target = server) {
  const username = `turn${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const reg = await request(`${target.url}/api/v1/auth/register`, { method: 'POST', body: { name: 'Tess Turn', username, password: 'correct horse' } });
  assert.equal(reg.status, 201, reg.body);
  const login = await request(`${target.url}/api/v1/auth/login`, { method: 'POST', body: { username, password: 'correct horse' } });
  return login.json.token;
}

async function joinAndGetIceServers(token, code, auth = { token }, target = server) {
  const socket = io(target.url, { auth, transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  const answer = await socket.timeout(5000).emitWithAck('meeting:join', { code });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return { socket, iceServers: answer.iceServers };
}

async function createMeeting(token, target = server) {
  const res = await request(`${target.url}/api/v1/meetings`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { guestsAllowed: true } });
  assert.equal(res.status, 201, res.body);
  return res.json.code;
}

test('the join answer carries TURN credentials that coturn accepts, and a tampered one is refused', async () => {
  const token = await signedInToken();
  const code = await createMeeting(token);
  const { socket, iceServers } = await joinAndGetIceServers(token, code);
  try {
    const turnEntry = iceServers.find((s) => [s.urls].flat().some((u) => u.startsWith('turn:')));
    assert.ok(turnEntry, `a TURN server in ${JSON.stringify(iceServers)}`);
    assert.match(turnEntry.username, /^\d+:/, 'username is expiry:id');
    const ok = await tryAllocate({ host: turn.host, port: turn.port, username: turnEntry.username, credential: turnEntry.credential });
    assert.equal(ok.ok, true, 'coturn allocated a relay with Parley-minted credentials');
    const wrong = await tryAllocate({ host: turn.host, port: turn.port, username: turnEntry.username, credential: `${turnEntry.credential}x` });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.errorCode, 401);
  } finally {
    socket.close();
  }
});

test('a credential minted with a short --turn-ttl is refused by coturn once expired', async () => {
  const shortLived = await startServer({ args: ['--turn-secret', turn.secret, '--turn-uri', turn.uri, '--turn-ttl', '2'] });
  try {
    const token = await signedInToken(shortLived);
    const code = await createMeeting(token, shortLived);
    const { socket, iceServers } = await joinAndGetIceServers(token, code, { token }, shortLived);
    socket.close();
    const entry = iceServers.find((s) => [s.urls].flat().some((u) => u.startsWith('turn:')));
    await new Promise((r) => setTimeout(r, 3500));
    const expired = await tryAllocate({ host: turn.host, port: turn.port, username: entry.username, credential: entry.credential });
    assert.equal(expired.ok, false, 'expired credential refused');
    assert.equal(expired.errorCode, 401);
  } finally {
    await shortLived.stop();
    shortLived.cleanup();
  }
});

const chromium = '/usr/bin/chromium';
test('two Chromium pages with iceTransportPolicy relay exchange video through coturn', { skip: !existsSync(chromium) && 'chromium not installed' }, async () => {
  const { chromium: launcher } = await import('playwright-core');
  const token = await signedInToken();
  const code = await createMeeting(token);
  const a = await joinAndGetIceServers(token, code);
  const b = await joinAndGetIceServers(undefined, code, { guestName: 'Guest Relay' });
  const browser = await launcher.launch({
    executablePath: chromium,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection'],
  });
  try {
    const context = await browser.newContext();
    const pages = [await context.newPage(), await context.newPage()];
    // A secure context on Parley's own origin (http://127.0.0.1 counts as potentially trustworthy).
    for (const page of pages) await page.goto(`${server.url}/healthz`);
    const setup = async (page, iceServers, sendVideo) => page.evaluate(async ({ iceServers, sendVideo }) => {
      const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
      window.pc = pc;
      window.candidates = [];
      pc.onicecandidate = (e) => { if (e.candidate) window.candidates.push(e.candidate.toJSON()); };
      if (sendVideo) {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: false });
        stream.getTracks().forEach((t) => pc.addTrack(t, stream));
      } else {
        pc.addTransceiver('video', { direction: 'recvonly' });
      }
    }, { iceServers, sendVideo });
    await setup(pages[0], a.iceServers, true);
    await setup(pages[1], b.iceServers, false);
    const offer = await pages[0].evaluate(async () => { const o = await pc.createOffer(); await pc.setLocalDescription(o); return o; });
    const answer = await pages[1].evaluate(async (o) => { await pc.setRemoteDescription(o); const a = await pc.createAnswer(); await pc.setLocalDescription(a); return a; }, offer);
    await pages[0].evaluate(async (a) => pc.setRemoteDescription(a), answer);
    // Trickle the candidates both ways until connected (bounded).
    const deadline = Date.now() + 20000;
    const sent = [0, 0];
    let state = '';
    while (Date.now() < deadline) {
      for (const [from, to] of [[0, 1], [1, 0]]) {
        const list = await pages[from].evaluate(() => window.candidates);
        for (const c of list.slice(sent[from])) await pages[to].evaluate((c) => pc.addIceCandidate(c), c);
        sent[from] = list.length;
      }
      state = await pages[1].evaluate(() => pc.iceConnectionState);
      if (state === 'connected' || state === 'completed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const diag = { a: await pages[0].evaluate(() => ({ c: window.candidates, g: pc.iceGatheringState, s: pc.iceConnectionState })), b: await pages[1].evaluate(() => ({ c: window.candidates, g: pc.iceGatheringState, s: pc.iceConnectionState })) };
    assert.ok(['connected', 'completed'].includes(state), `ICE state ${state} ${JSON.stringify(diag)}`);
    const relayOnly = (candidates) => candidates.every((c) => / typ relay /.test(c.candidate));
    assert.ok(relayOnly(await pages[0].evaluate(() => window.candidates)), 'page A gathered only relay candidates');
    const stats = async () => pages[1].evaluate(async () => {
      const report = await pc.getStats();
      let frames = 0; let pair; const byId = new Map();
      report.forEach((s) => { byId.set(s.id, s); if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0; });
      report.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId.get(s.selectedCandidatePairId); });
      const local = pair && byId.get(pair.localCandidateId);
      const remote = pair && byId.get(pair.remoteCandidateId);
      return { frames, localType: local?.candidateType, remoteType: remote?.candidateType };
    });
    const first = await stats();
    await new Promise((r) => setTimeout(r, 2000));
    const second = await stats();
    assert.equal(second.localType, 'relay', 'the selected pair is a relay pair');
    assert.equal(second.remoteType, 'relay');
    assert.ok(second.frames > first.frames && second.frames > 0, `frames decoded grow: ${first.frames} -> ${second.frames}`);
  } finally {
    await browser.close();
    a.socket.close();
    b.socket.close();
  }
});
