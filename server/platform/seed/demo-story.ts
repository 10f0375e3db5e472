import { and, eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import type { RequestContext } from '../access/access';
import { approveStep } from '../approvals/approval-decisions';
import { approveBody } from '../approvals/approvals.schema';
import { approvalInstances } from '../approvals/approvals.table';
import { loadActor } from '../auth/auth.service';
import type { Clock } from '../clock';
import type { AppConfig } from '../config';
import { addDays, shanghaiDate, shanghaiTime } from '../dates';
import type { Database, Db } from '../db/client';
import type { Deps } from '../deps';
import type { ModuleManifest } from '../manifests/manifest';
import { users } from '../org/org.table';
import type { DemoStory, DemoUsername } from './demo-story.types';

// 演示业务数据: on the first start, right after the demo organisation, a believable two-month
// history of the Shanghai and Suzhou investment-promotion departments is played through the real
// services — so numbering, ownership rules, approvals, audit records, timelines and notifications
// are exactly what users would have produced. Each module schedules its part of the story
// (`demoData` in its manifest); the story plays every step in time order on its own clock over
// the past ~60 days (Asia/Shanghai business hours), so exclusive rights, reminders and countdowns
// are current relative to the day the product is first started. All companies and people are
// fictional.

const demoUsernames: DemoUsername[] = ['zhangsan', 'wangxiao', 'lisi', 'chenjing', 'liuqiang', 'zhouba', 'wangwu', 'zhaoliu', 'sunqi'];

interface Step {
  at: Date;
  order: number;
  run: () => Promise<void>;
}

/** Small seeded PRNG (mulberry32): the same demo data on every first start. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type { DemoStory, DemoUsername };

export type DemoSummary = Record<string, number>;

/**
 * Plays the demo history of every manifest through the real services. Only call it right after
 * the demo organisation was created on an empty database: it is not meant to run twice. `db` may
 * be a transaction; everything runs inside one (nested) transaction, so a failure leaves nothing.
 */
export async function playDemoStory(manifests: readonly ModuleManifest[], db: Db, clock: Clock, config: AppConfig): Promise<DemoSummary> {
  const today = shanghaiDate(clock.now());
  let current = clock.now();
  const storyClock: Clock = { now: () => new Date(current) };
  const at = (daysAgo: number, hhmm: string) => shanghaiTime(addDays(today, -Math.max(1, daysAgo)), hhmm);
  const summary: DemoSummary = {};
  const random = prng(20_240_601);

  return db.transaction(async (tx) => {
    // The services take a Db; a transaction offers the same query builder and nests as savepoints.
    const txDb = tx as unknown as Db;
    const database: Database = { db: txDb, mode: 'pglite', close: () => Promise.reject(new Error('the demo seed does not close the database')) };
    const deps: Deps = { db: txDb, database, clock: storyClock, config, log: pino({ level: 'silent' }) };

    const userRows = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, demoUsernames));
    const contexts = new Map<DemoUsername, RequestContext>();
    const userIds = new Map<DemoUsername, number>();
    for (const name of demoUsernames) {
      const row = userRows.find((r) => r.username === name);
      if (!row) throw new Error(`demo user ${name} is missing`);
      const actor = await loadActor({ db: txDb }, row.id);
      if (!actor) throw new Error(`demo user ${name} is not active`);
      contexts.set(name, { actor, requestId: 'demo-seed' });
      userIds.set(name, row.id);
    }

    const steps: Step[] = [];
    const ids = new Map<string, number>();
    const story: DemoStory = {
      deps,
      today,
      random,
      digits: (n) => Array.from({ length: n }, () => Math.floor(random() * 10)).join(''),
      by: (name) => contexts.get(name)!,
      userId: (name) => userIds.get(name)!,
      on: (daysAgo, hhmm, run) => void steps.push({ at: at(daysAgo, hhmm), order: steps.length, run }),
      dateAgo: (daysAgo) => addDays(today, -Math.max(1, daysAgo)),
      ids,
      id(key) {
        const id = ids.get(key);
        if (id === undefined) throw new Error(`demo record ${key} not created yet`);
        return id;
      },
      count(what, by = 1) {
        summary[what] = (summary[what] ?? 0) + by;
      },
      async approve(who, businessType, businessId, comment) {
        const [instance] = await tx
          .select({ id: approvalInstances.id, currentStep: approvalInstances.currentStep })
          .from(approvalInstances)
          .where(
            and(
              eq(approvalInstances.businessType, businessType),
              eq(approvalInstances.businessId, String(businessId)),
              eq(approvalInstances.status, 'pending'),
            ),
          );
        if (!instance) throw new Error(`no pending ${businessType} approval for #${businessId}`);
        await approveStep(deps, contexts.get(who)!, instance.id, approveBody.parse({ comment, stepIndex: instance.currentStep }));
      },
    };

    for (const manifest of manifests) manifest.demoData?.(story);

    // Play the story in time order (steps added while running are inserted in place).
    while (steps.length) {
      steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
      const step = steps.shift()!;
      current = step.at;
      await step.run();
    }
    return summary;
  });
}
