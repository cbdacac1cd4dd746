// End-to-end: the real server, Debian's Chromium, three participants in one meeting.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser, newParticipant } from '../lib/browser.js';
import { startServer } from '../lib/server.js';
import { eventually } from '../lib/wait.js';
import { AuthPage } from '../pages/AuthPage.js';
import { CallPage } from '../pages/CallPage.js';
import { HistoryPage } from '../pages/HistoryPage.js';
import { HomePage } from '../pages/HomePage.js';
import { LobbyPage } from '../pages/LobbyPage.js';

const suffix = Date.now().toString(36);
const HOST = { name: 'Hana Host', username: `hana${suffix}`, password: 'correct-horse-1' };
const MEMBER = { name: 'Max Member', username: `max${suffix}`, password: 'correct-horse-2' };
const GUEST = 'Gus Guest';

let server;
let browser;
let host;
let member;
let guest;
let code;
const call = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  host = await newParticipant(browser, server.url, 'host');
  member = await newParticipant(browser, server.url, 'member');
  guest = await newParticipant(browser, server.url, 'guest');
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('sign-up shows field-level errors from the API, then succeeds', async () => {
  await guest.page.goto('/');
  await guest.page.getByRole('heading', { name: 'Video meetings you host yourself' }).waitFor();
  await guest.page.screenshot({ path: path.join(artifactsDir, 'landing.png') });
  const auth = new AuthPage(host.page);
  await host.page.goto('/signup');
  await host.page.getByLabel('Your name').fill(HOST.name);
  await host.page.getByLabel('Username').fill(HOST.username);
  await host.page.getByLabel('Password').fill('short');
  await host.page.getByRole('button', { name: 'Create account' }).click();
  await eventually(async () => (await auth.fieldError('Password')) !== 'At least 8 characters' && (await auth.fieldError('Password')), {
    message: 'a password error from the server',
  });
  await auth.signUp(HOST);
  await host.page.screenshot({ path: path.join(artifactsDir, 'home.png') });
  await new AuthPage(member.page).signUp(MEMBER);
});

