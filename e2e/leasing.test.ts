import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../server/platform/db/client';
import { docxText, scanPdf, standardTemplate } from '../server/modules/leasing/leasing.fixtures';
import { ADMIN_PASSWORD, artifactsDir, launchBrowser, screenshot, signIn, startJourneyServer, type JourneyServer } from './support';

let server: JourneyServer;
let browser: Browser;
const PASSWORD = 'E2e-合同旅程-Passw0rd';
let customerName: string;
let floorId: number;

beforeAll(async () => {
  server = await startJourneyServer();
  browser = await launchBrowser();
  for (const name of ['zhangsan', 'lisi', 'wangwu', 'zhaoliu']) await server.setPassword(name, PASSWORD);
  // One of 张三's demo customers has passed admission (R-CUS-11), as its qualification review would do.
  const [customer] = await queryRows<{ name: string }>(
    server.database.db,
    sql`UPDATE customers SET admission_status = 'admitted', admitted_at = now()
        WHERE id = (SELECT c.id FROM customers c JOIN users u ON u.id = c.owner_id
                    WHERE u.username = 'zhangsan' AND c.merged_into_id IS NULL AND c.kind = 'organization'
                      AND NOT EXISTS (SELECT 1 FROM customer_blacklist_entries b WHERE b.customer_id = c.id)
                      AND NOT EXISTS (SELECT 1 FROM contracts k WHERE k.customer_id = c.id)
                    ORDER BY c.id LIMIT 1)
        RETURNING name`,
  );
  customerName = customer!.name;
  const [floor] = await queryRows<{ id: string }>(server.database.db, sql`SELECT id FROM spaces WHERE full_code = 'HT-W1-1F'`);
  floorId = Number(floor!.id);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function as(username: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, server.baseURL, username, password);
  await page.waitForSelector('[data-menu="home"]');
  return page;
}

/** The reviewer opens 待我审批, finds the contract and approves it. */
async function approveAs(username: string, number: string) {
  const page = await as(username);
  await page.goto(`${server.baseURL}/approvals/inbox`);
  await page.locator('[data-testid=approval-inbox] tr', { hasText: number }).first().locator('td').first().locator('a').click();
  await page.click('[data-testid=approval-approve]');
  await page.fill('.ant-modal:visible textarea', '同意');
  await page.click('.ant-modal:visible .ant-btn-primary');
  await page.waitForSelector(`[data-testid=approval-inbox] >> text=${number}`, { state: 'detached' });
  await page.context().close();
}

const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * 86_400_000));

