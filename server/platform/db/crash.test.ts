import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from './client';

// R-QLT-02: `kill -9` during a burst of writes loses no acknowledged write, and the database
// (and its audit chain) reopens cleanly. Runs the real server as a child process.

const ADMIN_PASSWORD = 'Crash-测试-Passw0rd';
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Running {
  child: ChildProcess;
  base: string;
  /** Settles when the process has exited, however early (attached at spawn, so it cannot be missed). */
  exited: Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, exited };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not start: ${stderr}`);
}

async function signIn(base: string) {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
  const csrf = cookies.find((cookie) => cookie.startsWith('zs_csrf='))!.slice('zs_csrf='.length);
  return { cookie: cookies.join('; '), csrf };
}

async function crashDuringWrites(env: Record<string, string>) {
  const first = await startServer(env);
  const auth = await signIn(first.base);
  const acknowledged: string[] = [];
  let stop = false;
  let sent = 0;
  const writer = async () => {
    while (!stop) {
      const name = `崩溃测试${sent++}号物流有限公司`;
      try {
        const response = await fetch(`${first.base}/api/v1/customers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrf },
          body: JSON.stringify({ name }),
        });
        if (response.status === 201 || response.status === 200) acknowledged.push(name);
      } catch {
        return; // the server died mid-request: that write was never acknowledged
      }
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  // Kill as soon as a fair number of writes has been acknowledged, with more in flight.
  while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  await first.exited;
  children.delete(first.child);

  const second = await startServer(env);
  const again = await signIn(second.base);
  const headers = { cookie: again.cookie };
  const found = new Set<string>();
  for (let page = 1; ; page++) {
    const response = await fetch(`${second.base}/api/v1/customers?q=${encodeURIComponent('崩溃测试')}&pageSize=100&page=${page}`, { headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { name: string }[] };
    for (const item of body.items) found.add(item.name);
    if (body.items.length < 100) break;
  }
  const lost = acknowledged.filter((name) => !found.has(name));
  expect(lost, `acknowledged writes lost after kill -9 (${acknowledged.length} acknowledged)`).toEqual([]);
  // The full verification runs as a job: start it, then read it until it ends.
  const started = await fetch(`${second.base}/api/v1/audit-events/verifications`, { method: 'POST', headers: { ...headers, 'x-csrf-token': again.csrf } });
  expect(started.status).toBe(202);
  let verification = (await started.json()) as { id: number; status: string; result: { ok: boolean } | null };
  while (verification.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    verification = (await (await fetch(`${second.base}/api/v1/audit-events/verifications/${verification.id}`, { headers })).json()) as typeof verification;
  }
  expect(verification.result?.ok).toBe(true);
  second.child.kill('SIGTERM');
  await second.exited;
  children.delete(second.child);
  return acknowledged.length;
}

describe('crash safety (R-QLT-02)', () => {
  it('R-QLT-02 kill -9 during a burst of writes loses no acknowledged write and the database reopens cleanly', { timeout: 240_000 }, async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-crash-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { DATA_DIR: dataDir, WEB_DIST: path.join(dataDir, 'no-web') };
    if (serverUrl) {
      const name = `zs_crash_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      cleanups.push(async () => {
        const cleanup = new pg.Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
      });
    }
    expect(await crashDuringWrites(env)).toBeGreaterThanOrEqual(40);
  });
});
