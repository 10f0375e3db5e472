import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_PASSWORD, launchBrowser, pickOption, screenshot, signIn, signOut, startJourneyServer, type JourneyServer } from './support';

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

describe('platform journey in Chromium', () => {
  it('R-PLT-01 R-PLT-02 admin creates a unit and a user; the user sees only the permitted menu', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    const unitName = `华北事业部${Date.now() % 100000}`;
    const unitCode = `HB${Date.now() % 100000}`;
    const username = `e2e${Date.now() % 1000000}`;
    const firstPassword = '初始密码-Journey-2026';
    const ownPassword = '我的新密码-Journey-2026';

    await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD);
    await page.waitForSelector('[data-menu="users"]');

    // Create an org unit.
    await page.click('[data-menu="org-units"]');
    await page.click('[data-testid=org-create]');
    await page.fill('#name', unitName);
    await page.fill('#code', unitCode);
    await page.click('#kind');
    await page.click('.ant-select-dropdown:visible .ant-select-item-option[title="部门"], .ant-select-dropdown:visible .ant-select-item-option:has-text("部门")');
    await page.click('#parentId');
    await page.click('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper:has-text("华通物流园区运营有限公司")');
    await page.click('.ant-modal:visible .ant-btn-primary');
    await page.waitForSelector(`text=${unitName}`);

    // Create a user in it with the specialist role.
    await page.click('[data-menu="users"]');
    await page.click('[data-testid=user-create]');
    await page.fill('#username', username);
    await page.fill('#displayName', '旅程测试员');
    await pickOption(page, page.locator('#unitId'), unitName);
    await page.click('#roleIds');
    await page.click('.ant-select-dropdown:visible .ant-select-item-option:has-text("招商专员")');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.ant-modal:visible .ant-select-selection-item:has-text("招商专员")');
    await page.fill('#password', firstPassword);
    await page.click('.ant-modal:visible .ant-btn-primary');
    await page.waitForSelector(`text=${username}`).catch(async (error) => {
      await screenshot(page, 'debug-user-create');
      const shown = await page.evaluate(() => [...document.querySelectorAll('.ant-form-item-explain-error, .ant-message, .ant-alert, .ant-modal-title')].map((node) => node.textContent).join(' | '));
      console.log('DEBUG user create', shown);
      throw error;
    });
    await screenshot(page, 'journey-admin-users');

    // Sign out.
    await signOut(page);

    // Sign in as the new user: the initial password must be changed first.
    await signIn(page, server.baseURL, username, firstPassword);
    await page.waitForSelector('#newPassword');
    await page.fill('#currentPassword', firstPassword);
    await page.fill('#newPassword', ownPassword);
    await page.fill('#confirmPassword', ownPassword);
    await page.click('button[type=submit]:visible, .ant-modal:visible .ant-btn-primary');
    await page.waitForSelector('[data-menu="home"]');

    // A specialist may view org units but not users, roles or the audit log. The menu fills in
    // once the refreshed session's permissions arrive, so wait for the permitted entry first.
    await page.waitForSelector('[data-menu="org-units"]', { timeout: 10_000 }).catch(async (error) => {
      await screenshot(page, 'debug-specialist-menu');
      console.log('DEBUG', await page.evaluate(async () => JSON.stringify(await (await fetch('/api/v1/auth/me', { credentials: 'include' })).json())));
      throw error;
    });
    expect(await page.locator('[data-menu="org-units"]').count()).toBe(1);
    expect(await page.locator('[data-menu="users"]').count()).toBe(0);
    expect(await page.locator('[data-menu="roles"]').count()).toBe(0);
    expect(await page.locator('[data-menu="audit"]').count()).toBe(0);
    const file = await screenshot(page, 'journey-specialist-home');
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // Going to an admin page directly shows the friendly 403 page.
    await page.goto(`${server.baseURL}/system/users`);
    await page.waitForSelector('[data-testid=page-403]');
    await context.close();
  });
});
