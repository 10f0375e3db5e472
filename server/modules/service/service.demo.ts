import { and, desc, eq } from 'drizzle-orm';
import { users } from '../../platform/org/org.table';
import type { DemoStory, DemoUsername } from '../../platform/seed/demo-story.types';
import { classifyComplaint, recordAccountability, recordFindings, recordPlan, recordSatisfaction, replyComplaint } from './complaints/complaint-handling.service';
import { createComplaintBody } from './complaints/complaints.schema';
import { createComplaint } from './complaints/complaints.service';
import { serviceSettings } from './complaints/complaints.table';
import { planCare } from './care/care.service';
import { createIncidentBody, delayBody, fixBody, reportBody } from './incidents/incidents.schema';
import { answerInstruction, askInstruction, createIncident, delayIncident, fixIncident, saveReport } from './incidents/incidents.service';
import { serviceIncidentLog, serviceIncidents } from './incidents/incidents.table';
import { writeDueReports } from './reports/reports.service';
import { planReturnVisits } from './visits/return-visits.service';
import { createTicketBody } from './tickets/tickets.schema';
import { createTicket, resolveTicket } from './tickets/tickets.service';

// Service's part of the demo story: 孙七 at the service desk takes 浦江冷链's calls — a cold-store
// door that will not close (still open) and a question about the bill, answered at once (一次办结).
// He also takes two complaints: one about 张三's manner on the phone — investigated, found valid,
// answered and closed with its accountability — and one about a bill to the finance department, still being handled; 张三
// and his manager 李四 do not see the first (回避); 周八 supervises both. A grievance is noted as well.
// Two days ago a cold-store compressor failed (重大故障): the fix ran late and the customers were
// told why first, 周八 gave his 批示, and the analysis report waits to be sent. The weekly and
// monthly service reports are on the shelf, and the care calendar holds the key accounts' coming birthdays and festivals.

async function unitOf(story: DemoStory, name: DemoUsername): Promise<number> {
  const [row] = await story.deps.db.select({ unitId: users.unitId }).from(users).where(eq(users.id, story.userId(name)));
  return row!.unitId;
}

