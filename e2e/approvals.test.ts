import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, signIn, startJourneyServer, type JourneyServer } from './support';

let server: JourneyServer;
let browser: Browser;
const PASSWORD = 'E2e-审批旅程-Passw0rd';

beforeAll(async () => {
  server = await startJourneyServer();
  browser = await launchBrowser();
  // Demo data: 张三 (specialist) submitted next month's visit plan; 李四 manages his unit.
  await server.setPassword('zhangsan', PASSWORD);
  await server.setPassword('lisi', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('approval journey in Chromium', () => {
  it('R-PLT-22 R-PLT-23 the unit manager approves a pending request from 待我审批; the applicant sees the notification and the history', async () => {
    const manager = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 860 } });
    const managerPage = await manager.newPage();
    await signIn(managerPage, server.baseURL, 'lisi', PASSWORD);
    await managerPage.waitForSelector('[data-menu="home"]');
    await managerPage.click('[data-menu="approval-inbox"]');
    const row = managerPage.locator('[data-testid=approval-inbox] tr', { hasText: '拜访计划：张三' }).first();
    const title = (await row.locator('td').first().innerText()).trim();
    await row.locator('td').first().locator('a').click();
    await managerPage.click('[data-testid=approval-approve]');
    await managerPage.fill('.ant-modal:visible textarea', '同意，请按计划推进');
    await managerPage.click('.ant-modal:visible .ant-btn-primary');
    await managerPage.waitForSelector(`[data-testid=approval-inbox] >> text=拜访计划：张三`, { state: 'detached' });
    await manager.close();

    // The applicant's bell shows the decision; the history shows the decision with the comment.
    const applicant = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 860 } });
    const page = await applicant.newPage();
    await signIn(page, server.baseURL, 'zhangsan', PASSWORD);
    await page.waitForSelector('[data-menu="home"]');
    await page.goto(`${server.baseURL}/approvals/mine`);
    await page.click('[data-testid=notification-bell]');
    await page.waitForSelector(`.ant-popover:visible >> text=审批已通过`);
    await screenshot(page, 'journey-approval-notification');
    await page.keyboard.press('Escape');
    // The row in 我的申请 (the bell's popover, now closed, holds the same words).
    await page.locator('.ant-table').getByText(title.split('（')[0]!).first().click();
    await page.waitForSelector('.ant-drawer:visible >> text=同意，请按计划推进');
    const drawer = await page.locator('.ant-drawer:visible').innerText();
    expect(drawer).toContain('李四');
    expect(drawer).toMatch(/已通过|通过/);
    await screenshot(page, 'journey-approval-history');
    await applicant.close();
  });
});
