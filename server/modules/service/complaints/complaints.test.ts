import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../platform/db/client';
import { createTestApp, headersOf, person, type Person, type TestApp } from '../../../test/harness';
import { postMultipart } from '../../../test/multipart';
import { auditOf, createWorld, moveClock, notificationsOf, tasksOf, type World } from '../../../test/world';
import { admittedCustomer, scanPdf } from '../../leasing/leasing.fixtures';
import { escalateOverdueTasks } from '../../../platform/tasks/tasks.service';
import { escalateComplaintClocks } from './complaint-sla.job';

// Complaints over HTTP (R-SVC-06, 10…14). The clock starts on Tuesday 2026-09-01 10:00 Shanghai
// time. The person complained about is specialist A (unit A, managed by manager A); the handler
// is A's colleague specialist A2, so manager A would see the complaint as the handler's manager —
// unless 回避 extends to the target's direct manager, as it does by default.

let t: TestApp;
let w: World;
let desk: Person;
let deskB: Person;
let customerId: number;

const relogin = async () => {
  desk.agent = await t.login(desk.user);
  deskB.agent = await t.login(deskB.user);
};
const at = async (iso: string) => {
  await moveClock(t, w, iso);
  await relogin();
};
const deps = () => ({ db: t.database.db, database: t.database, clock: t.clock, config: t.config, log: t.app.log });

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  desk = await person(t, { unitId: w.unitA2.id, role: 'service' });
  deskB = await person(t, { unitId: w.unitB.id, role: 'service' });
  await at('2026-09-01T02:00:00Z');
  customerId = (await admittedCustomer(t, w.specialistA.user)).id;
});
afterAll(async () => {
  await t?.close();
});

const complaint = (extra: Record<string, unknown> = {}) => ({
  customerId,
  complainantName: '周经理',
  contactPhone: '13900001111',
  channel: 'phone',
  family: 'service',
  subtype: 'attitude',
  targetUserId: w.specialistA.user.id,
  facts: '客户经理在电话中语气生硬，拒绝说明费用构成',
  eventAt: '2026-08-31T15:00:00+08:00',
  handlerId: w.specialistA2.user.id,
  ...extra,
});

