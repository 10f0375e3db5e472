// Summarises a V8 CPU profile written with BENCH_CPU_PROFILE=1:
//   npx tsx bench/profile-summary.ts test-artifacts/profiles/<file>.cpuprofile
// Prints self time by package / source area and the hottest functions.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function areaOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const modules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return url;
  const project = url.match(/\/(server|bench)\/(.+?)$/);
  if (project) return `${project[1]}/${project[2]!.split('/').slice(0, 2).join('/')}`;
  return url;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile>\n');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfTime) {
  const node = byId.get(id)!;
  const area = node.callFrame.functionName === '(idle)' ? '(idle)' : areaOf(node.callFrame.url);
  byArea.set(area, (byArea.get(area) ?? 0) + micros);
  const name = `${node.callFrame.functionName || '(anonymous)'} ${areaOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
}
const print = (title: string, map: Map<string, number>, limit: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    process.stdout.write(`  ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
  }
};
process.stdout.write(`profile ${file}: ${(total / 1000).toFixed(0)} ms sampled\n`);
print('Self time by area', byArea, 25);
print('Hottest functions (self time)', byFunction, 30);
