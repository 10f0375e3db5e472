import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, signIn, startJourneyServer, type JourneyServer } from './support';

let server: JourneyServer;
let browser: Browser;
const PASSWORD = 'E2e-审批旅程-Passw0rd';

beforeAll(async () => {
  server = await startJourneyServer();
  browser = await launchBrowser();
  // Demo data: 张三 (specialist) and his unit manager 李四 in 上海招商部.
  await server.setPassword('zhangsan', PASSWORD);
  await server.setPassword('lisi', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('approval journey in Chromium', () => {
  it('R-PLT-22 R-PLT-23 a specialist submits, the unit manager approves from 待我审批, the applicant sees the notification and the history', async () => {
    const title = `演示审批-仓库维修-${Date.now() % 100000}`;
    const applicant = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
    const page = await applicant.newPage();
    await signIn(page, server.baseURL, 'zhangsan', PASSWORD);
    await page.waitForSelector('[data-menu="home"]');
    await page.goto(`${server.baseURL}/approvals/mine`);
    await page.click('[data-testid=demo-approval-create]');
    await page.fill('[data-testid=demo-title]', title);
    await page.fill('[data-testid=demo-amount]', '12000');
    await page.click('.ant-modal:visible .ant-btn-primary');
    await page.waitForSelector(`text=${title}`);

    const manager = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
    const managerPage = await manager.newPage();
    await signIn(managerPage, server.baseURL, 'lisi', PASSWORD);
    await managerPage.waitForSelector('[data-menu="home"]');
    await managerPage.click('[data-menu="approval-inbox"]');
    await managerPage.click(`[data-testid=approval-inbox] >> text=${title}`);
    await managerPage.click('[data-testid=approval-approve]');
    await managerPage.fill('.ant-modal:visible textarea', '同意，请尽快安排');
    await managerPage.click('.ant-modal:visible .ant-btn-primary');
    await managerPage.waitForSelector(`[data-testid=approval-inbox] >> text=${title}`, { state: 'detached' });
    await manager.close();

    // The applicant's bell shows the decision; the history shows both steps with the comment.
    await page.goto(`${server.baseURL}/approvals/mine`);
    await page.click('[data-testid=notification-bell]');
    await page.waitForSelector(`.ant-popover:visible >> text=审批已通过：${title}`);
    await screenshot(page, 'journey-approval-notification');
    await page.keyboard.press('Escape');
    await page.click(`text=${title}`);
    await page.waitForSelector('.ant-drawer:visible >> text=同意，请尽快安排');
    const drawer = await page.locator('.ant-drawer:visible').innerText();
    expect(drawer).toContain('李四');
    expect(drawer).toMatch(/已通过|通过/);
    await screenshot(page, 'journey-approval-history');
    await applicant.close();
  });
});
