// Lobby and password: a guest needs the password, waits for the host, and is let in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newParticipant } from '../lib/browser.js';
import { startServer } from '../lib/server.js';
import { AuthPage } from '../pages/AuthPage.js';
import { CallPage } from '../pages/CallPage.js';
import { HomePage } from '../pages/HomePage.js';
import { LobbyPage } from '../pages/LobbyPage.js';

const HOST = { name: 'Lena Lobby', username: `lena${Date.now().toString(36)}`, password: 'correct-horse-3' };
let server;
let browser;
let host;
let guest;
let code;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  host = await newParticipant(browser, server.url, 'host');
  guest = await newParticipant(browser, server.url, 'guest');
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('an unknown meeting code gets a clear message', async () => {
  await guest.page.goto('/m/zzz-zzzz-zzz');
  await guest.page.getByText('Check your meeting code').waitFor({ timeout: 15000 });
});

test('the host opens a meeting with a lobby and a password', async () => {
  await new AuthPage(host.page).signUp(HOST);
  code = await new HomePage(host.page).createMeeting({ title: 'Lobby check', lobby: true, password: 'sesame' });
  await new LobbyPage(host.page).join({ password: 'sesame' });
});

test('a wrong password is refused at the password field', async () => {
  const lobby = new LobbyPage(guest.page);
  await lobby.open(code);
  await guest.page.getByLabel('Your name').fill('Wanda Waiting');
  await guest.page.getByLabel('Meeting password').fill('wrong');
  await guest.page.locator('[data-testid=lobby-preview] video').waitFor({ timeout: 15000 });
  await guest.page.getByRole('button', { name: 'Join now' }).click();
  await guest.page.getByText('That password is not right.').waitFor({ timeout: 15000 });
});

test('with the right password the guest waits, and joins when the host admits', async () => {
  await guest.page.getByLabel('Your name').fill('Wanda Waiting');
  await guest.page.getByLabel('Meeting password').fill('sesame');
  await guest.page.locator('[data-testid=lobby-preview] video').waitFor({ timeout: 15000 });
  await guest.page.getByRole('button', { name: 'Join now' }).click();
  await guest.page.getByTestId('lobby-waiting').waitFor({ timeout: 15000 });
  await host.page.getByText('Wanda Waiting wants to join this call').waitFor({ timeout: 15000 });
  await host.page.getByRole('button', { name: 'Admit' }).click();
  const guestCall = new CallPage(guest.page, 'guest');
  await guestCall.waitForCameraTiles([HOST.name, 'Wanda Waiting']);
  await new CallPage(host.page, 'host').waitForCameraTiles([HOST.name, 'Wanda Waiting']);
  assert.ok(true);
});

test('a dropped connection shows the banner, then resumes as the same participant with media', async () => {
  const hostCall = new CallPage(host.page, 'host');
  const guestCall = new CallPage(guest.page, 'guest');
  const idBefore = await hostCall.tile('Wanda Waiting').getAttribute('data-participant-id');
  await guest.context.setOffline(true);
  await guest.page.getByTestId('banner-reconnecting').waitFor({ timeout: 30000 });
  await guest.context.setOffline(false);
  await guest.page.getByTestId('banner-reconnecting').waitFor({ state: 'detached', timeout: 30000 });
  await hostCall.waitForCameraTiles([HOST.name, 'Wanda Waiting']);
  assert.equal(await hostCall.tile('Wanda Waiting').getAttribute('data-participant-id'), idBefore, 'resumed with the same id');
  const before = await guestCall.framesDecoded();
  await new Promise((r) => setTimeout(r, 3000));
  const after = await guestCall.framesDecoded();
  assert.ok(after.some((x, i) => x.state === 'connected' && x.frames > (before[i]?.frames ?? 0)), `video still flows: ${JSON.stringify({ before, after })}`);
});

test('the host ends the meeting for all; the link then says it has ended', async () => {
  await host.page.getByTestId('open-people').click();
  await host.page.getByRole('button', { name: 'End for all' }).click();
  await guest.page.getByText('The meeting has ended').waitFor({ timeout: 20000 });
  await host.page.getByTestId('end-screen').waitFor({ timeout: 20000 });
  await guest.page.goto(`/m/${code}`);
  await guest.page.getByText('This meeting has ended').waitFor({ timeout: 20000 });
});
