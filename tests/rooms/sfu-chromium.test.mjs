// SFU signalling with real Chromium peer connections (no web app: the test drives RTCPeerConnection
// itself and relays through socket.io-client): A publishes fake camera + microphone through
// sfu:publish, B answers the SFU's sfu:offer, and B decodes A's video and receives its audio through
// the server's SFU. Also: sfu:transport says connected (never a "disconnected" before that).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { signUp, createMeeting, participant, ask, waitFor, sleep, closeAll } from './helpers.mjs';

const chromium = '/usr/bin/chromium';

async function inboundStats(page) {
  return page.evaluate(async () => {
    const out = {};
    (await window.pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp') out[r.kind] = { packets: r.packetsReceived, frames: r.framesDecoded ?? 0 };
    });
    return out;
  });
}

test('Chromium A publishes, Chromium B decodes its video and gets its audio through the SFU', { skip: !existsSync(chromium) && 'chromium not installed' }, async () => {
  const { chromium: launcher } = await import('playwright-core');
  const server = await startServer();
  const browser = await launcher.launch({
    executablePath: chromium,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns'],
  });
  const sockets = [];
  try {
    const host = await signUp(server, 'Ann');
    const m = await createMeeting(server, host.token, { mode: 'sfu' });
    const a = await participant(server, { token: host.token });
    const b = await participant(server, { guestName: 'Ben' });
    sockets.push(a, b);
    const ja = await ask(a, 'meeting:join', { code: m.code });
    assert.equal((await ask(b, 'meeting:join', { code: m.code })).mode, 'sfu');
    const pages = [];
    for (let i = 0; i < 2; i += 1) {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${server.url}/healthz`);  // a secure context (loopback) for getUserMedia
      pages.push(page);
    }
    const [pa, pb] = pages;
    const iceServers = ja.iceServers;  // as the client would (no STUN on the SFU's own port: see PROTOCOL.md)

    // B: a receive connection answering every offer in order.
    await pb.evaluate((servers) => { window.pc = new RTCPeerConnection({ iceServers: servers }); }, iceServers);
    let answering = Promise.resolve();
    b.on('sfu:offer', (offer) => {
      answering = answering.then(async () => {
        const sdp = await pb.evaluate(async (remote) => {
          await window.pc.setRemoteDescription({ type: 'offer', sdp: remote });
          await window.pc.setLocalDescription(await window.pc.createAnswer());
          return window.pc.localDescription.sdp;
        }, offer.sdp);
        const ack = await ask(b, 'sfu:answer', { version: offer.version, sdp });
        assert.deepEqual(ack, { ok: true });
      });
    });

    // A: a send connection with sendonly transceivers.
    const offer = await pa.evaluate(async (servers) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
      window.pc = new RTCPeerConnection({ iceServers: servers });
      for (const track of stream.getTracks()) window.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      await window.pc.setLocalDescription(await window.pc.createOffer());
      return { sdp: window.pc.localDescription.sdp, tracks: window.pc.getTransceivers().map((t) => ({ mid: t.mid, source: t.sender.track.kind })) };
    }, iceServers);
    const published = await ask(a, 'sfu:publish', offer);
    assert.equal(published.ok, true, JSON.stringify(published));
    await pa.evaluate((sdp) => window.pc.setRemoteDescription({ type: 'answer', sdp }), published.sdp);

    const [first] = await waitFor(b, 'sfu:offer', () => true, 10000);  // answered by the handler above
    assert.deepEqual(first.tracks.map((t) => t.participantId), [ja.self.id, ja.self.id]);
    assert.deepEqual((await waitFor(a, 'sfu:transport', (t) => t.connection === 'send', 10000))[0],
      { connection: 'send', state: 'connected' });
    assert.deepEqual((await waitFor(b, 'sfu:transport', (t) => t.connection === 'recv', 10000))[0],
      { connection: 'recv', state: 'connected' });

    // Frames decoded and audio packets received keep increasing (bounded wait: 15 s).
    let before;
    for (let i = 0; i < 30; i += 1) {
      const stats = await inboundStats(pb);
      if (stats.video?.frames > 0 && stats.audio?.packets > 0) { before = stats; break; }
      await sleep(500);
    }
    assert.ok(before, 'B decodes video and receives audio');
    await sleep(1500);
    const later = await inboundStats(pb);
    assert.ok(later.video.frames > before.video.frames, `frames ${before.video.frames} -> ${later.video.frames}`);
    assert.ok(later.audio.packets > before.audio.packets);
    await answering;
    // The states the clients were told were never a "disconnected" before "connected".
    for (const s of [a, b]) assert.ok(!s.received.some((r) => r.event === 'sfu:transport' && r.args[0].state !== 'connected'));
  } finally {
    closeAll(sockets);
    await browser.close();
    await server.stop();
    server.cleanup();
  }
});
