import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, pickSearchOption, screenshot, signIn, startJourneyServer, waitClosedAfterSave, type JourneyServer } from './support';

let server: JourneyServer;
let browser: Browser;
const PASSWORD = 'Journey-开发-Passw0rd';
const prospect = '苏州恒达冷链物流有限公司';

beforeAll(async () => {
  server = await startJourneyServer();
  browser = await launchBrowser();
  await server.setPassword('zhangsan', PASSWORD);
  await server.setPassword('lisi', PASSWORD);
  await server.setPassword('wangxiao', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, server.baseURL, username, PASSWORD);
  await page.waitForSelector('[data-menu="home"]');
  return page;
}

describe('customer development journey in Chromium', () => {
  it('R-DEV-01 R-DEV-02 R-DEV-21 R-DEV-31 register, approve, exclusive countdown, refusal naming the holder, move an opportunity, record a visit', async () => {
    // 张三 registers a new prospect (建档 with 查重 in the same step).
    const zhang = await open('zhangsan');
    await zhang.goto(`${server.baseURL}/development/registrations`);
    await zhang.click('[data-testid=registration-new]');
    await zhang.click('.ant-drawer:visible >> text=新客户（同时建档）');
    await zhang.fill('.ant-drawer:visible #newCustomer_name', prospect);
    await zhang.fill('.ant-drawer:visible #intendedBusiness', '冷库 3,000 ㎡，长期租赁');
    await zhang.fill('.ant-drawer:visible #plan', '本周上门拜访，两周内提交方案报价');
    await zhang.click('[data-testid=registration-submit]');
    await zhang.waitForSelector(`text=${prospect}`);

    // 李四 (unit manager) approves it from 待我审批.
    const li = await open('lisi');
    await li.click('[data-menu="approval-inbox"]');
    await li.click(`[data-testid=approval-inbox] >> text=${prospect}`);
    await li.click('[data-testid=approval-approve]');
    await li.fill('.ant-modal:visible textarea', '同意报备');
    await li.click('.ant-modal:visible .ant-btn-primary');
    await li.waitForSelector(`[data-testid=approval-inbox] >> text=${prospect}`, { state: 'detached' });

    // 张三 sees the exclusive period counting down.
    await zhang.goto(`${server.baseURL}/development/registrations`);
    const row = zhang.locator('.ant-table-row').filter({ hasText: prospect });
    await row.locator('[data-testid=exclusive-countdown]').waitFor();
    expect(await row.locator('[data-testid=exclusive-countdown]').innerText()).toMatch(/\d/);
    await screenshot(zhang, 'journey-development-registrations');

    // 王晓 tries to register the same company and is refused with the holder's name and period.
    const wang = await open('wangxiao');
    await wang.goto(`${server.baseURL}/development/registrations`);
    await wang.click('[data-testid=registration-new]');
    await wang.click('.ant-drawer:visible >> text=新客户（同时建档）');
    await wang.fill('.ant-drawer:visible #newCustomer_name', prospect);
    await wang.fill('.ant-drawer:visible #intendedBusiness', '仓储');
    await wang.fill('.ant-drawer:visible #plan', '电话联系');
    await wang.click('[data-testid=registration-submit]');
    await wang.waitForSelector('[data-testid=registration-refusal]');
    const refusal = await wang.locator('[data-testid=registration-refusal]').innerText();
    expect(refusal).toContain('张三');
    expect(refusal).toContain('独家开发期至');
    await screenshot(wang, 'journey-development-refusal');

    // 张三 opens an opportunity for the customer and drags it from 初步接洽 to 需求确认 on the board.
    await zhang.goto(`${server.baseURL}/development/opportunities`);
    await zhang.click('button:has-text("新建商机")');
    const modal = zhang.locator('.ant-modal:visible');
    await pickSearchOption(zhang, modal.locator('.ant-select').first(), '恒达冷链', prospect);
    await modal.locator('#name').fill('恒达 3000㎡ 冷库');
    await modal.locator('.ant-select').nth(1).click();
    await zhang.click('.ant-select-dropdown:visible .ant-select-item-option >> text=冷库');
    await modal.locator('.ant-btn-primary').click();
    // Creating opens the opportunity; back to the board.
    await zhang.waitForSelector('text=阶段历史');
    await zhang.goto(`${server.baseURL}/development/opportunities`);
    const card = zhang.locator('[data-stage=initial] [data-opportunity]').filter({ hasText: '恒达 3000㎡ 冷库' });
    await card.waitFor();
    await card.dragTo(zhang.locator('[data-stage=requirement]'));
    await zhang.locator('[data-stage=requirement] [data-opportunity]').filter({ hasText: '恒达 3000㎡ 冷库' }).waitFor();
    await screenshot(zhang, 'journey-development-board');

    // 张三 records the visit: it shows in the list and on the customer's timeline.
    await zhang.goto(`${server.baseURL}/development/visits`);
    await zhang.click('[data-testid=new-visit]');
    const drawer = zhang.locator('.ant-drawer:visible');
    await pickSearchOption(zhang, drawer.locator('[data-testid=visit-customer]'), '恒达冷链', prospect);
    await drawer.locator('label:has-text("上门")').click();
    await drawer.locator('[data-testid=visit-content]').fill('与物流总监面谈，确认 3,000 ㎡ 冷库需求，约下周看现场');
    await zhang.click('[data-testid=visit-save]');
    await waitClosedAfterSave(zhang, drawer);
    await zhang.click('.ant-tabs-tab:has-text("列表")');
    await zhang.locator('.ant-table-row').filter({ hasText: prospect }).waitFor();
    await screenshot(zhang, 'journey-development-visit');

    await zhang.context().close();
    await li.context().close();
    await wang.context().close();
  });
});
