import { eq, inArray, and, isNull, or } from 'drizzle-orm';
import type { RequestContext } from '../../../platform/access/access';
import { unitChain } from '../../../platform/approvals/approvals.queries';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiMinute } from '../../../platform/dates';
import type { DbOrTx } from '../../../platform/db/client';
import type { Deps } from '../../../platform/deps';
import { singleStepJob } from '../../../platform/jobs/jobs.registry';
import { notify } from '../../../platform/notifications/notifications.service';
import { users } from '../../../platform/org/org.table';
import { createTask } from '../../../platform/tasks/tasks.service';
import { complaintClocksOf } from './clocks.service';
import { COMPLAINT_KIND } from './complaints.service';
import { serviceComplaintLog, serviceComplaints } from './complaints.table';

// Breaches of the complaint clocks escalate (R-SVC-12): a late plan or a late resolution goes to
// the nearest manager above the handler who is not to be avoided, as a task and a notification,
// once per clock. A resolution still missing after its 3 days also asks that manager to hand the
// customer's service to a staff member of another department (R-DEV-14), as a task.

async function escalationManager(db: DbOrTx, handlerId: number, avoid: number[]): Promise<number | null> {
  const [handler] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.id, handlerId));
  if (!handler) return null;
  const chain = await unitChain(db, handler.unitId);
  return chain.find((unit) => unit.managerId !== null && unit.managerActive && unit.managerId !== handlerId && !avoid.includes(unit.managerId))?.managerId ?? null;
}

export async function escalateComplaintClocks(deps: Deps, ctx: RequestContext & { actorName?: string } = {}) {
  const now = deps.clock.now();
  const open = await deps.db
    .select()
    .from(serviceComplaints)
    .where(and(eq(serviceComplaints.kind, 'complaint'), inArray(serviceComplaints.status, ['handling', 'waiting']), or(isNull(serviceComplaints.planEscalatedAt), isNull(serviceComplaints.resolveEscalatedAt))));
  const clocks = await complaintClocksOf(deps.db, open, now);
  const counts = { checked: open.length, planBreached: 0, resolveBreached: 0 };
  for (const c of open) {
    const clock = clocks.get(c.id)!;
    const planLate = !c.planEscalatedAt && !c.planAt && clock.plan.breached;
    const resolveLate = !c.resolveEscalatedAt && !c.repliedAt && clock.resolve.breached;
    if (!planLate && !resolveLate) continue;
    await deps.db.transaction(async (tx) => {
      // Claimed by a conditional update, so two instances never escalate one breach twice.
      const column = resolveLate ? serviceComplaints.resolveEscalatedAt : serviceComplaints.planEscalatedAt;
      const claimed = await tx
        .update(serviceComplaints)
        .set(resolveLate ? { resolveEscalatedAt: now, ...(planLate ? { planEscalatedAt: now } : {}) } : { planEscalatedAt: now })
        .where(and(eq(serviceComplaints.id, c.id), isNull(column)))
        .returning({ id: serviceComplaints.id });
      if (!claimed.length) return;
      const managerId = await escalationManager(tx, c.handlerId, c.avoidUserIds);
      const what = resolveLate ? `超过 3 天未办结（时限 ${clock.resolve.dueAt ? shanghaiMinute(clock.resolve.dueAt) : '—'}）` : `30 分钟内未制定处理方案（时限 ${clock.plan.dueAt ? shanghaiMinute(clock.plan.dueAt) : '—'}）`;
      const link = `/service/complaints/${c.id}`;
      await notify(tx, deps.clock, { userId: c.handlerId, kind: COMPLAINT_KIND, title: `投诉 ${c.number} 已超时`, body: what, link });
      if (managerId) {
        await notify(tx, deps.clock, { userId: managerId, kind: COMPLAINT_KIND, title: `投诉 ${c.number} 超时，请督办`, body: what, link });
        await createTask(tx, deps, { title: `督办投诉 ${c.number}`, description: what, assigneeId: managerId, dueAt: new Date(now.getTime() + 4 * 3_600_000), recordType: 'service_complaint', recordId: c.id, ruleKey: 'complaint_escalation', dedupeKey: `complaint:${c.id}:${resolveLate ? 'resolve' : 'plan'}`, createdById: null }, ctx);
        if (resolveLate) {
          await createTask(tx, deps, { title: `移交客户服务：投诉 ${c.number}`, description: '投诉超过 3 天未办结：请将该客户的服务移交给其他部门的人员（R-DEV-14）', assigneeId: managerId, dueAt: new Date(now.getTime() + 24 * 3_600_000), recordType: 'service_complaint', recordId: c.id, ruleKey: 'complaint_handover', dedupeKey: `complaint:${c.id}:handover`, createdById: null }, ctx);
        }
      }
      await tx.insert(serviceComplaintLog).values({ complaintId: c.id, action: resolveLate ? '办结超时，已升级' : '方案超时，已升级', note: what, byId: null, createdAt: now });
      await recordAudit(tx, deps.clock, ctx, { action: 'escalate', entityType: 'service_complaint', entityId: c.id, summary: `投诉 ${c.number}：${resolveLate ? '办结' : '方案'}超时升级` });
      if (planLate) counts.planBreached++;
      if (resolveLate) counts.resolveBreached++;
    });
  }
  return counts;
}

export const complaintSlaJob = singleStepJob(
  {
    key: 'service_complaint_sla',
    name: '投诉时限监控',
    nameEn: 'Complaint clocks',
    description: '每 5 分钟检查投诉的 30 分钟方案时限和 3 天办结时限（值班覆盖的节假日照常计时，等待客户时暂停）；超时通知处理人并升级给上级，3 天未办结时派“移交客户服务”任务',
    descriptionEn: 'Checks the 30-minute plan and 3-day resolution clocks of complaints and escalates breaches',
    defaultCron: '*/5 * * * *',
  },
  (deps, audit) => escalateComplaintClocks(deps, audit),
);
