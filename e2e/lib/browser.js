// One Chromium (Debian's) for the whole suite; one context per participant so their
// sessions (tokens in localStorage) stay apart.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { writeFakeVideo } from './fakeVideo.js';
import { repoRoot } from './server.js';

export const artifactsDir = path.join(repoRoot, 'e2e', 'artifacts');

export async function launchBrowser() {
  mkdirSync(artifactsDir, { recursive: true });
  const video = writeFakeVideo(path.join(artifactsDir, 'fake-camera.y4m'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      '--allow-loopback-in-peer-connection',
      '--ignore-certificate-errors',
      '--autoplay-policy=no-user-gesture-required',
      '--auto-accept-this-tab-capture',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--disable-dev-shm-usage',
    ],
  });
}

// Test-side instrumentation (the app is not changed for tests): remember every peer
// connection and every screen-capture track so the suite can read getStats and
// imitate the browser's own "Stop sharing" bar.
function instrument() {
  const e2e = { pcs: [], displayTracks: [] };
  window.__e2e = e2e;
  // Asks the app to put its test hooks here (e.g. restartIce); see MeetingSession.
  window.__parleyTestHooks = {};
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      e2e.pcs.push(this);
    }
  };
  const md = navigator.mediaDevices;
  if (md && md.getDisplayMedia) {
    const original = md.getDisplayMedia.bind(md);
    md.getDisplayMedia = async (constraints) => {
      const stream = await original(constraints);
      e2e.displayTracks.push(...stream.getVideoTracks());
      return stream;
    };
  }
}

export async function newParticipant(browser, baseURL, label) {
  const context = await browser.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 700 },
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
  });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.log(`[${label}] page error: ${err.message}`));
  page.__logs = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') console.log(`[${label}] console: ${msg.text()}`);
    else if (msg.text().includes('[parley]')) page.__logs.push(`${new Date().toISOString().slice(11, 23)} ${msg.text()}`);
  });
  return { context, page, label };
}