describe('leasing journey in Chromium', () => {
  it('R-LEA-01 R-LEA-11…14 R-LEA-30 R-BIL-04 R-BIL-05 a unit is created, a contract drafted from a template, reviewed by 部门经理, 法务 and 财务, signed with its scan; the unit turns 已租, 交财务 is due and the filled .docx opens; an amendment is applied for; finance bills it, records part of it and applies the deposit to the rest', async () => {
    // A unit code of its own per attempt (a retried journey finds the first attempt's unit).
    const unitCode = `A${String(Date.now()).slice(-4)}`;
    // 1. The administrator uploads the 范本 and adds a bay to 1号库 一层.
    const admin = await as('admin', ADMIN_PASSWORD);
    await admin.goto(`${server.baseURL}/contracts/templates`);
    await admin.click('[data-testid=template-upload]');
    await admin.fill('[data-testid=template-name]', '仓库租赁合同（标准版）');
    const templateFile = `${artifactsDir}/journey-template.docx`;
    fs.writeFileSync(templateFile, standardTemplate());
    await admin.setInputFiles('.ant-modal:visible input[type=file]', templateFile);
    await admin.click('.ant-modal:visible .ant-btn-primary');
    await admin.waitForSelector('td >> text=仓库租赁合同（标准版）');
    await admin.goto(`${server.baseURL}/spaces?node=${floorId}`);
    await admin.click('[data-testid=space-create]');
    await admin.fill('.ant-modal:visible #code', unitCode);
    await admin.fill('.ant-modal:visible #name', `1号库 ${unitCode} 库位`);
    await admin.click('.ant-modal:visible #unitType');
    await admin.click('.ant-select-dropdown:visible >> text=库位');
    await admin.fill('.ant-modal:visible #usableArea', '600');
    await admin.fill('.ant-modal:visible #grossArea', '640');
    await admin.fill('.ant-modal:visible #listRent', '1.10');
    await admin.click('.ant-modal:visible .ant-btn-primary');
    await admin.waitForSelector(`[data-testid=unit-tile-${unitCode}][data-status=vacant]`);
    await admin.context().close();

    // 2. 张三 drafts the contract in the wizard and submits it.
    const page = await as('zhangsan');
    await page.goto(`${server.baseURL}/contracts/new`);
    await page.click('[data-testid=contract-customer]');
    await page.keyboard.type(customerName.slice(0, 4));
    await page.click(`.ant-select-dropdown:visible >> text=${customerName}`);
    await page.click('[data-testid=contract-next]');
    const [start, end] = [day(0), day(364)];
    await page.click('.ant-picker-range:visible input >> nth=0');
    await page.keyboard.type(start);
    await page.keyboard.press('Enter');
    await page.keyboard.type(end);
    await page.keyboard.press('Enter');
    await page.click('[data-testid=contract-unit-picker]');
    await page.keyboard.type(unitCode);
    await page.click(`.ant-select-dropdown:visible >> text=HT-W1-1F-${unitCode}`);
    await page.waitForSelector(`text=1号库 ${unitCode} 库位`);
    await page.click('[data-testid=contract-next]');
    await page.fill('[data-testid=contract-price-0]', '1.00');
    await page.fill('#deposit', '5000');
    await page.click('[data-testid=contract-next]');
    await page.click('[data-testid=contract-template] >> text=仓库租赁合同（标准版）');
    await page.fill('[data-testid=contract-signing-party]', '华通物流园区管理有限公司');
    await page.click('[data-testid=contract-next]');
    await screenshot(page, 'journey-contract-preview');
    await page.click('[data-testid=contract-save-submit]');
    await page.waitForSelector('[data-testid=contract-status] >> text=审批中');
    const number = (await page.locator('h1 span').first().innerText()).trim();
    expect(number).toMatch(/^HT-\d{4}-SH-ZS-\d{5}$/);
    const contractUrl = page.url();

    // 3. 部门经理 → 法务 → 财务 approve from their inboxes.
    await approveAs('lisi', number);
    await approveAs('wangwu', number);
    await approveAs('zhaoliu', number);

    // 4. 张三 records the signing with the scan; the contract is in force and due at finance.
    await page.goto(contractUrl);
    await page.waitForSelector('[data-testid=contract-status] >> text=待签署');
    await page.click('[data-testid=contract-sign]');
    const scanFile = `${artifactsDir}/journey-scan.pdf`;
    fs.writeFileSync(scanFile, scanPdf());
    await page.setInputFiles('.ant-modal:visible input[type=file]', scanFile);
    await page.waitForSelector('.ant-modal:visible >> text=journey-scan.pdf');
    // The scan just uploaded is chosen for the signing.
    await page.waitForSelector('[data-testid=contract-scan] >> text=journey-scan.pdf');
    await page.click('[data-testid=contract-sign-ok]').catch(async (error: unknown) => {
      // Diagnostics for a failed run: what the signing dialog looked like.
      await screenshot(page, 'journey-contract-sign-failure');
      throw error;
    });
    await page.waitForSelector('[data-testid=contract-status] >> text=已生效');
    await page.waitForSelector('text=交财务期限');
    await screenshot(page, 'journey-contract-signed');

    // 5. The filled .docx downloads and reads as the contract.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=contract-download]')]);
    const text = docxText(fs.readFileSync((await download.path())!));
    expect(text).toContain(customerName);
    expect(text).toContain(number);
    expect(text).toContain(`HT-W1-1F-${unitCode}`);

    // 6. The unit is 已租 on the map, and the 交财务 task is on 张三's list.
    await page.goto(`${server.baseURL}/spaces?node=${floorId}`);
    await page.waitForSelector(`[data-testid=unit-tile-${unitCode}][data-status=leased]`);
    await page.goto(`${server.baseURL}/tasks`);
    await page.waitForSelector(`text=合同 ${number} 交财务`);

    // 7. R-LEA-30: 张三 applies for a rent change from next month; it waits for approval.
    await page.goto(contractUrl);
    await page.click('.ant-tabs-tab >> text=变更/补充协议');
    await page.click('[data-testid=amendment-apply]');
    await page.click('[data-testid=amendment-effective]');
    await page.keyboard.type(day(30));
    await page.keyboard.press('Enter');
    await page.fill('[data-testid=amendment-reason]', '客户书面申请：租金调整');
    await page.fill('.ant-modal:visible input[aria-label=租金]', '1.20');
    await page.click('[data-testid=amendment-submit]');
    await page.waitForSelector('[data-testid=amendment-1] >> text=价格条款变更').catch(async (error: unknown) => {
      await screenshot(page, 'journey-contract-amendment-failure');
      throw error;
    });
    await page.waitForSelector('[data-testid=amendment-1] >> text=审批中');
    await screenshot(page, 'journey-contract-amendment');
    // R-LEA-33: the move-in checklist came with the signing; keys wait for finance.
    await page.click('.ant-tabs-tab >> text=入驻');
    await page.waitForSelector('text=钥匙交接');
    await page.waitForSelector('[data-testid=move-in-done-keys][disabled]');
    await screenshot(page, 'journey-contract-move-in');
    await page.click('.ant-tabs-tab >> text=归档与用印');
    await page.waitForSelector('text=原件尚未登记归档');
    await page.click('.ant-tabs-tab >> text=履约');
    await page.waitForSelector('text=截至当日应收（元）');
    await screenshot(page, 'journey-contract-execution');
    await page.context().close();

    // 8. R-BIL-04 R-BIL-05 R-BIL-10 财务 runs this month's billing, records part of the bill, sees the
    // ageing move, and applies the deposit (paid first) to the rest.
    const finance = await as('zhaoliu');
    await finance.goto(`${server.baseURL}/billing/bills`);
    await finance.click('[data-testid=billing-run]');
    await finance.click('[data-testid=billing-run-start]');
    await finance.waitForSelector('[data-testid=billing-run-result] >> text=已完成');
    await finance.keyboard.press('Escape');
    await finance.locator('tr', { hasText: customerName }).first().locator('a').first().click();
    await finance.waitForSelector('text=计算说明');
    await finance.waitForSelector('text=保证金');
    // In fen, so that sums compare exactly.
    const yuan = async (selector: string) => Math.round(Number((await finance.locator(selector).innerText()).replace(/,/g, '')) * 100);
    const open = await yuan('[data-testid=bill-open]');
    expect(open).toBeGreaterThan(500000);
    await screenshot(finance, 'journey-billing-bill');
    const ageingTotal = async () => {
      await finance.goto(`${server.baseURL}/billing/ageing`);
      return yuan('[data-testid=ageing-total]');
    };
    // The demo's own bills are in the total too; this bill moves it.
    const before = await ageingTotal();
    expect(before).toBeGreaterThanOrEqual(open);
    const receive = async (method: string | null, amount: string) => {
      await finance.goto(`${server.baseURL}/billing/receipts`);
      await finance.click('[data-testid=receipt-record]');
      await finance.click('[data-testid=receipt-customer]');
      await finance.keyboard.type(customerName.slice(0, 4));
      await finance.click(`.ant-select-dropdown:visible >> text=${customerName}`);
      await finance.waitForSelector('.ant-modal:visible >> text=客户往来');
      if (method) {
        await finance.click('[data-testid=receipt-method]');
        await finance.click(`.ant-select-dropdown:visible >> text=${method}`);
      }
      await finance.fill('.ant-modal:visible input[aria-label="金额（元）"]', amount);
      await finance.click('[data-testid=receipt-save]');
      await finance.waitForSelector('.ant-drawer:visible >> text=收款详情');
    };
    await receive(null, '5000');
    expect(await ageingTotal()).toBe(before - 500000);
    await receive('保证金抵扣', '5000');
    expect(await ageingTotal()).toBe(before - 1000000);
    await finance.click('[data-testid=ledger-check]');
    await finance.waitForSelector('text=账平');
    await screenshot(finance, 'journey-billing-ageing');
    await finance.context().close();
  });
});
