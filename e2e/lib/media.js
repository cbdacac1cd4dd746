// Media checks read inside the page: per remote tile, what its <video>'s tracks received,
// matched to inbound-rtp stats by trackIdentifier. This works the same for the mesh (one
// connection per peer) and the SFU (every peer on one receive connection).

/** Per remote camera tile: video frames decoded and audio received on its stream's tracks. */
export async function remoteTileMedia(page) {
  return page.evaluate(async () => {
    const inbound = [];
    for (const pc of window.__e2e.pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp') inbound.push(s);
      });
    }
    const sum = (list, key) => list.reduce((n, s) => n + (s[key] ?? 0), 0);
    const tiles = document.querySelectorAll('[data-testid=tile][data-kind=camera][data-self=false]');
    return [...tiles].map((tile) => {
      const video = tile.querySelector('video');
      const stream = video?.srcObject ?? null;
      const ids = new Set(stream ? stream.getTracks().map((t) => t.id) : []);
      const mine = inbound.filter((s) => ids.has(s.trackIdentifier));
      const videoStats = mine.filter((s) => s.kind === 'video');
      const audioStats = mine.filter((s) => s.kind === 'audio');
      return {
        name: tile.dataset.name,
        tracks: ids.size,
        frames: sum(videoStats, 'framesDecoded'),
        audioBytes: sum(audioStats, 'bytesReceived'),
        audioSamples: sum(audioStats, 'totalSamplesReceived'),
        playing: !!video && !video.paused && video.videoWidth > 0,
      };
    });
  });
}

/** Peer connections of the page that are not closed, with their states and ICE ufrags. */
export async function liveConnections(page) {
  return page.evaluate(() =>
    window.__e2e.pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .map((pc) => ({
        state: pc.connectionState,
        ice: pc.iceConnectionState,
        ufrag: /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1] ?? null,
        directions: pc.getTransceivers().map((t) => t.currentDirection ?? t.direction),
      })),
  );
}

/**
 * Starts an in-page probe (every 50 ms) that notes, per remote camera tile name, when the
 * tile first appeared and when its video first had a decoded frame (performance.now()).
 * Read it with readFirstFrameProbe. Polling in the page keeps the resolution well below the
 * round trip of a page.evaluate per sample.
 */
export async function startFirstFrameProbe(page, { durationMs = 30000 } = {}) {
  await page.evaluate((durationMs) => {
    const probe = { tiles: {}, done: false };
    window.__firstFrameProbe = probe;
    const started = performance.now();
    // Frames decoded before the probe started do not count: the SFU reuses m-sections, so a
    // newcomer's track may be reported by a receiver that earlier decoded someone else's.
    let baseline = null;
    const tick = async () => {
      if (probe.done || performance.now() - started > durationMs) return;
      const inbound = [];
      for (const pc of window.__e2e.pcs) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') inbound.push(s);
        });
      }
      if (baseline === null) baseline = new Map(inbound.map((s) => [s.id, s.framesDecoded ?? 0]));
      const now = performance.now();
      for (const tile of document.querySelectorAll('[data-testid=tile][data-kind=camera][data-self=false]')) {
        const entry = (probe.tiles[tile.dataset.name] ??= { appeared: now, firstFrame: null, appearedAt: Date.now() });
        if (entry.firstFrame !== null) continue;
        const stream = tile.querySelector('video')?.srcObject;
        const ids = new Set(stream ? stream.getTracks().map((t) => t.id) : []);
        const fresh = (s) => (s.framesDecoded ?? 0) > (baseline.get(s.id) ?? 0);
        if (inbound.some((s) => ids.has(s.trackIdentifier) && fresh(s))) {
          entry.firstFrame = now;
          entry.firstFrameAt = Date.now();
        }
      }
      setTimeout(tick, 50);
    };
    void tick();
  }, durationMs);
}

/** { name: { appeared, firstFrame, delayMs } } from the probe; stops it. */
export async function readFirstFrameProbe(page) {
  return page.evaluate(() => {
    const probe = window.__firstFrameProbe;
    probe.done = true;
    const out = {};
    for (const [name, e] of Object.entries(probe.tiles)) {
      out[name] = { ...e, delayMs: e.firstFrame === null ? null : Math.round(e.firstFrame - e.appeared) };
    }
    return out;
  });
}
