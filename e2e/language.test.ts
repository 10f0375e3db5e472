/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, launchBrowser, screenshot, startJourneyServer, type JourneyServer } from './support';

let server: JourneyServer;
let browser: Browser;

beforeAll(async () => {
  server = await startJourneyServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page of each module; the checks read only the interface (menus, headings, headers, buttons, labels), not data. */
const pages = ['/customers', '/customers/grading', '/development/pool', '/development/opportunities', '/development/visit-plans', '/spaces?view=occupancy', '/approvals/inbox', '/tasks', '/system/users', '/system/jobs', '/system/calendar'];

const HAN = /\p{Script=Han}/u;

/** Interface text of the current page: menu, page title, table headers, buttons, form labels, tabs, placeholders. */
async function interfaceText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selectors = ['.ant-menu-title-content', 'h1', 'th', 'button', 'label', '.ant-tabs-tab', '.ant-empty-description', '.ant-segmented-item-label'];
    const texts = selectors.flatMap((selector) => [...document.querySelectorAll<HTMLElement>(selector)].map((el) => el.innerText.trim()));
    const placeholders = [...document.querySelectorAll<HTMLElement>('[placeholder]')].map((el) => el.getAttribute('placeholder') ?? '');
    return [...texts, ...placeholders].filter(Boolean);
  });
}

async function open(page: Page, path: string) {
  await page.goto(`${server.baseURL}${path}`);
  await page.waitForSelector('h1');
  await page.waitForLoadState('networkidle');
}

describe('language journey in Chromium', () => {
  it('R-PLT-60 R-PLT-61 from the root address: sign in, switch to English — no Chinese interface text on a page of each module — and back', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    // The address the README gives opens the web app (the sign-in page), not an error.
    const root = await page.goto(`${server.baseURL}/`);
    expect(root?.status()).toBe(200);
    await page.waitForSelector('#username');
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-menu="home"]');

    await page.click('[data-testid=language-switch]');
    await page.click('[data-testid=language-en]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const leftovers: string[] = [];
    for (const path of pages) {
      await open(page, path);
      for (const text of await interfaceText(page)) if (HAN.test(text)) leftovers.push(`${path}: ${text}`);
    }
    await screenshot(page, 'journey-language-en');
    expect(leftovers).toEqual([]);

    // Back in Chinese the same interface is Chinese again (and stays so after a reload).
    await page.click('[data-testid=language-switch]');
    await page.click('[data-testid=language-zh]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.reload();
    await open(page, '/development/pool');
    expect(await page.locator('h1').innerText()).toMatch(HAN);
    const headers = await page.locator('th').allInnerTexts();
    expect(headers.filter((text) => text.trim() && !HAN.test(text))).toEqual([]);
    await context.close();
  });
});
