// Customer-archive latency over HTTP (08-quality.md, "Speed"): list pages, search, detail with
// the first timeline page and 查重 — each through the real app with a signed-in session (cookie
// + X-CSRF-Token), 5 warm-up requests, then at least 50 sequential samples with rotating inputs
// (different pages of terms, ids, numbers), p50 / p95 / max judged against the target.
import type { CustomerData } from './customer-generate';
import type { GeneratedData } from './generate';
import { BenchClient } from './load';
import { count, mark, ms, summarize, table, type LatencyStats, type Verdict } from './report';

export interface CustomerMeasureContext {
  base: string;
  platform: GeneratedData;
  customers: CustomerData;
  embedded: boolean;
  samples: number;
  log: (line?: string) => void;
  check: (section: string, name: string, figure: string, target: string, verdict: Verdict) => void;
}

export interface CustomerLatency {
  name: string;
  example: string;
  stats: LatencyStats;
  targetMs: number;
  /** Rows or hits behind the request (total of a list, hits of a search), from the last sample. */
  found: string;
}

/** Warm-up, then `samples` sequential calls; call(i) returns what it found (for the report). */
async function sample(samples: number, call: (index: number) => Promise<string>): Promise<{ stats: LatencyStats; found: string }> {
  for (let i = 0; i < 5; i++) await call(i);
  const latencies: number[] = [];
  let found = '';
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    found = await call(i + 5);
    latencies.push(performance.now() - t);
  }
  return { stats: summarize(latencies, performance.now() - started), found };
}

const rotate = <T>(list: readonly T[], index: number): T => list[index % list.length]!;
const q = encodeURIComponent;

// Query terms people type into the search box, by kind.
const twoChars = ['华通', '恒信', '鼎盛', '瑞丰', '嘉禾', '中远', '宏达', '金桥', '博远', '长江', '物流', '科技'];
const threeChars = ['新能源', '供应链', '新材料', '华通冷', '杭州恒', '医疗器', '苏州鼎', '跨境电'];
const fourChars = ['华通冷链', '恒信电子科技', '苏州华通', '鼎盛国际贸易', '生物医药', '上海瑞丰', '智能制造', '嘉禾供应链'];
const initials = ['htll', 'hxdz', 'szht', 'dsgj', 'rfsw', 'shjh', 'zyzn', 'hdxx'];
const fullPinyin = ['huatong', 'hengxin', 'dingsheng', 'suzhouhuatong', 'lenglian', 'ruifeng', 'jiahe', 'zhongyuan'];

