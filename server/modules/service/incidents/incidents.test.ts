import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, person, type Person, type TestApp } from '../../../test/harness';
import { createWorld, moveClock, notificationsOf, tasksOf, type World } from '../../../test/world';
import { getBytes } from '../../../test/multipart';
import { admittedCustomer, docxText } from '../../leasing/leasing.fixtures';
import { writeDueReports } from '../reports/reports.service';
import { flagLateIncidents } from './incidents.service';

// 重大故障 (R-SVC-05) and the weekly and monthly service reports (R-SVC-06) over HTTP. The clock starts on Tuesday 2026-09-01 10:00 Shanghai time.

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

describe('major failures', () => {
  it('R-SVC-05 a major failure notifies the signing specialists, the responsible manager and top management; a late fix needs the reason told to the customers; 批示 by the executive asked; it ends with a 故障分析报告 sent to the customers', async () => {
    const c1 = await admittedCustomer(t, w.specialistA.user);
    const c2 = await admittedCustomer(t, w.specialistA2.user);
    const body = { title: '2 号库冷链机组停机', description: '02:10 压缩机故障，2 号库温度升至 12℃', occurredAt: '2026-09-01T09:30:00+08:00', unitId: w.unitA.id, customerIds: [c1.id, c2.id], expectedFixAt: '2026-09-01T14:00:00+08:00' };

    // Bad input is refused with the field named and nothing saved.
    expect((await desk.agent.post('/api/v1/incidents', { ...body, expectedFixAt: '2026-09-01T09:00:00+08:00' })).json().errors[0].field).toBe('expectedFixAt');
    expect((await desk.agent.post('/api/v1/incidents', { ...body, customerIds: [c1.id, 2_000_000_000] })).json().errors[0].field).toBe('customerIds');
    expect((await desk.agent.post('/api/v1/incidents', { ...body, occurredAt: '2026-09-02T09:00:00+08:00' })).json().errors[0].field).toBe('occurredAt');
    expect((await desk.agent.get('/api/v1/incidents')).json().items).toEqual([]);

    const created = await desk.agent.post('/api/v1/incidents', body);
    expect(created.statusCode, created.body).toBe(201);
    const incident = created.json();
    expect(incident).toMatchObject({ number: expect.stringMatching(/^GZ-2026-\d{4}$/), status: 'open', managerId: w.managerA.user.id, customerCount: 2, late: false });
    // The notification chain: both owners, the responsible manager, the GM.
    const notifiedIds = incident.notified.map((n: { id: number }) => n.id);
    expect(notifiedIds).toEqual(expect.arrayContaining([w.specialistA.user.id, w.specialistA2.user.id, w.managerA.user.id, w.gm.user.id]));
    for (const p of [w.specialistA, w.specialistA2, w.managerA, w.gm]) expect(await notificationsOf(t, p.user.id, 'service_incident')).toHaveLength(1);
    expect((await tasksOf(t, 'incident_fix', w.managerA.user.id)).map((task) => task.status)).toEqual(['open']);
    // The notified see it; another unit's staff does not, by list or by id.
    expect((await w.specialistA2.agent.get(`/api/v1/incidents/${incident.id}`)).json()).toMatchObject({ canHandle: false });
    expect((await w.specialistB.agent.get(`/api/v1/incidents/${incident.id}`)).statusCode).toBe(404);
    expect((await w.specialistB.agent.get('/api/v1/incidents')).json().items).toEqual([]);
    expect((await w.specialistB.agent.post(`/api/v1/incidents/${incident.id}/fix`, { fixedAt: '2026-09-01T10:00:00+08:00', summary: '更换压缩机' })).statusCode).toBe(404);

    // Past the expected fix time: the manager is asked (once) to tell the customers why.
    await moveClock(t, w, '2026-09-01T07:00:00Z');
    desk.agent = await t.login(desk.user);
    expect(await flagLateIncidents(deps())).toEqual({ checked: 1, flagged: 1 });
    expect(await flagLateIncidents(deps())).toEqual({ checked: 1, flagged: 0 });
    expect((await tasksOf(t, 'incident_late', w.managerA.user.id)).map((task) => task.status)).toEqual(['open']);
    expect((await desk.agent.get(`/api/v1/incidents/${incident.id}`)).json()).toMatchObject({ late: true, canHandle: true });
    // A fix after the expected time is refused until the delay was told to the customers.
    const fix = { fixedAt: '2026-09-01T14:50:00+08:00', summary: '更换压缩机，库温 15:30 恢复至 2℃' };
    expect((await desk.agent.post(`/api/v1/incidents/${incident.id}/fix`, fix)).json().reason).toBe('incident.late_untold');
    const delay = { expectedFixAt: '2026-09-01T16:00:00+08:00', reason: '压缩机配件需从苏州调货', toldAt: '2026-09-01T14:30:00+08:00', channel: 'email' };
    expect((await desk.agent.post(`/api/v1/incidents/${incident.id}/delay`, { ...delay, toldAt: '2026-09-01T16:30:00+08:00' })).json().errors[0].field).toBe('toldAt');
    expect((await desk.agent.post(`/api/v1/incidents/${incident.id}/delay`, { ...delay, expectedFixAt: '2026-09-01T13:00:00+08:00' })).json().errors[0].field).toBe('expectedFixAt');
    const delayed = await desk.agent.post(`/api/v1/incidents/${incident.id}/delay`, delay);
    expect(delayed.json()).toMatchObject({ expectedFixAt: '2026-09-01T08:00:00.000Z', late: false });
    expect(delayed.json().log.at(-1)).toMatchObject({ kind: 'delay', note: '压缩机配件需从苏州调货', channel: 'email' });
    expect((await tasksOf(t, 'incident_late', w.managerA.user.id)).map((task) => task.status)).toEqual(['done']);

    // 请示 and 批示: only the executive asked answers, once.
    expect((await desk.agent.post(`/api/v1/incidents/${incident.id}/instructions`, { executiveId: w.specialistA.user.id, question: '是否减免受影响客户当月仓储费？' })).json().errors[0].field).toBe('executiveId');
    const asked = (await desk.agent.post(`/api/v1/incidents/${incident.id}/instructions`, { executiveId: w.gm.user.id, question: '是否减免受影响客户当月仓储费？' })).json();
    const entryId = asked.log.at(-1).id;
    expect((await tasksOf(t, 'incident_instruction', w.gm.user.id)).map((task) => task.status)).toEqual(['open']);
    expect((await w.gm.agent.get(`/api/v1/incidents/${incident.id}`)).json().pendingInstructionIds).toEqual([entryId]);
    expect((await w.managerA.agent.post(`/api/v1/incidents/${incident.id}/instructions/answer`, { entryId, answer: '同意' })).json().reason).toBe('incident.not_executive');
    const answered = (await w.gm.agent.post(`/api/v1/incidents/${incident.id}/instructions/answer`, { entryId, answer: '同意减免 2 号库受影响客户 9 月仓储费的 20%' })).json();
    expect(answered.log.at(-1)).toMatchObject({ kind: 'instruction', executiveId: w.gm.user.id, executiveName: expect.any(String), answer: expect.stringContaining('20%') });
    expect((await w.gm.agent.post(`/api/v1/incidents/${incident.id}/instructions/answer`, { entryId, answer: '同意' })).json().reason).toBe('incident.answered');
    expect((await tasksOf(t, 'incident_instruction', w.gm.user.id)).map((task) => task.status)).toEqual(['done']);

    // Fixed within the new time; the report is written, then sent — which ends the incident.
    const report = { impact: '2 号库 2 个客户约 300 吨冷冻品升温 4 小时', cause: '压缩机启动电容老化击穿', corrective: '更换压缩机及电容，逐批抽检货品温度', preventive: '冷链机组电容每半年检测，增加温度告警短信' };
    expect((await desk.agent.post(`/api/v1/incidents/${incident.id}/report/send`, { channel: 'email' })).json().reason).toBe('incident.not_fixed');
    expect((await desk.agent.post(`/api/v1/incidents/${incident.id}/fix`, fix)).json()).toMatchObject({ status: 'fixed' });
    expect((await desk.agent.post(`/api/v1/incidents/${incident.id}/report/send`, { channel: 'email' })).json().reason).toBe('incident.no_report');
    expect((await desk.agent.put(`/api/v1/incidents/${incident.id}/report`, { ...report, cause: '' })).json().errors[0].field).toBe('cause');
    expect((await desk.agent.put(`/api/v1/incidents/${incident.id}/report`, report)).json().report).toEqual(report);
    const docx = await getBytes(t, desk.agent, `/api/v1/incidents/${incident.id}/report.docx`);
    expect(docx.statusCode).toBe(200);
    const text = docxText(docx.body);
    for (const part of ['故障分析报告', incident.number, '启动电容老化击穿', '每半年检测', c1.name]) expect(text).toContain(part);
    const sent = (await desk.agent.post(`/api/v1/incidents/${incident.id}/report/send`, { channel: 'email' })).json();
    expect(sent).toMatchObject({ status: 'closed', reportChannel: 'email', canHandle: false });
    expect((await tasksOf(t, 'incident_report', w.managerA.user.id)).map((task) => task.status)).toEqual(['done']);
    expect((await desk.agent.put(`/api/v1/incidents/${incident.id}/report`, report)).json().reason).toBe('incident.closed');
  });
});

