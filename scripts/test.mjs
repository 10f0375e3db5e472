#!/usr/bin/env node
// `npm test` — every test CI runs; `npm run test:e2e` (arg `e2e`) — browser journeys only.
//
// Runs vitest with the default reporter on the console and the JSON reporter into
// test-artifacts/vitest.json, says plainly what was skipped and why, and ends with one line
// `N passed, N failed[, N skipped]` computed from the JSON report. Exits non-zero if any test
// failed or vitest itself failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = path.join(root, 'test-artifacts', 'vitest.json');
const e2eOnly = process.argv.slice(2).includes('e2e');
const extraArgs = process.argv.slice(2).filter((arg) => arg !== 'e2e');
const notes = [];

function bin(name) {
  return path.join(root, 'node_modules', '.bin', name);
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) {
    console.error(`Cannot run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

// Browser journeys need Chromium; never download one.
const defaultChromium = '/usr/bin/chromium';
const chromiumPath = process.env.CHROMIUM_PATH || defaultChromium;
const hasChromium = fs.existsSync(chromiumPath);
const hasE2eTests =
  fs.existsSync(path.join(root, 'e2e')) && fs.readdirSync(path.join(root, 'e2e')).some((name) => name.endsWith('.test.ts'));
// TEST_JOURNEYS=0 leaves the journeys out of this run: CI runs the suite on both databases but the
// journeys once — they test the browser, and the integration suites already cover both databases.
const journeysOff = process.env.TEST_JOURNEYS === '0' && !e2eOnly;
const runE2e = hasChromium && hasE2eTests && !journeysOff;

const env = { ...process.env };
if (hasChromium) env.CHROMIUM_PATH = chromiumPath;

// Browser journeys run after the integration suites, not beside them: on two cores a journey
// competing with eight database-heavy forks waits on the server long enough to time out.
const projects = e2eOnly ? ['e2e'] : runE2e ? ['!e2e', 'e2e'] : ['!e2e'];
const vitestArgsFor = (project) => [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${path.relative(root, reportFileFor(project))}`,
  '--passWithNoTests',
  `--project=${project}`,
  ...extraArgs,
];
function reportFileFor(project) {
  return project === 'e2e' ? reportFile.replace(/\.json$/, '-e2e.json') : reportFile;
}

if (journeysOff) {
  notes.push('Skipped browser journeys: TEST_JOURNEYS=0 (CI runs them once, in the PostgreSQL run)');
} else if (!hasChromium && !e2eOnly) {
  notes.push(`Skipped browser journeys: Chromium not found at ${chromiumPath} (install: apt-get install -y chromium)`);
}
if (!process.env.TEST_DATABASE_URL && !e2eOnly) {
  notes.push('Integration suites ran on PGlite only; set TEST_DATABASE_URL=postgres://… to run them on PostgreSQL too');
}

let buildFailed = false;
if (runE2e && !fs.existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
  console.log('web/dist/index.html is missing: building the web app for the browser journeys…');
  if (run(bin('vite'), ['build', '--config', 'web/vite.config.ts']) !== 0) {
    buildFailed = true;
    notes.push('Web build failed (npx vite build --config web/vite.config.ts); browser journeys will fail');
  }
}

for (const project of projects) fs.rmSync(reportFileFor(project), { force: true });
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
if (e2eOnly && !hasChromium) {
  console.log(`Skipped browser journeys: Chromium not found at ${chromiumPath} (install: apt-get install -y chromium)`);
  console.log('0 passed, 0 failed');
  process.exit(1);
}

let status = 0;
let passed = 0;
let failed = 0;
let skipped = 0;
for (const project of projects) {
  const projectStatus = run(bin('vitest'), vitestArgsFor(project), env);
  if (projectStatus !== 0) status = projectStatus;
  let report;
  try {
    report = JSON.parse(fs.readFileSync(reportFileFor(project), 'utf8'));
  } catch {
    report = undefined;
  }
  if (!report) {
    if (projectStatus !== 0) notes.push(`vitest (${project}) exited with status ${projectStatus} and wrote no report`);
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    const anyFailed = (file.assertionResults ?? []).some((test) => test.status === 'failed');
    if (file.status === 'failed' && !anyFailed) {
      failed++;
      notes.push(`Test file failed outside any test: ${path.relative(root, file.name)}`);
    }
  }
}
if (status !== 0 && failed === 0) {
  failed = 1;
  notes.push(`vitest exited with status ${status}`);
}
if (buildFailed && failed === 0) failed = 1;

console.log('');
for (const note of notes) console.log(note);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || status !== 0 ? 1 : 0);
