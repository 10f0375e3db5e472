import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness';
import { approve, auditOf, createWorld, moveClock, notificationsOf, tasksOf, type World } from '../../../test/world';
import { fictionalUscc } from '../../customers';
import { admittedCustomer, contractBody, parkWithUnits, signedContract } from '../../leasing/leasing.fixtures';
import { reviewCredit } from './ratings.service';
import { performanceScore, ratingOf, totalScore } from './scorecard';

// Credit ratings, their policies, reviews and measures over HTTP (R-CRD-01…04). The scorecard
// approved in the first test (weights 10/20/20/20/30 for completeness/quality/strength/
// solvency/performance; A ≥ 80, B ≥ 65, C ≥ 50) is the one every later test rates under, so
// each expected total below is Σ weight × score / 100, worked out by hand.

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  await moveClock(t, w, '2026-09-01T02:00:00Z');
});
afterAll(async () => {
  await t?.close();
});

const v2 = {
  weights: { completeness: 10, quality: 20, strength: 20, solvency: 20, performance: 30 },
  thresholds: { A: 80, B: 65, C: 50 },
  policies: {
    A: { limitMode: 'one_period', limitAfterMonths: 0, security: false },
    B: { limitMode: 'fixed', fixedLimit: '20000.00', limitAfterMonths: 0, security: false },
    C: { limitMode: 'fixed', fixedLimit: '5000.00', limitAfterMonths: 0, security: false },
    D: { limitMode: 'none', limitAfterMonths: 0, security: true },
  },
  note: '提高履约表现权重，分数线下调 5 分',
};

/** Sets the archive fields completeness reads; with `full`, all seven columns are filled. */
async function archiveFields(customerId: number, full: boolean) {
  await t.database.db.execute(sql`DELETE FROM customer_contacts WHERE customer_id = ${customerId}`);
  const uscc = fictionalUscc(Math.random, '310000');
  await t.database.db.execute(
    full
      ? sql`UPDATE customers SET uscc = ${uscc}, legal_representative = '周敏', registered_capital = 5000000, employees = 80, industry_code = 'logistics', street = '申江路 88 号', phone = '021-58880000' WHERE id = ${customerId}`
      : sql`UPDATE customers SET uscc = ${uscc}, legal_representative = '周敏', registered_capital = NULL, employees = NULL, industry_code = NULL, street = NULL, phone = NULL WHERE id = ${customerId}`,
  );
}

const rate = (customerId: number, scores: { quality: number; strength: number; solvency: number }, agent: Agent = w.finance.agent) =>
  agent.post(`/api/v1/customers/${customerId}/credit-ratings`, { ...scores, basis: '2025 年度审计报告：资产负债率 48%，流动比率 1.6' });
const creditOf = async (customerId: number) => (await w.finance.agent.get(`/api/v1/customers/${customerId}/credit`)).json();
const storage = (customerId: number, unitPrice: string, period = '2026-09') => w.finance.agent.post('/api/v1/usage-charges', { customerId, item: 'storage_fee', period, quantity: '1', unitPrice });

