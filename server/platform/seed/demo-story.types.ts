import type { RequestContext } from '../access/access';
import type { Deps } from '../deps';

// What a module's demo data works with (see demo-story.ts, which plays the story).

/** The demo users who act in the story (created by the demo organisation). */
export type DemoUsername = 'zhangsan' | 'wangxiao' | 'lisi' | 'chenjing' | 'liuqiang' | 'zhouba' | 'wangwu' | 'zhaoliu' | 'sunqi';

export interface DemoStory {
  /** Services' dependencies; `deps.clock` is the story clock (the time of the running step). */
  deps: Deps;
  /** Today (Asia/Shanghai) of the real start. */
  today: string;
  /** Deterministic randomness shared by all modules (so the data is the same on every first start). */
  random(): number;
  /** `n` random decimal digits. */
  digits(n: number): string;
  /** The request context of a demo user. */
  by(name: DemoUsername): RequestContext;
  userId(name: DemoUsername): number;
  /** Schedules a step `daysAgo` days before today at hh:mm (steps may schedule further steps). */
  on(daysAgo: number, hhmm: string, run: () => Promise<void>): void;
  /** The date `daysAgo` days before today. */
  dateAgo(daysAgo: number): string;
  /** Ids of records created earlier in the story, by a key such as `customer:pujiang`. */
  ids: Map<string, number>;
  id(key: string): number;
  /** Counts for the console summary, e.g. `count('customers')`. */
  count(what: string, by?: number): void;
  /** Approves the current step of the pending approval of a business record, as `who`. */
  approve(who: DemoUsername, businessType: string, businessId: number, comment: string): Promise<void>;
}