test('the host creates a meeting and joins it', async () => {
  code = await new HomePage(host.page).createMeeting({ title: 'E2E standup' });
  assert.match(code, /^[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
  await new LobbyPage(host.page).join();
  call.host = new CallPage(host.page, 'host');
  await call.host.waitForCameraTiles([HOST.name]);
});

test('a member and a guest join; everyone sees the other two with live video', async () => {
  const memberLobby = new LobbyPage(member.page);
  await memberLobby.open(code);
  await memberLobby.join();
  const guestLobby = new LobbyPage(guest.page);
  await guestLobby.open(code);
  await guest.page.getByRole('button', { name: 'Join now' }).waitFor();
  await guest.page.locator('[data-testid=lobby-preview] video').waitFor();
  await guest.page.screenshot({ path: path.join(artifactsDir, 'lobby-guest.png') });
  await guestLobby.join({ guestName: GUEST });
  call.member = new CallPage(member.page, 'member');
  call.guest = new CallPage(guest.page, 'guest');
  const everyone = [HOST.name, MEMBER.name, GUEST];
  for (const c of [call.host, call.member, call.guest]) await c.waitForCameraTiles(everyone);

  for (const c of [call.host, call.member, call.guest]) {
    let seen;
    const first = await eventually(
      async () => {
        const s = (seen = await c.framesDecoded());
        return s.filter((x) => x.state === 'connected' && x.frames > 0).length >= 2 && s;
      },
      { message: `${c.label} to decode video from two peers`, timeout: 40000 },
    ).catch((err) => {
      throw new Error(`${err.message}\n${JSON.stringify(seen, null, 1)}\n${[host, member, guest].map((x) => `--- ${x.label}\n${x.page.__logs.join('\n')}`).join('\n')}`);
    });
    await new Promise((r) => setTimeout(r, 2500));
    const second = await c.framesDecoded();
    const growing = second.filter((x, i) => x.state === 'connected' && first[i] && x.frames > first[i].frames);
    assert.ok(growing.length >= 2, `${c.label}: framesDecoded should grow on two connections: ${JSON.stringify({ first, second })}`);
    await eventually(async () => (await c.playingRemoteVideos()) === 2, { message: `${c.label} to play both remote videos` });
  }
  await call.host.screenshot(path.join(artifactsDir, 'three-way-call.png'));
});

test('muting (keyboard shortcut) shows on the other participants\' tiles', async () => {
  await member.page.keyboard.press('Control+d');
  await eventually(async () => (await member.page.getByTestId('toggle-mic').getAttribute('aria-label')) === 'Turn on microphone', {
    message: 'ctrl+d to mute the member',
  });
  for (const c of [call.host, call.guest]) {
    await eventually(async () => (await c.tile(MEMBER.name).getAttribute('data-audio')) === 'off', { message: `${c.label} to see the member muted` });
    await c.tile(MEMBER.name).getByTestId('muted-indicator').waitFor();
  }
  await call.host.screenshot(path.join(artifactsDir, 'member-muted.png'));
  await call.member.toggleMic();
  await eventually(async () => (await call.host.tile(MEMBER.name).getAttribute('data-audio')) === 'on', { message: 'host to see the member unmuted' });
});

test('turning the camera off shows an avatar to the others, and back on shows video', async () => {
  await guest.page.getByTestId('toggle-camera').click();
  for (const c of [call.host, call.member]) {
    await eventually(async () => (await c.tile(GUEST).getAttribute('data-video')) === 'off', { message: `${c.label} to see the guest camera off` });
  }
  await guest.page.getByTestId('toggle-camera').click();
  for (const c of [call.host, call.member]) {
    await eventually(async () => (await c.tile(GUEST).getAttribute('data-video')) === 'on', { message: `${c.label} to see the guest camera on` });
  }
});

test('chat arrives, the unread badge counts, and resets when read', async () => {
  await call.host.sendChat('Hello from the host');
  await call.guest.sendChat('Hi, guest here');
  await eventually(async () => (await call.member.chatBadge()) === 2, { message: 'member badge to reach 2' });
  // The host read the chat while sending; only the guest's later message is unread, not its own.
  await eventually(async () => (await call.host.chatBadge()) === 1, { message: 'host badge to be 1' });
  assert.equal(await call.guest.chatBadge(), 0, 'the guest read the chat when it sent');
  await call.member.openChat();
  const texts = (await call.member.chatMessages()).join('\n');
  assert.match(texts, /Hello from the host/);
  assert.match(texts, /Hi, guest here/);
  await eventually(async () => (await call.member.chatBadge()) === 0, { message: 'member badge to reset' });
  await call.member.screenshot(path.join(artifactsDir, 'chat-open.png'));
  await call.member.closeChat();
  assert.equal(await call.member.chatBadge(), 0);
});

test('a screen share appears for the others and goes when stopped (button and browser bar)', async () => {
  await call.host.startShare();
  for (const c of [call.member, call.guest]) await c.tile(HOST.name, 'screen').waitFor({ timeout: 20000 });
  await call.guest.screenshot(path.join(artifactsDir, 'screen-share.png'));
  await call.host.stopShareWithButton();
  for (const c of [call.member, call.guest]) await c.tile(HOST.name, 'screen').waitFor({ state: 'detached', timeout: 20000 });

  await call.host.startShare();
  await call.member.tile(HOST.name, 'screen').waitFor({ timeout: 20000 });
  await call.host.stopShareFromBrowserBar();
  await call.member.tile(HOST.name, 'screen').waitFor({ state: 'detached', timeout: 20000 });
  assert.equal(await host.page.getByTestId('toggle-share').getAttribute('aria-label'), 'Present screen');
});

test('a raised hand and a reaction reach the others; the host can mute someone', async () => {
  await guest.page.getByTestId('toggle-hand').click();
  await call.host.tile(GUEST).getByTestId('hand-indicator').waitFor({ timeout: 15000 });
  await guest.page.getByTestId('toggle-hand').click();
  await call.host.tile(GUEST).getByTestId('hand-indicator').waitFor({ state: 'detached', timeout: 15000 });

  await member.page.getByTestId('reactions').click();
  await member.page.getByRole('button', { name: 'React 🎉' }).click();
  await host.page.getByTestId('reaction').filter({ hasText: '🎉' }).first().waitFor({ timeout: 15000 });
  await member.page.keyboard.press('Escape');

  await host.page.getByTestId('open-people').click();
  await host.page.getByRole('button', { name: `More actions for ${GUEST}` }).click();
  await eventually(async () => (await call.host.playingRemoteVideos()) === 2, { message: 'host to still play both remote videos' });
  await host.page.screenshot({ path: path.join(artifactsDir, 'people-panel.png') });
  await host.page.getByRole('menuitem', { name: `Mute ${GUEST}` }).click();
  await host.page.getByRole('button', { name: 'Close people' }).click();
  // The notice is a snackbar that hides itself; the lasting proof is the guest's own mic button.
  await eventually(async () => (await guest.page.getByTestId('toggle-mic').getAttribute('aria-label')) === 'Turn on microphone', {
    message: 'the guest to be muted by the host',
  });
  await eventually(async () => (await call.member.tile(GUEST).getAttribute('data-audio')) === 'off', { message: 'member to see the guest muted by the host' });
});

test('the host removes the member; the member sees why and the others lose the tile', async () => {
  await call.host.removeParticipant(MEMBER.name);
  await member.page.getByText("You've been removed from the meeting").waitFor({ timeout: 15000 });
  for (const c of [call.host, call.guest]) await c.waitForCameraTiles([HOST.name, GUEST]);
});

test('a participant leaves and its tile goes', async () => {
  await call.guest.leave();
  await call.host.waitForCameraTiles([HOST.name]);
  const live = (await call.host.framesDecoded()).length;
  assert.equal(live, 0, 'peer connections to participants who left are closed');
  await call.host.leave();
});

test('history lists the meeting with a duration', async () => {
  const entries = await eventually(
    async () => {
      const list = await new HistoryPage(host.page).entries();
      return list.some((e) => e.code === code) && list;
    },
    { message: 'the meeting in history' },
  );
  await host.page.screenshot({ path: path.join(artifactsDir, 'history.png') });
  const entry = entries.find((e) => e.code === code);
  assert.match(entry.text, /E2E standup/);
  assert.match(entry.text, /\d+ (s|min)/, `a duration in: ${entry.text}`);
  assert.match(entry.text, new RegExp(HOST.name));
});
