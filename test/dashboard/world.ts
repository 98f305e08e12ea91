import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Clock } from '../../src/config.js';
import type { Store } from '../../src/domain/store.js';
import { mountDashboard } from '../../src/dashboard/routes.js';
import { signInUrl } from '../../src/dashboard/public-url.js';
import { issueSignInToken } from '../../src/dashboard/sign-in.js';
import { HttpServer } from '../../src/http/server.js';

/** Debian's Chromium (apt-get install chromium); playwright's own download cannot run here. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'test-artifacts';

/** The dashboard on a server of its own at 127.0.0.1 (a free port), over `store`. */
export class DashboardServer {
  private constructor(
    readonly http: HttpServer,
    readonly origin: string,
  ) {}

  static async start(store: Store, clock: Clock, opts: { profile?: string } = {}): Promise<DashboardServer> {
    const http = new HttpServer((err) => console.error('dashboard test server:', err));
    await http.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${http.port}`;
    mountDashboard(http, { store, clock, tz: 'Asia/Jakarta', profile: opts.profile ?? 'lan-2018', publicUrl: origin, unitHeads: async () => ({}) });
    return new DashboardServer(http, origin);
  }

  /** A sign-in link as `bangkom dashboard-link` and the chat issue it. */
  async link(store: Store, nip: string, now: Date): Promise<string> {
    return signInUrl(this.origin, (await issueSignInToken(store, nip, now)).token);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** Chromium, headless, with a fresh context per test whose every request off the test servers is blocked. */
export class TestBrowser {
  private constructor(readonly browser: Browser) {}

  static async launch(): Promise<TestBrowser> {
    await mkdir(ARTIFACTS, { recursive: true });
    return new TestBrowser(await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] }));
  }

  /** A new context allowed to reach only `origins`; `blocked` collects what it tried elsewhere. */
  async context(origins: string[], viewport = { width: 1200, height: 900 }): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
    const context = await this.browser.newContext({ viewport });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (origins.some((o) => url === o || url.startsWith(`${o}/`))) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    return { context, page: await context.newPage(), blocked };
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** Opens a sign-in link and presses "Masuk", as a person does; resolves on the page it lands on. */
export async function signIn(page: Page, link: string): Promise<number | undefined> {
  await page.goto(link);
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Masuk' }).click()]);
  await page.locator('main[data-ready="1"]').waitFor();
  return response?.status();
}

/** "7,5" → 7.5, "1.234" → 1234 (the pages write numbers the Indonesian way). */
export const idNumber = (text: string): number => Number(text.trim().replace(/\./g, '').replace(',', '.'));