describe('credit scorecard and ratings', () => {
  it('R-CRD-01 the rules: a weighted total in exact hundredths, grade lines inclusive, performance from payment behaviour', () => {
    // 10×36 + 20×90 + 20×80 + 20×70 + 30×60 = 6,960 hundredths
    expect(totalScore(v2.weights, { completeness: 36, quality: 90, strength: 80, solvency: 70, performance: 60 })).toBe('69.60');
    expect(totalScore(v2.weights, { completeness: 100, quality: 100, strength: 100, solvency: 100, performance: 100 })).toBe('100.00');
    expect(ratingOf(v2.thresholds, '80.00')).toBe('A');
    expect(ratingOf(v2.thresholds, '79.99')).toBe('B');
    expect(ratingOf(v2.thresholds, '50.00')).toBe('C');
    expect(ratingOf(v2.thresholds, '49.99')).toBe('D');
    expect(performanceScore({ billsDue: 0, onTimeRate: null, averageDaysLate: null, maxDaysOverdueNow: 0 })).toBe(60);
    // 12 bills, 9 on time (75), settled ones 4.4 days late on average (−4), one open 10 days (−10)
    expect(performanceScore({ billsDue: 12, onTimeRate: 0.75, averageDaysLate: 4.4, maxDaysOverdueNow: 10 })).toBe(61);
    expect(performanceScore({ billsDue: 3, onTimeRate: 0, averageDaysLate: 90, maxDaysOverdueNow: 120 })).toBe(0);
  });

  it('R-CRD-01 finance drafts a scorecard version that only leadership puts into force; a rating computes completeness and performance itself', async () => {
    const initial = (await w.finance.agent.get('/api/v1/credit/scorecards')).json();
    expect(initial.map((card: { version: number; status: string }) => [card.version, card.status])).toEqual([[1, 'active']]);

    const bad = await w.finance.agent.post('/api/v1/credit/scorecards', { ...v2, weights: { ...v2.weights, performance: 20 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'weights', message: expect.stringContaining('现为 90') });
    expect((await w.finance.agent.post('/api/v1/credit/scorecards', { ...v2, thresholds: { A: 60, B: 65, C: 50 } })).json().errors[0].field).toBe('thresholds');
    expect((await w.specialistA.agent.post('/api/v1/credit/scorecards', v2)).statusCode).toBe(403);

    const proposed = await w.finance.agent.post('/api/v1/credit/scorecards', v2);
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect(proposed.json()).toMatchObject({ version: 2, status: 'pending' });
    expect((await w.finance.agent.post('/api/v1/credit/scorecards', v2)).json().reason).toBe('credit.scorecard_pending');
    // Still version 1 until the GM approves.
    expect((await w.finance.agent.get('/api/v1/credit/scorecards')).json().find((card: { status: string }) => card.status === 'active').version).toBe(1);
    await approve(w.gm.agent, proposed.json().approvalId);
    const cards = (await w.finance.agent.get('/api/v1/credit/scorecards')).json();
    expect(cards.map((card: { version: number; status: string }) => [card.version, card.status])).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);

    // Completeness: 统一社会信用代码, 法定代表人, 付款画像 and a recent investigation — 4 of 11 items → 36.
    const customer = await admittedCustomer(t, w.specialistA.user);
    await archiveFields(customer.id, false);
    await w.finance.agent.put(`/api/v1/customers/${customer.id}/payment-profile`, { attitude: 'prompt' });
    await w.finance.agent.post(`/api/v1/customers/${customer.id}/credit-investigations`, { channel: 'bank', investigatedOn: '2026-08-20', source: '招商银行浦东支行', findings: '账户往来正常，无不良贷款记录。', assessment: 'good' });

    expect((await rate(customer.id, { quality: 90, strength: 80, solvency: 70 }, w.specialistA.agent)).statusCode).toBe(403);
    expect((await rate(customer.id, { quality: 101, strength: 80, solvency: 70 })).json().errors[0].field).toBe('quality');
    const rated = await rate(customer.id, { quality: 90, strength: 80, solvency: 70 });
    expect(rated.statusCode, rated.body).toBe(201);
    const [rating] = rated.json().ratings;
    // No bills yet: performance 60. Total 69.60 → B, reviewed every 3 months.
    expect(rating).toMatchObject({ kind: 'review', scorecardVersion: 2, scores: { completeness: 36, quality: 90, strength: 80, solvency: 70, performance: 60 }, totalScore: '69.60', rating: 'B', previousRating: null, nextReviewOn: '2026-12-01', urgent: false });
    expect(rating.basis).toContain('缺 注册资本');
    expect(rated.json().position).toMatchObject({ rating: 'B', limit: '20000.00', exposure: '0.00', available: '20000.00', securityRequired: false });
    expect((await auditOf(t, 'customer', customer.id)).map((event) => event.summary)).toContain('信用评级：评为 B 级（69.60 分，评分卡第 2 版）');
  });

  it('R-CRD-02 R-BIL-12 credit sales stop at the limit of the rating; an exception above it needs the superior and raises the limit until its end date', async () => {
    const customer = await admittedCustomer(t, w.specialistA.user);
    await archiveFields(customer.id, false);
    // 10×18 + 0 + 0 + 0 + 30×60 = 1,980 → 19.80 → D: 先款后货, no limit at all.
    const rated = (await rate(customer.id, { quality: 0, strength: 0, solvency: 0 })).json();
    expect(rated.position).toMatchObject({ rating: 'D', limit: '0.00', securityRequired: true });

    const refused = await storage(customer.id, '100');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ reason: 'credit.limit_exceeded', errors: [{ field: 'customerId', message: expect.stringContaining('超过信用额度 0.00 元') }] });
    // A meter reading is consumption that already happened: always billed.
    const reading = await w.finance.agent.post('/api/v1/usage-charges', { customerId: customer.id, item: 'utilities', period: '2026-09', meterCode: 'CR-1', previousReading: '100', currentReading: '150', unitPrice: '1.00' });
    expect(reading.statusCode, reading.body).toBe(201);

    expect((await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/credit-measures`, { kind: 'limit_increase', description: '旺季临时仓储，先服务后结算' })).json().errors.map((e: { field: string }) => e.field)).toEqual(['amount', 'validTo']);
    const applied = await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/credit-measures`, { kind: 'limit_increase', description: '旺季临时仓储，先服务后结算', amount: '5000', validTo: '2026-10-31' });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toMatchObject({ status: 'pending', kindName: '超额度例外' });
    expect((await storage(customer.id, '100')).json().reason).toBe('credit.limit_exceeded');
    // The applicant's manager approves (no GM step under 200,000).
    await approve(w.managerA.agent, applied.json().approvalId);
    const afterApproval = await creditOf(customer.id);
    expect(afterApproval.measures[0]).toMatchObject({ status: 'approved', amount: '5000.00' });
    // Limit 5,000.00; the reading (50.00) and this sale (100.00) are exposure.
    expect((await storage(customer.id, '100')).statusCode).toBe(201);
    expect((await creditOf(customer.id)).position).toMatchObject({ limit: '5000.00', exposure: '150.00', available: '4850.00' });
    expect((await storage(customer.id, '4850.01')).json().reason).toBe('credit.limit_exceeded');
    expect((await storage(customer.id, '4850.00')).statusCode).toBe(201);
    // After its end date the exception no longer counts.
    await moveClock(t, w, '2026-11-01T02:00:00Z');
    expect((await storage(customer.id, '1', '2026-11')).json().reason).toBe('credit.limit_exceeded');
    await moveClock(t, w, '2026-09-01T02:00:00Z');
  });

  it('R-CRD-04 a rating that requires security blocks a contract until a guarantor is named or a guarantee is approved', async () => {
    const { ids } = await parkWithUnits(w.admin, [
      { code: 'CR1', usableArea: '100', grossArea: '100', listRent: '1.00' },
      { code: 'CR2', usableArea: '100', grossArea: '100', listRent: '1.00' },
    ]);
    const customer = await admittedCustomer(t, w.specialistA.user);
    await archiveFields(customer.id, false);
    await rate(customer.id, { quality: 10, strength: 10, solvency: 10 }); // 10×18 + 3×200 + 1,800 = 2,580 → D
    const plain = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, [ids[0]!], { startDate: '2026-10-01', endDate: '2027-09-30' }))).json();
    const refused = await w.specialistA.agent.post(`/api/v1/contracts/${plain.id}/submit`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ reason: 'contract.security_required', detail: expect.stringContaining('D 级') });

    const guaranteed = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, [ids[1]!], { startDate: '2026-10-01', endDate: '2027-09-30', terms: { ...contractBody(0, []).terms, guarantor: '上海恒信融资担保有限公司' } }))).json();
    expect((await w.specialistA.agent.post(`/api/v1/contracts/${guaranteed.id}/submit`, {})).statusCode).toBe(200);

    const measure = (await w.specialistA.agent.post(`/api/v1/customers/${customer.id}/credit-measures`, { kind: 'collateral', description: '以自有叉车 6 台抵押，评估值 48 万元' })).json();
    await approve(w.managerA.agent, measure.approvalId);
    expect((await creditOf(customer.id)).position).toMatchObject({ securityRequired: true, securityOnFile: true });
    expect((await w.specialistA.agent.post(`/api/v1/contracts/${plain.id}/submit`, {})).statusCode).toBe(200);
    expect((await auditOf(t, 'credit_measure', measure.id)).map((event) => event.action)).toEqual(['credit_measure_apply', 'credit_measure_approved']);
  });

  it('R-CRD-03 R-BIL-12 R-LEA-33 the daily job re-computes performance from billing, reports a drop at once and assigns the review when it falls due, once', async () => {
    const contract = await signedContract(t, w, 'CR9', '2026-09-01', '2027-08-31');
    const customerId = contract.customerId as number;
    await archiveFields(customerId, true);
    const moveIn = async () => (await w.specialistA.agent.get(`/api/v1/contracts/${contract.id}/move-in`)).json();
    expect(await moveIn()).toMatchObject({ customerHasCredit: false, keysBlocked: true });
    // Completeness ≥ 7 of 11 (64); 10×c + 20×100×3 + 30×60 ≥ 8,440 → A, reviewed every 6 months.
    const first = (await rate(customerId, { quality: 100, strength: 100, solvency: 100 })).json();
    expect(first.ratings[0]).toMatchObject({ rating: 'A', nextReviewOn: '2027-03-01' });
    // R-LEA-33: an A rating gives credit (one period, 40,150.00 from the schedule), so the keys need not wait.
    expect(await moveIn()).toMatchObject({ customerHasCredit: true, keysBlocked: false });

    const started = await w.finance.agent.post('/api/v1/billing-runs', { period: '2026-09' });
    for (let i = 0; i < 200 && (await w.finance.agent.get(`/api/v1/billing-runs/${started.json().id}`)).json().status === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // A (one billing period): the first bill 40,150.00 is the largest period.
    expect((await creditOf(customerId)).position).toMatchObject({ rating: 'A', limit: '40150.00', exposure: '40150.00', available: '0.00' });

    // 45 days later the first bill is still unpaid: credit sales stop; performance falls to 0.
    await moveClock(t, w, '2026-10-16T02:00:00Z');
    expect((await storage(customerId, '10', '2026-10')).json().reason).toBe('credit.sales_stopped');
    const deps = { db: t.database.db, database: t.database, clock: t.clock, config: t.config, log: t.app.log };
    const counts = await reviewCredit(deps);
    expect(counts.changed).toBeGreaterThanOrEqual(1);
    const [auto] = (await creditOf(customerId)).ratings;
    // total drops by 30 × 60 / 100 = 18 points: A → B between reviews is urgent; the review comes forward.
    expect(auto).toMatchObject({ kind: 'auto', previousRating: 'A', rating: 'B', urgent: true, nextReviewOn: '2027-01-16', ratedByName: null });
    expect(auto.scores.performance).toBe(0);
    for (const person of [w.gm, w.finance, w.specialistA]) {
      expect((await notificationsOf(t, person.user.id, 'credit_alert')).map((n) => n.title)).toContain(`信用紧急报告：${contract.customerName} 由 A 级降为 B 级`);
    }
    // Nothing changed since: no second auto rating.
    await reviewCredit(deps);
    expect((await creditOf(customerId)).ratings.filter((r: { kind: string }) => r.kind === 'auto')).toHaveLength(1);

    // Within 7 days of the review date the last reviewer gets the task — once.
    await moveClock(t, w, '2027-01-10T02:00:00Z');
    await reviewCredit(deps);
    await reviewCredit(deps);
    const reviewTasks = (await tasksOf(t, 'credit_review', w.finance.user.id)).filter((task) => task.recordId === String(customerId));
    expect(reviewTasks).toHaveLength(1);
    expect(reviewTasks[0]!.title).toContain('B 级，每 3 个月复评');
    const overview = (await w.finance.agent.get('/api/v1/credit/ratings?reviewDue=false&rating=B')).json();
    expect(overview.find((row: { customerId: number }) => row.customerId === customerId)).toMatchObject({ rating: 'B', nextReviewOn: '2027-01-16', reviewOverdue: false });
    // Out of scope: specialist B sees none of specialist A's customers.
    expect((await w.specialistB.agent.get('/api/v1/credit/ratings')).json().find((row: { customerId: number }) => row.customerId === customerId)).toBeUndefined();
    expect((await w.specialistB.agent.get(`/api/v1/customers/${customerId}/credit`)).statusCode).toBe(404);
  });
});