describe('complaints', () => {
  it('R-SVC-10 R-SVC-13 the record with its type families; the person complained about and their manager are avoided everywhere; only those who need to know see it', async () => {
    const bad = await desk.agent.post('/api/v1/complaints', complaint({ subtype: 'billing', targetUserId: null, source: 'regulator' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['forwardedBy', 'subtype', 'targetUserId']);
    expect((await desk.agent.post('/api/v1/complaints', complaint({ eventAt: '2026-09-02T10:00:00+08:00' }))).json().errors[0].field).toBe('eventAt');
    // The target can neither take nor handle it; nor can their direct manager (回避).
    expect((await w.specialistA.agent.post('/api/v1/complaints', complaint({ handlerId: null }))).json().errors[0].field).toBe('targetUserId');
    expect((await desk.agent.post('/api/v1/complaints', complaint({ handlerId: w.specialistA.user.id }))).json().errors[0].field).toBe('handlerId');
    expect((await desk.agent.post('/api/v1/complaints', complaint({ handlerId: w.managerA.user.id }))).json().errors[0]).toMatchObject({ field: 'handlerId', message: expect.stringContaining('回避') });

    const created = await desk.agent.post('/api/v1/complaints', complaint({ source: 'regulator', forwardedBy: '区市场监管局' }));
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ number: expect.stringMatching(/^TS-2026-\d{5}$/), status: 'handling', source: 'regulator', forwardedBy: '区市场监管局', subtypeName: '服务态度', handlerId: w.specialistA2.user.id, takenById: desk.user.id, canHandle: false });
    expect(c.plan).toMatchObject({ dueAt: '2026-09-01T02:30:00.000Z', breached: false, limitMinutes: 30 });
    expect(c.resolve.dueAt).toBe('2026-09-04T02:00:00.000Z');
    // Evidence uploaded by the taker, readable by the handler.
    const upload = await postMultipart(t, desk.agent, '/api/v1/attachments', { recordType: 'service_complaint', recordId: String(c.id) }, { fileName: '录音记录.pdf', content: scanPdf(), contentType: 'application/pdf' });
    expect(upload.statusCode, upload.body).toBe(201);

    // Need-to-know: taker, handler, the GM (supervisor) see it; the target, the target's manager,
    // the customer's other colleagues and other units do not — by list, by id and by attachment.
    for (const who of [desk, w.specialistA2, w.gm]) {
      expect((await who.agent.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(200);
      expect((await who.agent.get('/api/v1/complaints')).json().items.map((i: { id: number }) => i.id)).toContain(c.id);
    }
    for (const who of [w.specialistA, w.managerA, w.colleagueA2, w.specialistB, w.managerB]) {
      expect((await who.agent.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(404);
      expect((await who.agent.get(`/api/v1/complaints?q=${c.number}`)).json().items ?? []).toEqual([]);
      expect((await who.agent.get(`/api/v1/attachments?recordType=service_complaint&recordId=${c.id}`)).statusCode).toBe(404);
      expect((await who.agent.get(`/api/v1/attachments/${upload.json().id}/download`)).statusCode).toBe(404);
      expect((await who.agent.post(`/api/v1/complaints/${c.id}/plan`, { plan: '我来处理这件投诉' })).statusCode).toBe(404);
    }
    // The audit trail names the step, never the facts.
    expect((await auditOf(t, 'service_complaint', c.id)).map((e) => e.summary)).toEqual([`投诉 ${c.number}：受理投诉`]);
    // The generic escalation of overdue tasks (R-PLT-30) reminds the handler but never hands the
    // complaint's task to the handler's manager, who is avoided here; the complaint clocks escalate.
    await escalateOverdueTasks({ ...deps(), clock: { now: () => new Date('2026-09-01T03:00:00Z') } });
    expect((await notificationsOf(t, w.managerA.user.id, 'task_escalated')).filter((n) => n.title.includes(c.number))).toEqual([]);
    expect((await notificationsOf(t, w.specialistA2.user.id, 'task_escalated')).map((n) => n.title)).toContain(`待办已逾期：处理投诉 ${c.number}`);

    // With 回避 limited to the person, the target's manager — managing the handler — sees a new one.
    expect((await w.specialistA.agent.put('/api/v1/service/settings', { avoidManagerChain: false })).statusCode).toBe(403);
    expect((await w.admin.put('/api/v1/service/settings', { avoidManagerChain: false })).json()).toMatchObject({ avoidManagerChain: false });
    const second = (await desk.agent.post('/api/v1/complaints', complaint({ facts: '第二次：仍未说明费用构成' }))).json();
    expect((await w.managerA.agent.get(`/api/v1/complaints/${second.id}`)).json()).toMatchObject({ canManage: true });
    expect((await w.specialistA.agent.get(`/api/v1/complaints/${second.id}`)).statusCode).toBe(404);
    await w.admin.put('/api/v1/service/settings', { avoidManagerChain: true });

    // A grievance is noted without a formal complaint: no clocks, no handling.
    const grievance = (await desk.agent.post('/api/v1/complaints', complaint({ kind: 'grievance', targetUserId: null, family: 'business', subtype: 'facilities', facts: '抱怨园区路灯太暗', handlerId: null }))).json();
    expect(grievance).toMatchObject({ kind: 'grievance', status: 'closed', plan: null, resolve: null, canHandle: false });
    expect((await desk.agent.post(`/api/v1/complaints/${grievance.id}/plan`, { plan: '联系物业检修路灯' })).json().reason).toBe('complaint.grievance');
  });

  it('R-SVC-11 R-SVC-13 findings before the classification, a stated criterion, no reply before the decision, a meeting for serious cases, satisfaction and reopening, accountability before closing', async () => {
    const c = (await desk.agent.post('/api/v1/complaints', complaint({ eventAt: '2026-07-15T10:00:00+08:00', handlerId: null }))).json();
    // An attitude complaint raised more than a month after the event: proposed as 无效.
    expect(c.proposedCriterion).toBe('late_attitude');
    const recent = (await desk.agent.post('/api/v1/complaints', complaint({ family: 'business', subtype: 'billing', targetUserId: null, targetUnitId: w.unitB.id, facts: '账单重复收取装卸费', handlerId: null }))).json();
    expect(recent.proposedCriterion).toBeNull();
    const post = (id: number, path: string, body?: unknown) => desk.agent.post(`/api/v1/complaints/${id}/${path}`, body);
    for (const id of [c.id, recent.id]) expect((await post(id, 'plan', { plan: '当日联系客户，核实事实' })).json().plan).toMatchObject({ breached: false, doneAt: expect.any(String) });
    expect((await post(recent.id, 'classify', { criterion: 'facts_established' })).json().reason).toBe('complaint.findings_missing');
    expect((await post(recent.id, 'reply', { reply: '我们将退还重复收取的费用' })).json().reason).toBe('complaint.not_decided');
    expect((await post(recent.id, 'classify', { criterion: 'nosuch' })).json().errors[0].field).toBe('criterion');
    expect((await w.specialistA2.agent.post(`/api/v1/complaints/${recent.id}/findings`, { findings: '核对账单' })).statusCode).toBe(404);
    // An investigator is assigned by the handler; they record the findings.
    expect((await post(recent.id, 'assign', { investigatorId: w.specialistA.user.id })).statusCode).toBe(200);
    expect((await w.specialistA.agent.post(`/api/v1/complaints/${recent.id}/findings`, { findings: '9 月账单装卸费确被重复计入两次' })).statusCode).toBe(200);
    const serious = await post(recent.id, 'classify', { criterion: 'serious_conflict', note: '客户已在业主群公开此事' });
    expect(serious.json()).toMatchObject({ validity: 'valid', severity: 'serious', criterionName: expect.stringContaining('冲突') });
    expect((await post(recent.id, 'reply', { reply: '我们将退还重复收取的费用' })).json().reason).toBe('complaint.meeting_required');
    // The meeting is the managers' (desk's manager is the unit A2 chain's — the branch has none; the GM supervises).
    expect((await post(recent.id, 'meeting', { meetingAt: '2026-09-01T11:00:00+08:00', attendees: '总经理、客服部', decision: '退费并致歉', notifyAuthorities: false })).json().reason).toBe('complaint.not_manager');
    expect((await w.gm.agent.post(`/api/v1/complaints/${recent.id}/meeting`, { meetingAt: '2026-09-01T11:00:00+08:00', attendees: '总经理、客服部', decision: '退费并致歉', notifyAuthorities: false })).statusCode).toBe(200);
    expect((await post(recent.id, 'reply', { reply: '经核实确属重复收费，已退还并致歉' })).json()).toMatchObject({ status: 'replied', repliedAt: expect.any(String) });
    // Dissatisfied: reopened and handled again.
    expect((await post(recent.id, 'satisfaction', { satisfied: false, note: '要求书面致歉' })).json()).toMatchObject({ status: 'handling', reopenCount: 1, satisfaction: 'dissatisfied' });
    expect((await post(recent.id, 'reply', { reply: '已寄送书面致歉函' })).json().status).toBe('replied');
    expect((await post(recent.id, 'satisfaction', { satisfied: true })).json().reason).toBe('complaint.accountability_missing');
    expect((await post(recent.id, 'accountability', { measure: '财务复核流程增加重复项校验' })).json().errors[0].field).toBe('accountableUserId');
    expect((await post(recent.id, 'accountability', { accountableUnitId: w.unitB.id, measure: '财务复核流程增加重复项校验' })).statusCode).toBe(200);
    const closed = (await post(recent.id, 'satisfaction', { satisfied: true })).json();
    expect(closed).toMatchObject({ status: 'closed', satisfaction: 'satisfied', accountability: { unitId: w.unitB.id, measure: '财务复核流程增加重复项校验' } });
    // R-SVC-20: a special return visit a week after the complaint is closed.
    const [visit] = await queryRows<{ kind: string; due_date: string }>(t.database.db, sql`SELECT kind, due_date::text FROM service_return_visits WHERE plan_key = ${`complaint:${recent.id}`}`);
    expect(visit).toEqual({ kind: 'complaint', due_date: '2026-09-08' });
    expect(closed.log.map((e: { action: string }) => e.action)).toEqual(['受理投诉', '制定处理方案', '指派', '记录调查结果', '定性', '会议决定', '答复投诉人', '投诉人不满意，重新处理', '答复投诉人', '责任追究', '投诉人满意，结案']);

    // The late attitude complaint, classified invalid on the proposed criterion; no accountability needed.
    await post(c.id, 'findings', { findings: '事发已一个半月，无录音' });
    expect((await post(c.id, 'classify', { criterion: 'late_attitude' })).json()).toMatchObject({ validity: 'invalid', severity: 'general' });
    await post(c.id, 'reply', { reply: '已向客户说明情况' });
    expect((await post(c.id, 'satisfaction', { satisfied: true })).json().status).toBe('closed');
  });

  it('R-SVC-12 R-SVC-06 clocks: a late plan and a late resolution escalate once to the handler\'s manager; an uncovered weekend stands still, a duty roster keeps it running; unresolved after 3 days the service is handed to another department', async () => {
    // Friday 2026-09-04 16:00: 8 hours to Saturday, the weekend uncovered → due Wednesday 16:00.
    // The earlier complaints' breaches are escalated first, so the counts below are this one's.
    await at('2026-09-04T08:00:00Z');
    await escalateComplaintClocks(deps());
    const c = (await deskB.agent.post('/api/v1/complaints', complaint({ handlerId: null }))).json();
    expect(c.resolve.dueAt).toBe('2026-09-09T08:00:00.000Z');
    // The roster covers Saturday: the clocks run that day, due Tuesday 16:00.
    expect((await deskB.agent.post('/api/v1/service/duty-roster', { day: '2026-09-05', userId: deskB.user.id })).json().reason).toBe('roster.not_keeper');
    const duty = await w.managerB.agent.post('/api/v1/service/duty-roster', { day: '2026-09-05', userId: deskB.user.id, note: '国庆前周末值班' });
    expect(duty.statusCode, duty.body).toBe(201);
    expect((await w.managerB.agent.post('/api/v1/service/duty-roster', { day: '2026-09-05', userId: deskB.user.id })).json().errors[0].field).toBe('userId');
    expect((await deskB.agent.get('/api/v1/service/duty-roster?from=2026-09-01&to=2026-09-30')).json()).toEqual([expect.objectContaining({ day: '2026-09-05', userId: deskB.user.id, workday: false })]);
    expect((await deskB.agent.get(`/api/v1/complaints/${c.id}`)).json().resolve.dueAt).toBe('2026-09-08T08:00:00.000Z');

    // 16:31 without a plan: escalated to manager B (the handler's manager), once.
    await at('2026-09-04T08:31:00Z');
    expect(await escalateComplaintClocks(deps())).toMatchObject({ planBreached: 1, resolveBreached: 0 });
    expect(await escalateComplaintClocks(deps())).toMatchObject({ planBreached: 0 });
    expect((await tasksOf(t, 'complaint_escalation', w.managerB.user.id)).map((task) => task.title)).toEqual([`督办投诉 ${c.number}`]);
    expect((await notificationsOf(t, deskB.user.id, 'service_complaint')).some((n) => n.title.includes('已超时'))).toBe(true);
    const late = (await deskB.agent.get(`/api/v1/complaints/${c.id}`)).json();
    expect(late.plan).toMatchObject({ breached: true, usedMinutes: 31 });
    expect((await deskB.agent.get('/api/v1/complaints?breached=true')).json().items.map((i: { id: number }) => i.id)).toEqual([c.id]);

    // Waiting for the customer from Monday 09:00 to 15:00 moves the deadline by six hours.
    await deskB.agent.post(`/api/v1/complaints/${c.id}/plan`, { plan: '调取通话记录，约客户面谈' });
    await at('2026-09-07T01:00:00Z');
    expect((await deskB.agent.post(`/api/v1/complaints/${c.id}/pause`, { reason: '客户出差，周一下午回电' })).json()).toMatchObject({ status: 'waiting', resolve: { paused: true, dueAt: null } });
    await at('2026-09-07T07:00:00Z');
    expect((await deskB.agent.post(`/api/v1/complaints/${c.id}/resume`)).json()).toMatchObject({ status: 'handling', resolve: { dueAt: '2026-09-08T14:00:00.000Z', paused: false } });

    // Past the deadline, unresolved: escalated, and the manager is asked to hand the service over.
    await at('2026-09-08T14:05:00Z');
    expect(await escalateComplaintClocks(deps())).toMatchObject({ resolveBreached: 1 });
    expect((await tasksOf(t, 'complaint_handover', w.managerB.user.id)).map((task) => task.status)).toEqual(['open']);
    // To someone of another department than the handler's — not the handler's colleague — and never the target.
    const handOver = (toUserId: number) => w.managerB.agent.post(`/api/v1/complaints/${c.id}/hand-over`, { toUserId, reason: '投诉超过 3 天未办结，移交客服部' });
    expect((await deskB.agent.post(`/api/v1/complaints/${c.id}/hand-over`, { toUserId: desk.user.id, reason: '投诉超过 3 天未办结' })).json().reason).toBe('complaint.not_manager');
    expect((await handOver(w.specialistB.user.id)).json().errors[0].field).toBe('toUserId');
    expect((await handOver(w.specialistA.user.id)).json().errors[0].field).toBe('toUserId');
    const moved = await handOver(desk.user.id);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ handlerId: desk.user.id, handedOverToName: expect.any(String) });
    expect((await tasksOf(t, 'complaint_handover', w.managerB.user.id)).map((task) => task.status)).toEqual(['done']);
    expect((await desk.agent.get(`/api/v1/complaints/${c.id}`)).json().canHandle).toBe(true);
  });

  it('R-SVC-14 the monthly analysis counts by type, validity and department with clock compliance and repeat complainants; the manager writes causes and actions; .xlsx export', async () => {
    const analysis = (await w.gm.agent.get('/api/v1/complaint-analysis/2026-09')).json();
    expect(analysis).toMatchObject({ total: 5, grievances: 1, replied: 2, unclassified: 3, canWrite: true });
    expect(analysis.byType).toEqual(expect.arrayContaining([{ key: 'service.attitude', name: '服务投诉·服务态度', count: 4 }, { key: 'business.billing', name: '业务投诉·账务收费', count: 1 }]));
    expect(analysis.byValidity).toEqual(expect.arrayContaining([{ key: 'valid.serious', name: '有效·恶性', count: 1 }, { key: 'invalid.general', name: '无效·一般', count: 1 }]));
    expect(analysis.byDepartment.find((d: { key: string }) => d.key === String(w.unitA.id)).count).toBe(4);
    expect(analysis.repeatComplainants).toEqual([expect.objectContaining({ customerId, count: 5 })]);
    // Plans: the two of the second case on time; the first case's two never made, the weekend one late.
    expect(analysis.planOnTimeRate).toBe(40);
    // The target sees nothing of the complaints about them, not even in the counts.
    expect((await w.specialistA.agent.get('/api/v1/complaint-analysis/2026-09')).json()).toMatchObject({ total: 1, canWrite: false });
    expect((await w.specialistA.agent.put('/api/v1/complaint-analysis/2026-09', { causes: '服务态度问题', actions: '开展服务培训' })).json().reason).toBe('analysis.not_manager');
    const saved = await w.gm.agent.put('/api/v1/complaint-analysis/2026-09', { causes: '客户经理对费用构成解释不清', actions: '编写收费说明卡，开展服务礼仪培训' });
    expect(saved.json()).toMatchObject({ causes: '客户经理对费用构成解释不清' });
    const file = await t.app.inject({ method: 'GET', url: '/api/v1/complaint-analysis/2026-09/export', headers: headersOf(w.gm.agent) });
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const values = workbook.getWorksheet('投诉分析')!.getSheetValues().flat().map(String);
    expect(values).toEqual(expect.arrayContaining(['正式投诉（件）', '5', '服务投诉·服务态度', '4', '编写收费说明卡，开展服务礼仪培训']));
  });
});
