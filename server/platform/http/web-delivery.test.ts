import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

// The single-page app as the browser gets it, from a stand-in build directory (the real build is
// exercised by the browser journeys).

let t: TestApp;
let webDist: string;

beforeAll(async () => {
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-web-'));
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><html lang="zh-CN"><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(webDist, 'assets', 'index-abc123.js'), 'console.log(1)');
  // As the build leaves it: the brotli and gzip forms beside a text asset.
  const big = `export const words = ${JSON.stringify('招商客户管理平台 '.repeat(400))};`;
  fs.writeFileSync(path.join(webDist, 'assets', 'big-def456.js'), big);
  fs.writeFileSync(path.join(webDist, 'assets', 'big-def456.js.br'), zlib.brotliCompressSync(big));
  fs.writeFileSync(path.join(webDist, 'assets', 'big-def456.js.gz'), zlib.gzipSync(big));
  t = await createTestApp({ config: { webDist } });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

describe('web app delivery', () => {
  it('R-PLT-61 the root address and every client route answer the web app, never a problem document', async () => {
    for (const url of ['/', '/customers', '/customers/12', '/development/pool?x=1', '/index.html']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('<div id="root">');
      // The page that names the hashed assets is always fetched again.
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('R-PLT-61 hashed assets are cached for a year; a missing file is a 404 problem, not the page', async () => {
    const asset = await t.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/assets/missing-1.js', '/logo-missing.png']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('08-quality: assets and API answers are compressed for clients that accept it; request bodies are never inflated', async () => {
    const raw = fs.readFileSync(path.join(webDist, 'assets', 'big-def456.js'), 'utf8');
    const br = await t.app.inject({ method: 'GET', url: '/assets/big-def456.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(raw);
    const gz = await t.app.inject({ method: 'GET', url: '/assets/big-def456.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString('utf8')).toBe(raw);
    const plain = await t.app.inject({ method: 'GET', url: '/assets/big-def456.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(raw);

    // A JSON answer over 1 KiB: compressed when asked for, the same document either way.
    const admin = await t.admin();
    const cookie = Object.entries(admin.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie } });
    const zipped = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(doc.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(doc.json());
    expect(zipped.rawPayload.length).toBeLessThan(doc.rawPayload.length / 3);

    // A gzip-encoded body is refused as unreadable, not inflated (no decompression bombs).
    const body = zlib.gzipSync(JSON.stringify({ name: '模糊部门', code: 'GZ1', parentId: 1, kind: 'department' }));
    const sent = await t.app.inject({ method: 'POST', url: '/api/v1/org-units', headers: { cookie, 'x-csrf-token': admin.cookies.zs_csrf ?? '', 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: body });
    expect(sent.statusCode).toBeGreaterThanOrEqual(400);
    expect(sent.statusCode).toBeLessThan(500);
    expect(sent.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