describe('service reports', () => {
  it('R-SVC-06 a weekly service report (Saturday–Friday) on Friday and a monthly supervision report for the GM cover all tickets, complaints, return visits and major failures; written once; read by supervisors and managers only', async () => {
    const customer = await admittedCustomer(t, w.specialistA.user);
    const ticket = await desk.agent.post('/api/v1/tickets', { customerId: customer.id, contactName: '周经理', channel: 'phone', category: 'repair', description: '3 号库卷帘门无法关闭' });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const complaint = await desk.agent.post('/api/v1/complaints', { customerId: customer.id, complainantName: '周经理', channel: 'phone', family: 'business', subtype: 'timeliness', targetUnitId: w.unitA.id, facts: '出库晚了两个小时', eventAt: '2026-09-01T12:00:00+08:00' });
    expect(complaint.statusCode, complaint.body).toBe(201);

    // Friday 4 September 17:00: the week 29 August – 4 September, and August (nothing happened then).
    await moveClock(t, w, '2026-09-04T09:00:00Z');
    expect(await writeDueReports(deps())).toEqual({ written: 2 });
    expect(await writeDueReports(deps())).toEqual({ written: 0 });
    expect(await notificationsOf(t, w.gm.user.id, 'service_report')).toHaveLength(2);

    const list = (await w.gm.agent.get('/api/v1/service-reports')).json();
    expect(list.map((r: { kind: string; periodStart: string; periodEnd: string }) => `${r.kind} ${r.periodStart}–${r.periodEnd}`)).toEqual(['weekly 2026-08-29–2026-09-04', 'monthly 2026-08-01–2026-08-31']);
    const weekly = (await w.gm.agent.get(`/api/v1/service-reports/${list[0].id}`)).json();
    const value = (section: string, label: string) => weekly.sections.find((s: { title: string }) => s.title === section).rows.find((r: { label: string }) => r.label === label).value;
    expect(value('服务工单', '新受理（件）')).toBe(1);
    expect(value('服务工单', '期末未解决（件）')).toBe(1);
    expect(value('投诉', '正式投诉（件）')).toBe(1);
    expect(value('投诉', '其中服务投诉 / 业务投诉')).toBe('0 / 1');
    expect(value('重大故障', '发生（起）')).toBe(1);
    expect(value('重大故障', '已发送分析报告（起）')).toBe(1);
    const monthly = (await w.gm.agent.get(`/api/v1/service-reports/${list[1].id}`)).json();
    expect(monthly.sections.flatMap((s: { rows: { value: unknown }[] }) => s.rows.map((r) => r.value)).filter((v: unknown) => typeof v === 'number' && v > 0)).toEqual([]);

    // Comments and the workbook; a specialist may not read them; no report for a period not yet begun.
    expect((await w.gm.agent.put(`/api/v1/service-reports/${weekly.id}/comments`, { comments: '冷链机组故障须在月度会上复盘' })).json().comments).toBe('冷链机组故障须在月度会上复盘');
    const xlsx = await getBytes(t, w.managerA.agent, `/api/v1/service-reports/${weekly.id}/xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    expect((await w.specialistA.agent.get('/api/v1/service-reports')).json().reason).toBe('service_report.forbidden');
    expect((await w.gm.agent.post('/api/v1/service-reports', { kind: 'weekly', date: '2026-09-05' })).json().errors[0].field).toBe('date');
    // Refreshing on demand updates the same report.
    const refreshed = (await w.managerA.agent.post('/api/v1/service-reports', { kind: 'weekly', date: '2026-09-01' })).json();
    expect(refreshed).toMatchObject({ id: weekly.id, generatedByName: expect.any(String), comments: '冷链机组故障须在月度会上复盘' });
  });
});
