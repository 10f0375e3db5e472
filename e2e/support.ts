import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
  await ensureAppReferenceData(database.db, systemClock);
  await seedDemo(database.db, systemClock, { adminPassword: ADMIN_PASSWORD, modules: appModules });
  const config = { ...loadConfig({ DATA_DIR: path.join(artifactsDir, 'e2e-data') } as NodeJS.ProcessEnv) };
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
