export class HistoryPage {
  constructor(page) {
    this.page = page;
  }

  async entries() {
    await this.page.goto('/history');
    await this.page.getByRole('heading', { name: 'Meeting history' }).waitFor();
    await this.page.locator('[data-testid=history-item]').first().waitFor({ timeout: 15000 });
    return this.page.$$eval('[data-testid=history-item]', (els) => els.map((e) => ({ code: e.dataset.code, text: e.innerText })));
  }
}
