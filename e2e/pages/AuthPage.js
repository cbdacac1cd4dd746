export class AuthPage {
  constructor(page) {
    this.page = page;
  }

  async signUp({ name, username, password }) {
    await this.page.goto('/signup');
    await this.page.getByLabel('Your name').fill(name);
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
    // Signed in: the account button appears in the top bar.
    await this.page.getByRole('button', { name: 'Account', exact: true }).waitFor({ timeout: 15000 });
  }

  async fieldError(label) {
    const input = this.page.getByLabel(label);
    const id = await input.getAttribute('aria-describedby');
    return id ? this.page.locator(`#${id}`).innerText() : '';
  }
}
