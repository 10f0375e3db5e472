import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../platform/db/client';
import { createTestApp, person, type Person, type TestApp } from '../../../test/harness';
import { approve, createWorld, moveClock, tasksOf, type World } from '../../../test/world';
import { admittedCustomer } from '../../leasing/leasing.fixtures';
import { planCare } from './care.service';

// 关怀日历 over HTTP (R-SVC-23). The clock starts on Tuesday 2026-09-01 10:00 Shanghai time; the
// next 30 days hold 中秋 (25 September) and 国庆节 (1 October).

let t: TestApp;
let w: World;
let desk: Person;
const deps = () => ({ db: t.database.db, database: t.database, clock: t.clock, config: t.config, log: t.app.log });

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  await moveClock(t, w, '2026-09-01T02:00:00Z');
  desk = await person(t, { unitId: w.unitA.id, role: 'service' });
});
afterAll(async () => {
  await t?.close();
});

type Action = { id: number; kind: string; title: string; occasionDate: string; status: string; budgetStatus: string; approvalId: number | null };

describe('care calendar', () => {
  it('R-SVC-23 key accounts get birthday and festival care planned with reminders; a birthday is seen only by the owner and sensitive:view; gifts only on an approved budget; the December round records next year\'s needs; 新业务优先告知 for key accounts', async () => {
    const key = await admittedCustomer(t, w.specialistA.user);
    const plain = await admittedCustomer(t, w.specialistA.user);
    await t.database.db.execute(sql`UPDATE customers SET grade = 'diamond' WHERE id = ${key.id}`);
    for (const body of [{ name: '周总', position: '总经理', birthday: '1970-09-15' }, { name: '吴经理', birthday: '1985-12-01' }, { name: '无生日' }]) {
      expect((await w.specialistA.agent.post(`/api/v1/customers/${key.id}/key-persons`, body)).statusCode).toBe(201);
    }
    await w.specialistA.agent.post(`/api/v1/customers/${plain.id}/key-persons`, { name: '普通客户联系人', birthday: '1980-09-10' });

    // Planned once: one birthday in the next 30 days and two festivals, for the key account only.
    expect(await planCare(deps())).toEqual({ planned: 3 });
    expect(await planCare(deps())).toEqual({ planned: 0 });
    const range = '?from=2026-09-01&to=2026-10-31';
    const mine: Action[] = (await w.specialistA.agent.get(`/api/v1/care-actions${range}`)).json();
    expect(mine.map((a) => `${a.occasionDate} ${a.kind} ${a.title}`)).toEqual(['2026-09-15 birthday 周总（总经理）生日', '2026-09-25 festival 中秋关怀', '2026-10-01 festival 国庆节关怀']);
    const [birthday, midAutumn, nationalDay] = mine as [Action, Action, Action];
    const reminders = await tasksOf(t, 'care_action', w.specialistA.user.id);
    expect(reminders).toHaveLength(3);
    expect(reminders.find((task) => task.recordId === String(birthday.id))!.dueAt.toISOString()).toBe('2026-09-12T10:00:00.000Z');

    // The birthday is sensitive: the service desk of the unit sees the festivals only, and not the birthday by id.
    expect(((await desk.agent.get(`/api/v1/care-actions${range}`)).json() as Action[]).map((a) => a.kind)).toEqual(['festival', 'festival']);
    expect((await desk.agent.get(`/api/v1/care-actions/${birthday.id}`)).statusCode).toBe(404);
    expect(((await w.managerA.agent.get(`/api/v1/care-actions${range}`)).json() as Action[]).map((a) => a.kind)).toContain('birthday');
    // Another unit sees nothing.
    expect((await w.specialistB.agent.get(`/api/v1/care-actions${range}`)).json()).toEqual([]);
    expect((await w.specialistB.agent.post(`/api/v1/care-actions/${midAutumn.id}/skip`, { reason: '无需办理' })).statusCode).toBe(404);

    // A gift needs an approved budget, and its cost stays within it.
    const done = (id: number, body: Record<string, unknown>) => w.specialistA.agent.post(`/api/v1/care-actions/${id}/done`, body);
    expect((await done(birthday.id, { outcome: '送生日蛋糕和贺卡', actualCost: '300' })).json().reason).toBe('care.gift_unapproved');
    expect((await w.specialistA.agent.post(`/api/v1/care-actions/${birthday.id}/gift`, { gift: '生日蛋糕与贺卡', budget: '0', reason: '钻石客户总经理生日' })).json().errors[0].field).toBe('budget');
    const requested = (await w.specialistA.agent.post(`/api/v1/care-actions/${birthday.id}/gift`, { gift: '生日蛋糕与贺卡', budget: '500', reason: '钻石客户总经理生日' })).json();
    expect(requested).toMatchObject({ budgetStatus: 'pending', budget: '500.00', approvalId: expect.any(Number) });
    expect((await done(birthday.id, { outcome: '送生日蛋糕和贺卡', actualCost: '300' })).json().reason).toBe('care.gift_unapproved');
    await approve(w.managerA.agent, requested.approvalId);
    expect((await done(birthday.id, { outcome: '送生日蛋糕和贺卡', actualCost: '600' })).json().errors[0].field).toBe('actualCost');
    const closed = (await done(birthday.id, { outcome: '送生日蛋糕和贺卡，周总表示感谢', actualCost: '480' })).json();
    expect(closed).toMatchObject({ status: 'done', budgetStatus: 'approved', actualCost: '480.00', doneByName: expect.any(String) });
    expect((await done(birthday.id, { outcome: '再办一次' })).json().reason).toBe('care.not_planned');
    expect((await tasksOf(t, 'care_action', w.specialistA.user.id)).find((task) => task.recordId === String(birthday.id))!.status).toBe('done');
    const timeline = await queryRows<{ title: string }>(t.database.db, sql`SELECT title FROM customer_timeline WHERE customer_id = ${key.id} AND source_type = 'service_care_action'`);
    expect(timeline.map((row) => row.title)).toEqual(['生日关怀']);

    // A festival without a gift, and one not done with its reason.
    expect((await done(midAutumn.id, { outcome: '电话问候并送月饼券' })).json()).toMatchObject({ status: 'done', actualCost: null });
    expect((await w.specialistA.agent.post(`/api/v1/care-actions/${nationalDay.id}/skip`, { reason: '客户国庆期间出国' })).json()).toMatchObject({ status: 'skipped', outcome: '客户国庆期间出国' });

    // 新业务优先告知: key accounts only, not in the future.
    const notice = (customerId: number, notifiedOn = '2026-09-01') => w.specialistA.agent.post('/api/v1/care-actions/new-business', { customerId, notifiedOn, title: '冷链城配新线路', outcome: '优先向客户介绍新开通的浦东城配线路，客户有意试用' });
    expect((await notice(plain.id)).json().errors[0].field).toBe('customerId');
    expect((await notice(key.id, '2026-09-02')).json().errors[0].field).toBe('notifiedOn');
    expect((await w.specialistB.agent.post('/api/v1/care-actions/new-business', { customerId: key.id, notifiedOn: '2026-09-01', title: '越权', outcome: '不应记录下来的内容' })).json().errors[0].field).toBe('customerId');
    expect((await notice(key.id)).json()).toMatchObject({ kind: 'new_business', status: 'done' });

    // December: the round of gifts with next year's needs (and 吴经理's birthday on 1 December).
    await moveClock(t, w, '2026-12-01T02:00:00Z');
    expect(await planCare(deps())).toEqual({ planned: 2 });
    const december: Action[] = (await w.specialistA.agent.get('/api/v1/care-actions?from=2026-12-01&to=2026-12-31')).json();
    expect(december.map((a) => `${a.occasionDate} ${a.kind}`)).toEqual(['2026-12-01 birthday', '2026-12-20 december']);
    const round = december.find((a) => a.kind === 'december')!;
    expect((await done(round.id, { outcome: '送年货礼盒' })).json().errors[0].field).toBe('needs');
    expect((await done(round.id, { outcome: '送年货礼盒', needs: '明年计划新增 3000 平方米冷库，希望优先安排 A 区' })).json()).toMatchObject({ status: 'done', needs: expect.stringContaining('3000') });
  });
});
