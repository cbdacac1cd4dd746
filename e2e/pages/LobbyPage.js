export class LobbyPage {
  constructor(page) {
    this.page = page;
  }

  async open(code) {
    await this.page.goto(`/m/${code}`);
  }

  async join({ guestName, password } = {}) {
    const joinButton = this.page.getByRole('button', { name: 'Join now' });
    await joinButton.waitFor({ timeout: 15000 });
    if (guestName) await this.page.getByLabel('Your name').fill(guestName);
    if (password) await this.page.getByLabel('Meeting password').fill(password);
    // Wait until the preview has the camera and the microphone, so we join with both.
    await this.page.locator('[data-testid=lobby-preview] video').waitFor({ timeout: 15000 });
    await this.page.locator('button[aria-label="Turn off microphone"]:not([disabled])').waitFor({ timeout: 15000 });
    await joinButton.click();
    await this.page.getByRole('toolbar', { name: 'Call controls' }).waitFor({ timeout: 20000 });
  }
}