export async function measureCustomers(ctx: CustomerMeasureContext): Promise<CustomerLatency[]> {
  const { platform, customers, samples, log } = ctx;
  const listTarget = ctx.embedded ? 100 : 50;
  const login = async (user: { username: string }) => {
    const client = new BenchClient(ctx.base, user.username);
    await client.login(platform.password);
    return client;
  };
  const admin = await login(platform.actors.admin);
  const specialist = await login(customers.topSpecialist);
  const teamManager = await login(customers.teamManager);
  // Search and 查重 are rate-limited per user (120/min, R-SEC-06): spread the samples over several
  // signed-in readers with the `all` scope (legal and finance staff), as many people would.
  const readerUsers = platform.users.filter((u) => u.status === 'active' && (u.role === 'legal' || u.role === 'finance')).slice(0, 16);
  const readers: BenchClient[] = [];
  for (const user of readerUsers) readers.push(await login(user));
  const reader = (index: number) => rotate(readers, index);

  const results: CustomerLatency[] = [];
  const run = async (name: string, example: string, targetMs: number, call: (index: number) => Promise<string>) => {
    const { stats, found } = await sample(samples, call);
    results.push({ name, example, stats, targetMs, found });
    log(`  ${name}: p50 ${ms(stats.p50)}, p95 ${ms(stats.p95)} (${found})`);
  };
  type Page = { total: number; items: unknown[] };
  const list = (client: BenchClient, url: (i: number) => string) => async (i: number) => `${count((await client.get<Page>(url(i))).total)} rows`;
  const search = (term: (i: number) => string) => async (i: number) =>
    `${(await reader(i).get<{ items: unknown[] }>(`/api/v1/customers/search?q=${q(term(i))}&limit=10`)).items.length} hits`;

  log('\nMeasuring customer list pages…');
  await run('list: default sort (updatedAt), admin, all', '/customers?page=1&pageSize=20', listTarget, list(admin, () => '/api/v1/customers?page=1&pageSize=20'));
  const filters = ['industryCode=C&lifecycleCode=potential', 'industryCode=G&natureCode=private', 'lifecycleCode=moved_in&valueCode=cooperating', 'industryCode=I&sourceCode=referral'];
  await run('list: filter (industry section + status), admin', `?${filters[0]}`, listTarget, list(admin, (i) => `/api/v1/customers?page=1&pageSize=20&${rotate(filters, i)}`));
  await run(
    `list: specialist, self scope (${count(customers.topSpecialistCustomers)} own)`,
    '/customers?page=1&pageSize=20',
    listTarget,
    list(specialist, () => '/api/v1/customers?page=1&pageSize=20'),
  );
  await run(
    `list: team manager, unit_tree (${count(customers.teamCustomers)} in team)`,
    '/customers?page=1&pageSize=20',
    listTarget,
    list(teamManager, () => '/api/v1/customers?page=1&pageSize=20'),
  );
  await run('list: sort by name (pinyin), admin', '?sort=name:asc', listTarget, list(admin, (i) => `/api/v1/customers?page=${1 + (i % 3)}&pageSize=20&sort=name:asc`));
  await run('list: keyword q=2 chars, admin', '?q=华通', listTarget, list(admin, (i) => `/api/v1/customers?page=1&pageSize=20&q=${q(rotate(twoChars.slice(0, 10), i))}`));

  log('\nMeasuring customer search…');
  const { usccs, mobiles } = customers.samples;
  await run('search: 2-character Chinese', '「华通」', listTarget, search((i) => rotate(twoChars, i)));
  await run('search: 3-character Chinese', '「新能源」', listTarget, search((i) => rotate(threeChars, i)));
  await run('search: 4+-character Chinese', '「华通冷链」', listTarget, search((i) => rotate(fourChars, i)));
  await run('search: pinyin initials', 'htll', listTarget, search((i) => rotate(initials, i)));
  await run('search: full pinyin', 'huatong', listTarget, search((i) => rotate(fullPinyin, i)));
  await run('search: contact mobile (11 digits)', mobiles[0]!, listTarget, search((i) => rotate(mobiles, i)));
  await run('search: mobile 尾号 (last 4 digits)', mobiles[0]!.slice(-4), listTarget, search((i) => rotate(mobiles, i).slice(-4)));
  await run('search: USCC', usccs[0]!, listTarget, search((i) => rotate(usccs, i)));

  log('\nMeasuring customer detail and 查重…');
  const { ids, names } = customers.samples;
  await run('detail + first timeline page (parallel)', `/customers/${ids[0]} + /timeline?limit=20`, 50, async (i) => {
    const id = rotate(ids, i);
    const [, timeline] = await Promise.all([
      admin.get(`/api/v1/customers/${id}`),
      admin.get<{ items: unknown[] }>(`/api/v1/customers/${id}/timeline?limit=20`),
    ]);
    return `${timeline.items.length} events`;
  });
  // 查重 as on the create form: half the time an existing name (+ its USCC), half a new variant.
  const variants = names.map((name) => name.replace(/有限公司$|有限责任公司$|股份有限公司$/, '').replace(/^(..)/, '$1新') + '有限公司');
  await run('查重: name (+ USCC), similar names', `?name=${names[0]}`, 30, async (i) => {
    const index = Math.floor(i / 2);
    const url =
      i % 2 === 0
        ? `/api/v1/customers/duplicate-check?name=${q(rotate(names, index))}&uscc=${rotate(usccs, index)}`
        : `/api/v1/customers/duplicate-check?name=${q(rotate(variants, index))}`;
    const result = await reader(i).get<{ exact: unknown[]; similar: unknown[] }>(url);
    return `${result.exact.length} exact, ${result.similar.length} similar`;
  });

  log(
    table(
      `Customer archive over HTTP — ${count(customers.counts.customers)} customers, ${count(customers.counts.contacts)} contacts; ${samples} samples each after 5 warm-up`,
      ['request', 'example', 'found (last)', 'p50', 'p95', 'max', 'target p95', ''],
      results.map((r) => [r.name, r.example, r.found, ms(r.stats.p50), ms(r.stats.p95), ms(r.stats.max), `≤ ${r.targetMs} ms`, mark(r.stats.p95 <= r.targetMs ? 'pass' : 'fail')]),
      new Set([0, 1]),
    ),
  );
  for (const r of results) {
    ctx.check('customers', r.name, `p95 ${ms(r.stats.p95)}`, `≤ ${r.targetMs} ms`, r.stats.p95 <= r.targetMs ? 'pass' : 'fail');
  }
  return results;
}
