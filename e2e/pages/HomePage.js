export class HomePage {
  constructor(page) {
    this.page = page;
  }

  /** Creates a meeting through the dialog and returns its code (the app navigates to its lobby). */
  async createMeeting({ title, guestsAllowed = true, lobby = false, password } = {}) {
    await this.page.goto('/');
    const button = this.page.getByRole('button', { name: 'New meeting' });
    await button.waitFor({ timeout: 20000 }).catch(async (err) => {
      await this.page.screenshot({ path: new URL('../artifacts/failure-home.png', import.meta.url).pathname });
      throw err;
    });
    await button.click();
    const dialog = this.page.getByRole('dialog');
    if (title) await dialog.getByLabel('Title (optional)').fill(title);
    const guests = dialog.getByLabel('Guests without an account can join');
    if ((await guests.isChecked()) !== guestsAllowed) await guests.click();
    const lobbySwitch = dialog.getByLabel('Lobby: I admit people before they join');
    if ((await lobbySwitch.isChecked()) !== lobby) await lobbySwitch.click();
    if (password) {
      await dialog.getByLabel('Require a password').click();
      await dialog.getByLabel('Meeting password').fill(password);
    }
    await dialog.getByRole('button', { name: 'Create and join' }).click();
    await this.page.waitForURL(/\/m\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/, { timeout: 15000 });
    return new URL(this.page.url()).pathname.split('/').pop();
  }
}
