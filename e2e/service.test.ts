/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, launchBrowser, screenshot, signIn, startJourneyServer, type JourneyServer } from './support';

let server: JourneyServer;
let browser: Browser;
const PASSWORD = 'E2e-客服-Passw0rd';

beforeAll(async () => {
  server = await startJourneyServer();
  browser = await launchBrowser();
  await server.setPassword('sunqi', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A JSON call from the signed-in page, with its CSRF token. */
function call<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('zs_csrf='))?.slice(8) ?? '';
      const res = await fetch(url, { method, credentials: 'include', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
      if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    { method, url, body },
  ) as Promise<T>;
}

async function modalSave(page: Page) {
  await page.locator('.ant-modal-footer .ant-btn-primary').last().click();
  await page.waitForSelector('.ant-modal-wrap', { state: 'detached' });
}

describe('service journey in Chromium', () => {
  it('R-SVC-11 R-SVC-13 R-SVC-22 the handler investigates, classifies on a criterion and replies to a complaint; a customer answers a survey on a phone through a one-time link, once', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.baseURL, 'sunqi', PASSWORD);
    await page.waitForSelector('[data-menu="home"]');

    // The demo's open complaint about a bill: findings, classification, reply.
    await page.goto(`${server.baseURL}/service/complaints`);
    await page.getByRole('link', { name: /TS-\d{4}-\d{5}/ }).first().click();
    await page.waitForSelector('h1');
    await page.getByRole('button', { name: '调查结果' }).click();
    await page.locator('.ant-modal textarea').fill('核对 10、11 月装卸记录，11 月账单确将 10 月 26 日的装卸重复计收一次。');
    await modalSave(page);
    await page.getByRole('button', { name: '定性' }).click();
    await page.getByRole('radio', { name: /事实成立，确属我方责任/ }).check();
    await modalSave(page);
    await page.waitForSelector('text=有效·一般');
    await page.getByRole('button', { name: '答复投诉人' }).click();
    await page.locator('.ant-modal textarea').fill('经核实确属重复计收，已在下期账单中冲减，并向王会计致歉。');
    await modalSave(page);
    await page.waitForSelector('.ant-tag:has-text("已答复")');
    await screenshot(page, 'service-complaint-replied');

    // A questionnaire by the administrator, sent to a customer; the link goes to the customer's phone.
    const admin = await context.browser()!.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const adminPage = await admin.newPage();
    await signIn(adminPage, server.baseURL, 'admin', ADMIN_PASSWORD);
    await adminPage.waitForSelector('[data-menu="home"]');
    const survey = await call<{ id: number }>(adminPage, 'POST', '/api/v1/surveys', {
      title: '园区服务满意度',
      questions: [
        { id: 'q1', kind: 'rating', text: '对园区服务的总体评价' },
        { id: 'q2', kind: 'single', text: '明年是否有增租计划', options: ['有', '没有', '不确定'] },
        { id: 'q3', kind: 'text', text: '其他意见', required: false },
      ],
    });
    await call(adminPage, 'POST', `/api/v1/surveys/${survey.id}/activate`);
    const { items } = await call<{ items: { id: number }[] }>(adminPage, 'GET', '/api/v1/customers?pageSize=1');
    const [invitation] = await call<{ link: string }[]>(adminPage, 'POST', `/api/v1/surveys/${survey.id}/invitations`, { customerIds: [items[0]!.id], expiresInDays: 7 });

    const phone = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const customer = await phone.newPage();
    await customer.goto(`${server.baseURL}${invitation!.link}`);
    await customer.waitForSelector('h1:has-text("园区服务满意度")');
    // Required questions are asked for before anything is sent.
    await customer.getByRole('button', { name: /提\s*交/ }).click();
    await customer.waitForSelector('text=请回答这道题');
    await customer.locator('.ant-rate-star').nth(3).click();
    await customer.getByRole('radio', { name: '有', exact: true }).check();
    await customer.getByRole('textbox').fill('希望增加夜间照明');
    await screenshot(customer, 'service-survey-phone');
    await customer.getByRole('button', { name: /提\s*交/ }).click();
    await customer.waitForSelector('text=提交成功，感谢您的反馈！');
    // The link takes one submission.
    await customer.reload();
    await customer.waitForSelector('text=这份问卷已经提交过了');
    await phone.close();

    // Four stars, as the customer gave.
    const results = await call<{ answered: number; questions: { average: number | null }[] }>(adminPage, 'GET', `/api/v1/surveys/${survey.id}/results`);
    expect(results).toMatchObject({ answered: 1, questions: [{ average: 4 }, {}, {}] });
    await admin.close();
    await context.close();
  });
});
