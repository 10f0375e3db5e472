// The sign-in page as a first-time visitor's browser gets it (08-quality: compressed responses,
// initial JS ≤ 600 KB gzipped, first meaningful paint ≤ 1.5 s locally): real Chromium, empty cache.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface SignInPageFigures {
  requests: number;
  transferredBytes: number;
  decodedBytes: number;
  jsTransferredBytes: number;
  usableMs: number;
}

/** Undefined (with the reason) when there is no browser or no built web app to measure. */
export async function measureSignInPage(base: string): Promise<SignInPageFigures | string> {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) return `Chromium not found at ${chromium}`;
  if (!fs.existsSync(path.join(root, 'web', 'dist', 'index.html'))) return 'web/dist is not built (npm run build)';
  const { chromium: launcher } = await import('playwright-core');
  const browser = await launcher.launch({ executablePath: chromium });
  try {
    const runs: SignInPageFigures[] = [];
    // Three cold visits; the figures of the median one by time.
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      const sizes: Promise<{ url: string; transferred: number; decoded: number }>[] = [];
      page.on('requestfinished', (request) => {
        sizes.push(
          (async () => {
            const [s, response] = await Promise.all([request.sizes(), request.response()]);
            const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
            return { url: request.url(), transferred: s.responseBodySize + s.responseHeadersSize, decoded: body.length };
          })(),
        );
      });
      const started = performance.now();
      await page.goto(`${base}/login`);
      await page.waitForSelector('#username', { state: 'visible' });
      const usableMs = performance.now() - started;
      await page.waitForLoadState('networkidle');
      const all = await Promise.all(sizes);
      runs.push({
        requests: all.length,
        transferredBytes: all.reduce((sum, r) => sum + r.transferred, 0),
        decodedBytes: all.reduce((sum, r) => sum + r.decoded, 0),
        jsTransferredBytes: all.filter((r) => /\.js(\?|$)/.test(r.url)).reduce((sum, r) => sum + r.transferred, 0),
        usableMs,
      });
      await context.close();
    }
    return runs.sort((a, b) => a.usableMs - b.usableMs)[1]!;
  } finally {
    await browser.close();
  }
}
