import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../platform/db/client';
import { createTestApp, type TestApp } from '../../../test/harness';
import { auditOf, createWorld, moveClock, type World } from '../../../test/world';
import { admittedCustomer } from '../../leasing/leasing.fixtures';

// Satisfaction surveys over HTTP (R-SVC-22): designed by a supervisor, sent to customers in the
// sender's scope with one-time links, answered by the customer without an account or by staff on
// the customer's behalf, results per question and unit.

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  await moveClock(t, w, '2026-12-01T02:00:00Z');
});
afterAll(async () => {
  await t?.close();
});

const questionnaire = {
  title: '2026 年度客户满意度调查',
  description: '感谢您抽出时间',
  questions: [
    { id: 'q1', kind: 'rating', text: '对园区服务的总体评价' },
    { id: 'q2', kind: 'single', text: '明年是否有增租计划', options: ['有', '没有', '不确定'] },
    { id: 'q3', kind: 'multiple', text: '希望改进的方面', options: ['照明', '安保', '停车', '账单'], required: false },
    { id: 'q4', kind: 'text', text: '其他意见', required: false },
  ],
};
const publicUrl = (link: string) => `/api/v1/public/surveys/${link.split('/s/')[1]}`;

describe('satisfaction surveys', () => {
  it('R-SVC-22 a supervisor designs, staff send one-time links to customers in their scope; the link needs no account, takes one valid submission, expires and reaches nothing else; staff answer on behalf; results per question and unit', async () => {
    expect((await w.specialistA.agent.post('/api/v1/surveys', questionnaire)).json().reason).toBe('survey.not_designer');
    expect((await w.gm.agent.post('/api/v1/surveys', { ...questionnaire, questions: [{ id: 'q1', kind: 'single', text: '只有一个选项', options: ['是'] }] })).json().errors[0].field).toBe('questions.0.options');
    const survey = (await w.gm.agent.post('/api/v1/surveys', questionnaire)).json();
    expect(survey).toMatchObject({ status: 'draft', questions: [{ required: true, options: [] }, {}, { required: false }, {}] });
    const a1 = await admittedCustomer(t, w.specialistA.user);
    const a2 = await admittedCustomer(t, w.specialistA.user);
    const b1 = await admittedCustomer(t, w.specialistB.user);
    const send = (agent = w.specialistA.agent, customerIds = [a1.id, a2.id]) => agent.post(`/api/v1/surveys/${survey.id}/invitations`, { customerIds, contactName: '周经理', expiresInDays: 7 });
    expect((await send()).json().reason).toBe('survey.not_active');
    expect((await w.gm.agent.post(`/api/v1/surveys/${survey.id}/activate`)).json().status).toBe('active');
    expect((await w.gm.agent.put(`/api/v1/surveys/${survey.id}`, questionnaire)).json().reason).toBe('survey.not_draft');
    // Only customers in the sender's customer scope.
    expect((await send(w.specialistA.agent, [a1.id, b1.id])).json().errors[0].field).toBe('customerIds');
    const sent = await send();
    expect(sent.statusCode, sent.body).toBe(201);
    const [link1, link2] = sent.json().map((i: { link: string }) => i.link);
    expect(link1).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    // Only a hash of the token is stored.
    const stored = await queryRows<{ token_hash: string }>(t.database.db, sql`SELECT token_hash FROM service_survey_invitations WHERE survey_id = ${survey.id}`);
    expect(stored.every((row) => row.token_hash.length === 64 && !link1.includes(row.token_hash))).toBe(true);
    await send(w.specialistB.agent, [b1.id]);

    // The link, with no session: the questionnaire and nothing else.
    const anonymous = await t.app.inject({ method: 'GET', url: publicUrl(link1) });
    expect(anonymous.statusCode, anonymous.body).toBe(200);
    expect(anonymous.json()).toEqual({ title: questionnaire.title, description: '感谢您抽出时间', questions: expect.any(Array) });
    expect(anonymous.body).not.toContain(a1.name);
    expect(anonymous.headers['cache-control']).toBe('no-store');
    const post = (link: string, answers: unknown) => t.app.inject({ method: 'POST', url: publicUrl(link), payload: { answers } });
    expect((await post(link1, { q2: '有' })).json().errors[0].field).toBe('answers.q1');
    expect((await post(link1, { q1: 6, q2: '有' })).json().errors[0].field).toBe('answers.q1');
    expect((await post(link1, { q1: 5, q2: '也许' })).json().errors[0].field).toBe('answers.q2');
    expect((await post(link1, { q1: 5, q2: '有', q9: 'x' })).json().errors[0].field).toBe('answers.q9');
    expect((await post(link1, { q1: 5, q2: '有', q3: ['照明', '照明'] })).json().errors[0].field).toBe('answers.q3');
    const racing = await Promise.all([post(link1, { q1: 5, q2: '有', q3: ['照明', '停车'], q4: '  路灯太暗  ' }), post(link1, { q1: 1, q2: '没有' })]);
    expect(racing.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    expect((await post(link1, { q1: 3, q2: '没有' })).json().reason).toBe('survey.answered');
    // A made-up or malformed token answers like an unknown one.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${'x'.repeat(43)}` })).json().reason).toBe('survey.link_invalid');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/surveys/abc' })).statusCode).toBe(400);
    const [audit] = (await auditOf(t, 'survey', survey.id)).filter((e) => e.action === 'answer');
    expect(audit).toMatchObject({ actorName: '客户（问卷链接）', customerId: a1.id });

    // Staff answer for the second customer; the links of others are theirs alone.
    const invitations = (await w.specialistA.agent.get(`/api/v1/surveys/${survey.id}/invitations`)).json();
    expect(invitations.map((i: { customerId: number }) => i.customerId).sort()).toEqual([a1.id, a2.id].sort());
    expect(invitations.every((i: { link?: string }) => i.link === undefined)).toBe(true);
    const second = invitations.find((i: { customerId: number }) => i.customerId === a2.id);
    expect((await w.specialistB.agent.post(`/api/v1/survey-invitations/${second.id}/answer`, { answers: { q1: 4, q2: '没有' } })).statusCode).toBe(404);
    expect((await w.specialistA.agent.post(`/api/v1/survey-invitations/${second.id}/answer`, { answers: { q1: 3, q2: '不确定', q3: ['账单'] } })).statusCode).toBe(204);

    // Results over what the reader may see: unit A's specialist sees unit A's two answers; the GM all three copies.
    const mine = (await w.specialistA.agent.get(`/api/v1/surveys/${survey.id}/results`)).json();
    expect(mine).toMatchObject({ invited: 2, answered: 2 });
    expect(mine.questions[0]).toMatchObject({ id: 'q1', answers: 2, average: 4 });
    expect(mine.questions[1].options).toEqual([{ option: '有', count: 1 }, { option: '没有', count: 0 }, { option: '不确定', count: 1 }]);
    expect(mine.questions[2].options.find((o: { option: string }) => o.option === '照明').count).toBe(1);
    expect(mine.questions[3].texts).toEqual(['路灯太暗']);
    const all = (await w.gm.agent.get(`/api/v1/surveys/${survey.id}/results`)).json();
    expect(all).toMatchObject({ invited: 3, answered: 2 });
    expect(all.byUnit.find((u: { unitId: number }) => u.unitId === w.unitA.id)).toMatchObject({ invited: 2, answered: 2, averageRating: 4 });

    // Expired, or the survey closed: the link is dead.
    await moveClock(t, w, '2026-12-09T02:00:00Z');
    expect((await t.app.inject({ method: 'GET', url: publicUrl(link2) })).json().reason).toBe('survey.link_invalid');
  });
});
