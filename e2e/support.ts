import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { buildApp } from '../server/app';
import { hashPassword } from '../server/platform/auth/password';
import { systemClock } from '../server/platform/clock';
import { loadConfig } from '../server/platform/config';
import { projectRoot, type Database } from '../server/platform/db/client';
import { users } from '../server/platform/org/org.table';
import type { AppInstance } from '../server/platform/http/types';
import { seedDemo } from '../server/platform/seed/demo';
import { appModules, ensureAppReferenceData } from '../server/modules';
import { createTestDatabase } from '../server/test/harness';

export const artifactsDir = path.join(projectRoot, 'test-artifacts');
export const ADMIN_PASSWORD = 'E2e-管理员-Passw0rd';

export interface JourneyServer {
  app: AppInstance;
  database: Database;
  /** Gives a demo user a known password (the seed's are random). */
  setPassword(username: string, password: string): Promise<void>;
  baseURL: string;
  close(): Promise<void>;
}

/** The real application with the built web app and demo data, on a free port. */
export async function startJourneyServer(): Promise<JourneyServer> {
  const { database, drop } = await createTestDatabase();
  // Each journey has its own files (attachments, audit checkpoint), like its own database.
  fs.mkdirSync(artifactsDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(artifactsDir, 'e2e-data-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir } as NodeJS.ProcessEnv) };
  await ensureAppReferenceData(database.db, systemClock);
  await seedDemo(database.db, systemClock, { adminPassword: ADMIN_PASSWORD, modules: appModules, config });
  const app = await buildApp({ database, config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    database,
    setPassword: async (username, password) => {
      await database.db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.username, username));
    },
    baseURL: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function signIn(page: Page, baseURL: string, username: string, password: string) {
  await page.goto(`${baseURL}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

/** Signs out from the user menu; a click that lands while the menu is still opening is repeated. */
export async function signOut(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.click('[data-testid=user-menu]');
    await page.locator('[data-testid=logout]').click();
    try {
      await page.waitForSelector('#username', { timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Chooses an option of a searching select: types the keyword, clicks the option and checks that
 * the form field now shows it. On a slow machine the answer to an earlier keystroke can re-render
 * the list under the click; then the choice is made again rather than failing later at "save".
 */
export async function pickSearchOption(page: Page, select: Locator, keyword: string, option: string): Promise<void> {
  await pickOption(page, select, option, async () => {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(keyword);
  });
}

/**
 * Chooses an option (of a select or a tree select) and checks that the form field shows it; a
 * list re-rendered under the click (a refetch after a save) makes it choose again.
 */
export async function pickOption(page: Page, select: Locator, option: string, beforeChoosing?: () => Promise<void>): Promise<void> {
  const field = select.locator('xpath=ancestor-or-self::div[contains(concat(" ", @class, " "), " ant-form-item ") or contains(concat(" ", @class, " "), " ant-select ")][last()]');
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await beforeChoosing?.();
    await page
      .locator('.ant-select-dropdown:visible')
      .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper')
      .filter({ hasText: option })
      .first()
      .click();
    try {
      await field.filter({ hasText: option }).waitFor({ timeout: 5000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Waits for a drawer or dialog to close after saving; when it stays open, fails with what the
 * page says (field errors and messages) instead of a bare timeout.
 */
export async function waitClosedAfterSave(page: Page, container: Locator): Promise<void> {
  try {
    await container.waitFor({ state: 'hidden', timeout: 20_000 });
  } catch {
    const said = await page.locator('.ant-form-item-explain-error:visible, .ant-message-notice:visible').allInnerTexts();
    await screenshot(page, `unclosed-${Date.now()}`);
    throw new Error(`still open after saving; the page says: ${said.join(' | ') || '(nothing)'}`);
  }
}

/**
 * axe-core's critical and serious violations on the page as it is now (WCAG 2.1 A/AA rules),
 * one line each with where they occur; empty when the page passes.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    // Internals of the UI library are left out: the table's aria-hidden measuring row, the tab
    // strip (its overflow button sits inside role=tablist) and the month calendar's own year/month
    // pickers; our content inside them is checked on the pages that render it.
    const context = { exclude: [['.ant-table-measure-row'], ['.ant-tabs-nav'], ['.ant-picker-calendar-header']] };
    const result = await runner.run(context as never, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`), count: v.nodes.length }));
  });
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}, ${v.count}×): ${v.help} — ${v.targets.join(' | ')}`);
}
