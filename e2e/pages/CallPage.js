import { eventually } from '../lib/wait.js';

export class CallPage {
  constructor(page, label) {
    this.page = page;
    this.label = label;
  }

  tile(name, kind = 'camera') {
    return this.page.locator(`[data-testid=tile][data-kind=${kind}][data-name="${name}"]`);
  }

  async tileSummary() {
    return this.page.$$eval('[data-testid=tile]', (els) =>
      els.map((e) => ({ name: e.dataset.name, kind: e.dataset.kind, self: e.dataset.self === 'true', audio: e.dataset.audio, video: e.dataset.video, speaking: e.dataset.speaking === 'true' })),
    );
  }

  async waitForCameraTiles(names) {
    const want = [...names].sort().join('|');
    return eventually(
      async () => {
        const tiles = (await this.tileSummary()).filter((t) => t.kind === 'camera');
        return tiles.map((t) => t.name).sort().join('|') === want && tiles;
      },
      { message: `${this.label} to show tiles ${want}`, timeout: 30000 },
    );
  }

  /** framesDecoded of inbound video per live peer connection, read from getStats. */
  async framesDecoded() {
    return this.page.evaluate(async () => {
      const out = [];
      for (const pc of window.__e2e.pcs) {
        if (pc.connectionState === 'closed') continue;
        let frames = 0;
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
        });
        out.push({ state: pc.connectionState, ice: pc.iceConnectionState, sig: pc.signalingState, tx: pc.getTransceivers().map((t) => `${t.mid}:${t.direction}:${t.currentDirection}:${t.receiver.track.kind}`).join(','), frames });
      }
      return out;
    });
  }

  /** Clicks the mic button and waits until our own control shows the new state. */
  /** Remote camera tiles whose <video> is playing and has painted a frame. */
  async playingRemoteVideos() {
    return this.page.$$eval('[data-testid=tile][data-kind=camera][data-self=false] video', (videos) =>
      videos.filter((v) => !v.paused && v.videoWidth > 0 && v.readyState >= 2).length,
    );
  }

  async toggleMic() {
    const button = this.page.getByTestId('toggle-mic');
    const before = await button.getAttribute('aria-label');
    await button.click();
    await eventually(async () => (await button.getAttribute('aria-label')) !== before, { message: `${this.label} mic button to flip` });
  }

  async openChat() {
    await this.page.getByTestId('open-chat').click();
    await this.page.getByTestId('chat-panel').waitFor();
  }

  async closeChat() {
    await this.page.getByRole('button', { name: 'Close in-call messages' }).click();
    await this.page.getByTestId('chat-panel').waitFor({ state: 'detached' });
  }

  async sendChat(text) {
    const wasOpen = await this.page.getByTestId('chat-panel').isVisible();
    if (!wasOpen) await this.openChat();
    await this.page.getByRole('textbox', { name: 'Send a message' }).fill(text);
    await this.page.getByRole('button', { name: 'Send message' }).click();
    await this.page.getByTestId('chat-message').filter({ hasText: text }).waitFor();
    if (!wasOpen) await this.closeChat();
  }

  /** The unread count on the chat button (0 when the badge is hidden). */
  async chatBadge() {
    return this.page.getByTestId('chat-badge').evaluate((el) => {
      const hidden = el.classList.contains('MuiBadge-invisible') || getComputedStyle(el).transform.includes('matrix(0');
      return hidden ? 0 : Number(el.textContent || 0);
    });
  }

  async chatMessages() {
    return this.page.getByTestId('chat-message').allInnerTexts();
  }

  async startShare() {
    await this.page.getByTestId('toggle-share').click();
    await eventually(async () => (await this.page.getByTestId('toggle-share').getAttribute('aria-label')) === 'Stop presenting', {
      message: `${this.label} to start presenting`,
    });
  }

  async stopShareWithButton() {
    await this.page.getByTestId('toggle-share').click();
  }

  /** What the browser's "Stop sharing" bar does: the capture track ends. */
  async stopShareFromBrowserBar() {
    await this.page.evaluate(() => {
      for (const t of window.__e2e.displayTracks) {
        if (t.readyState === 'live') {
          t.stop();
          t.dispatchEvent(new Event('ended'));
        }
      }
    });
  }

  async removeParticipant(name) {
    await this.page.getByTestId('open-people').click();
    await this.page.getByRole('button', { name: `More actions for ${name}` }).click();
    await this.page.getByRole('menuitem', { name: 'Remove from meeting' }).click();
    await this.page.getByRole('button', { name: 'Close people' }).click();
  }

  async leave() {
    await this.page.getByTestId('leave').click();
    await this.page.getByTestId('end-screen').waitFor();
  }

  async screenshot(file) {
    await this.page.waitForTimeout(800); // let freshly mounted videos paint a frame
    await this.page.screenshot({ path: file });
  }
}
