/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, ADMIN_PASSWORD, launchBrowser, signIn, startJourneyServer, type JourneyServer } from './support';

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

describe('accessibility in Chromium', () => {
  it('R-QLT-07 axe-core finds no critical or serious violation, and no untranslated message key, on the sign-in page and every page of the menu', async () => {
    // axe-core is injected as an inline script, which the app's CSP (rightly) refuses.
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const failures: string[] = [];
    const check = async (label: string) => {
      for (const line of await accessibilityViolations(page)) failures.push(`${label}: ${line}`);
    };

    await page.goto(`${server.baseURL}/login`);
    await page.waitForSelector('#username');
    await check('/login');
    await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD);
    await page.waitForSelector('[data-menu="home"]');

    // Every page of the menu (web/src/app/navigation.tsx), as the administrator sees it with demo data.
    const paths = [
      '/',
      '/customers',
      '/customers/import',
      '/customers/duplicate-check',
      '/customers/blacklist',
      '/customers/unverified',
      '/customers/grading',
      '/customers/top',
      '/development/my-customers',
      '/development/pool',
      '/development/registrations',
      '/development/opportunities',
      '/development/funnel',
      '/development/visits',
      '/development/visit-plans',
      '/development/reception',
      '/development/reception/stats',
      '/development/projects',
      '/development/transfers',
      '/spaces',
      '/spaces?view=vacancies',
      '/spaces?view=occupancy',
      '/development/settings',
      '/approvals/inbox',
      '/approvals/mine',
      '/tasks',
      '/notifications',
      '/system/org-units',
      '/system/users',
      '/system/roles',
      '/system/audit',
      '/system/approval-flows',
      '/system/jobs',
      '/system/calendar',
      '/system/number-rules',
      '/system/dictionaries',
      '/billing/credit',
      '/billing/discounts',
      '/service/tickets',
      '/service/category-rules',
      '/service/complaints',
      '/service/complaint-analysis',
      '/service/duty-roster',
      '/service/return-visits',
      '/service/surveys',
      '/service/incidents',
      '/service/reports',
      '/service/care',
      '/contracts/incentives',
    ];
    const customerId = await page.evaluate(async () => {
      const res = await fetch('/api/v1/customers?pageSize=1', { credentials: 'include' });
      return (await res.json()).items[0]?.id as number | undefined;
    });
    for (const path of [...new Set([...paths, '/customers/new', `/customers/${customerId}`])]) {
      await page.goto(`${server.baseURL}${path}`);
      const heading = await page.waitForSelector('h1', { timeout: 20_000 }).catch(() => null);
      if (!heading) failures.push(`${path}: the page has no <h1>`);
      await page.waitForLoadState('networkidle');
      await check(path);
      // No untranslated message key (`customers.search.unit`) reaches the screen.
      const keys = await page.evaluate(() => document.body.innerText.match(/\b(?:app|menu|common|customers|development|approvals|tasks|jobs|users|roles|audit|calendar|dictionaries|notifications|org|home|system|reason)\.[a-z][A-Za-z0-9]*\.[A-Za-z0-9.]+\b/g) ?? []);
      if (keys.length) failures.push(`${path}: untranslated message keys ${[...new Set(keys)].join(', ')}`);
    }
    expect(failures).toEqual([]);
    await context.close();
  });
});