export function scheduleServiceDemo(story: DemoStory): void {
  story.on(3, '09:20', async () => {
    await createTicket(story.deps, story.by('sunqi'), createTicketBody.parse({ customerId: story.id('customer:pujiang'), contactName: '陈浦生', contactPhone: '13916881288', channel: 'phone', category: 'repair', description: 'A01 冷库卷帘门下降到一半停住，库温开始上升，请尽快派人维修。', priority: 'high' }));
    story.count('tickets');
  });
  story.on(1, '14:05', async () => {
    const ticket = await createTicket(story.deps, story.by('sunqi'), createTicketBody.parse({ customerId: story.id('customer:pujiang'), contactName: '王会计', channel: 'phone', category: 'consultation', description: '询问本月账单中水电费的计算方法。' }));
    await resolveTicket(story.deps, story.by('sunqi'), ticket.id, '已说明：按电表本期读数减上期读数乘倍率与单价计算，账单明细中有每项的算法。');
    story.count('tickets');
  });
  story.on(4, '15:40', async () => {
    await createComplaint(story.deps, story.by('sunqi'), createComplaintBody.parse({ kind: 'grievance', customerId: story.id('customer:pujiang'), complainantName: '陈浦生', channel: 'visit', family: 'business', subtype: 'facilities', facts: '园区 3 号门夜间照明不足，货车进出不便。', eventAt: `${story.dateAgo(5)}T21:00:00+08:00` }));
    story.count('complaints');
  });
  story.on(3, '10:05', async () => {
    const sunqi = story.by('sunqi');
    const c = await createComplaint(story.deps, sunqi, createComplaintBody.parse({ customerId: story.id('customer:pujiang'), complainantName: '陈浦生', contactPhone: '13916881288', channel: 'phone', family: 'service', subtype: 'attitude', targetUserId: story.userId('zhangsan'), facts: '询问续租报价时，客户经理语气生硬，未说明费用构成就挂断电话。', eventAt: `${story.dateAgo(4)}T16:30:00+08:00` }));
    await recordPlan(story.deps, sunqi, c.id, '当日调取通话记录，向客户经理的同事了解情况，次日上午回复客户。');
    await recordFindings(story.deps, sunqi, c.id, '通话记录显示通话 2 分 10 秒，客户经理未解释费用构成，语气确有不当。');
    await classifyComplaint(story.deps, sunqi, c.id, 'facts_established', null);
    await replyComplaint(story.deps, sunqi, c.id, '已向陈经理致歉并由招商部重新说明续租报价与费用构成。');
    await recordAccountability(story.deps, sunqi, c.id, { accountableUserId: story.userId('zhangsan'), measure: '服务礼仪培训一次，本月考核扣分。' });
    await recordSatisfaction(story.deps, sunqi, c.id, true, '客户表示满意');
    story.count('complaints');
  });
  // 上海客服部 makes the return visits; yesterday's planning run put the coming month's on the calendar.
  story.on(5, '08:00', async () => {
    await story.deps.db.insert(serviceSettings).values({ id: 1, avoidManagerChain: true, returnVisitUnitId: await unitOf(story, 'sunqi'), updatedAt: story.deps.clock.now() }).onConflictDoNothing();
  });
  story.on(1, '06:10', async () => {
    const { planned } = await planReturnVisits(story.deps);
    story.count('return visits', planned);
  });
  story.on(1, '11:20', async () => {
    const c = await createComplaint(story.deps, story.by('sunqi'), createComplaintBody.parse({ customerId: story.id('customer:pujiang'), complainantName: '王会计', channel: 'email', family: 'business', subtype: 'billing', targetUnitId: await unitOf(story, 'zhaoliu'), facts: '本月账单装卸费与上月重复计收，邮件询问两次未获答复。', eventAt: `${story.dateAgo(2)}T09:00:00+08:00` }));
    await recordPlan(story.deps, story.by('sunqi'), c.id, '核对两个月的装卸记录与账单，今日内电话答复客户。');
    story.count('complaints');
  });
  story.on(2, '09:40', async () => {
    const sunqi = story.by('sunqi');
    const at = (hhmm: string) => `${story.dateAgo(2)}T${hhmm}:00+08:00`;
    const incident = await createIncident(story.deps, sunqi, createIncidentBody.parse({ title: 'A 区冷库压缩机停机', description: '07:50 A 区 2 号冷库压缩机跳闸停机，库温由 -18℃ 升至 -9℃，已启用备用机组并转移部分货品。', occurredAt: at('07:50'), unitId: await unitOf(story, 'sunqi'), customerIds: [story.id('customer:pujiang'), story.id('customer:youxian')], expectedFixAt: at('12:00') }));
    await askInstruction(story.deps, sunqi, incident.id, { executiveId: story.userId('zhouba'), question: '受影响货品是否由园区先行承担复检费用？' });
    story.count('major failures');
  });
  story.on(2, '11:40', async () => {
    const at = (hhmm: string) => `${story.dateAgo(2)}T${hhmm}:00+08:00`;
    const id = await lastIncidentId(story);
    await delayIncident(story.deps, story.by('sunqi'), id, delayBody.parse({ expectedFixAt: at('15:00'), reason: '压缩机启动电容需从嘉定备件库调货，预计 15:00 前修复。', toldAt: at('11:35'), channel: 'email' }));
    const asked = (await story.deps.db.select({ id: serviceIncidentLog.id }).from(serviceIncidentLog).where(and(eq(serviceIncidentLog.incidentId, id), eq(serviceIncidentLog.kind, 'instruction'))).orderBy(desc(serviceIncidentLog.id))).find(Boolean);
    await answerInstruction(story.deps, story.by('zhouba'), id, { entryId: asked!.id, answer: '同意由园区承担复检费用，并在分析报告中写明整改期限。' });
  });
  story.on(2, '14:40', async () => {
    const id = await lastIncidentId(story);
    await fixIncident(story.deps, story.by('sunqi'), id, fixBody.parse({ fixedAt: `${story.dateAgo(2)}T14:30:00+08:00`, summary: '更换启动电容，压缩机恢复运行，16:10 库温回到 -18℃。' }));
    await saveReport(story.deps, story.by('sunqi'), id, reportBody.parse({ impact: '浦江冷链、优鲜配送两家客户约 120 吨冷冻品升温约 6 小时，经复检无货损。', cause: '压缩机启动电容老化击穿，巡检未覆盖电容容量检测。', corrective: '更换电容并对同批次机组全部检测；园区承担复检费用。', preventive: '冷链机组电容每半年检测一次，库温超限短信告警发送至值班电话。' }));
  });
  story.on(1, '06:30', async () => {
    const { planned } = await planCare(story.deps);
    story.count('care actions', planned);
  });
  story.on(1, '17:00', async () => {
    const { written } = await writeDueReports(story.deps);
    story.count('service reports', written);
  });
}

async function lastIncidentId(story: DemoStory): Promise<number> {
  const [row] = await story.deps.db.select({ id: serviceIncidents.id }).from(serviceIncidents).orderBy(desc(serviceIncidents.id)).limit(1);
  return row!.id;
}
