#!/usr/bin/env node
// `npm start` — builds the web app when needed, then runs the server in this same process
// (TypeScript loaded through tsx's loader), so Ctrl-C / SIGTERM reach the server directly and
// it shuts down gracefully.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const indexHtml = path.join(root, 'web', 'dist', 'index.html');

/** Newest modification time under the web sources (cheap: a stat per file, no hashing). */
function newestSourceTime() {
  let newest = 0;
  const visit = (target) => {
    let stat;
    try {
      stat = fs.statSync(target);
    } catch {
      return;
    }
    newest = Math.max(newest, stat.mtimeMs); // a directory's mtime changes when files are added or removed
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(target)) visit(path.join(target, name));
    }
  };
  for (const entry of ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts']) visit(path.join(root, entry));
  return newest;
}

function webBuildNeeded() {
  if (!fs.existsSync(indexHtml)) return 'web/dist/index.html is missing';
  if (newestSourceTime() > fs.statSync(indexHtml).mtimeMs) return 'web sources changed since the last build';
  return undefined;
}

const reason = webBuildNeeded();
if (reason) {
  console.log(`正在构建前端 / building the web app (${reason})…`);
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    if (fs.existsSync(indexHtml)) {
      console.error('前端构建失败，继续使用上一次的构建 / web build failed; serving the previous build');
    } else {
      console.error('前端构建失败 / web build failed (npx vite build --config web/vite.config.ts)');
      process.exit(1);
    }
  }
}

// Same as `node --import tsx server/main.ts`, without a second process.
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(path.join(root, 'server', 'main.ts')).href);
