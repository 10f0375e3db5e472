import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../platform/dates';
import { findJob } from '../../../platform/jobs/jobs.registry';
import { runDueJobs } from '../../../platform/jobs/scheduler';
import { createTestApp, type TestApp } from '../../../test/harness';
import { createWorld, type World } from '../../../test/world';
import { PROGRESS_REMINDER_RULE, PROJECT_REVIEW_RULE } from './project-activity.service';
import { activeProject, projectTasks } from './projects.fixtures';
import { reviewDevelopmentProjects } from './projects.jobs';
import { developmentProjects } from './projects.table';

// The time rules of R-DEV-50, driven by the test clock and the job function (no sleeping).

let t: TestApp;
let w: World;
const base = '/api/v1/development/projects';
const START = '2026-03-02T02:00:00Z'; // 10:00 in Shanghai

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => t?.close());

const deps = () => ({ db: t.database.db, database: t.database, clock: t.clock, config: t.config, log: t.app.log });
const runJob = () => reviewDevelopmentProjects(deps());
/** Moves the clock; sessions expire with idle time, so the people sign in again. */
async function at(instant: string) {
  t.clock.set(instant.length === 10 ? `${instant}T02:00:00Z` : instant);
  for (const person of [w.specialistA, w.managerA, w.gm]) person.agent = await t.login(person.user);
}
const projectRow = async (id: number) => (await t.database.db.select().from(developmentProjects).where(eq(developmentProjects.id, id)))[0]!;

describe('development project time rules', () => {
  it('R-DEV-50 month arithmetic keeps the day and clamps to the month end', () => {
    expect(addMonths('2026-03-02', 3)).toBe('2026-06-02');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-02', 12)).toBe('2027-03-02');
  });

  it('R-DEV-50 progress is due every 30 days: one reminder for the owner per due date, closed by the report', async () => {
    expect(findJob('development_project_review')).toBeDefined();
    await at(START);
    const { project } = await activeProject(t, w);
    await at('2026-03-31');
    await runJob();
    expect(await projectTasks(t, project.id, PROGRESS_REMINDER_RULE)).toHaveLength(0);

    // Through the scheduler at its default time, 07:30 in Shanghai on the due date, then once more.
    await at('2026-03-31T23:30:00Z');
    const [run] = await runDueJobs(t.app.deps, t.clock.now(), { only: ['development_project_review'] });
    expect(run?.jobKey).toBe('development_project_review');
    expect(await projectTasks(t, project.id, PROGRESS_REMINDER_RULE)).toHaveLength(1);
    await runJob();
    const reminders = await projectTasks(t, project.id, PROGRESS_REMINDER_RULE);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ assigneeId: w.specialistA.user.id, status: 'open', dedupeKey: `${PROGRESS_REMINDER_RULE}:${project.id}:2026-04-01` });

    const progress = await w.specialistA.agent.post(`${base}/${project.id}/progress`, { reportedOn: '2026-04-01', content: '第二次拜访，客户提交需求清单' });
    expect(progress.statusCode, progress.body).toBe(201);
    expect(progress.json()).toMatchObject({ lastProgressAt: t.clock.now().toISOString(), nextProgressDue: '2026-05-01' });
    expect((await projectTasks(t, project.id, PROGRESS_REMINDER_RULE))[0]!.status).toBe('done');

    await at('2026-05-01');
    await runJob();
    const next = await projectTasks(t, project.id, PROGRESS_REMINDER_RULE);
    expect(next.map((task) => task.dedupeKey).sort()).toEqual([`${PROGRESS_REMINDER_RULE}:${project.id}:2026-04-01`, `${PROGRESS_REMINDER_RULE}:${project.id}:2026-05-01`]);
  });

  it('R-DEV-50 3 months without progress → flagged, 6 months → review by the unit manager, 12 months → written report', async () => {
    await at(START);
    const { project } = await activeProject(t, w);
    await at('2026-06-01');
    await runJob();
    expect((await projectRow(project.id)).flag).toBeNull();
    await at('2026-06-02');
    await runJob();
    expect(await projectRow(project.id)).toMatchObject({ flag: 'no_progress_3m', reviewRequired: false });
    const flagged = (await w.specialistA.agent.get(`${base}?flag=no_progress_3m&pageSize=100`)).json();
    expect(flagged.items.map((p: { id: number }) => p.id)).toContain(project.id);

    await at('2026-09-02');
    await runJob();
    await runJob();
    expect(await projectRow(project.id)).toMatchObject({ flag: 'review_6m', reviewRequired: true });
    const reviews = await projectTasks(t, project.id, PROJECT_REVIEW_RULE);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ assigneeId: w.managerA.user.id, status: 'open' });
    expect((await w.specialistA.agent.post(`${base}/${project.id}/review`, { comment: '继续' })).statusCode).toBe(403);
    const reviewed = await w.managerA.agent.post(`${base}/${project.id}/review`, { comment: '客户预算周期延后，继续跟进' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().reviewRequired).toBe(false);
    expect((await projectTasks(t, project.id, PROJECT_REVIEW_RULE))[0]!.status).toBe('done');
    await runJob();
    expect((await projectRow(project.id)).reviewRequired).toBe(false);

    await at('2026-10-01');
    const progress = await w.specialistA.agent.post(`${base}/${project.id}/progress`, { reportedOn: '2026-10-01', content: '客户重启选址' });
    expect(progress.json()).toMatchObject({ flag: null });

    await at('2027-03-02');
    await runJob();
    expect(await projectRow(project.id)).toMatchObject({ flag: 'report_12m', reportRequired: true, status: 'active' });
    const detail = (await w.specialistA.agent.get(`${base}/${project.id}`)).json();
    expect(detail.can.report).toBe(true);
    expect((await w.managerA.agent.post(`${base}/${project.id}/report`, { text: '由经理代写的报告内容不被接受' })).statusCode).toBe(403);
    const report = await w.specialistA.agent.post(`${base}/${project.id}/report`, { text: '立项 12 个月未签约：客户总部审批推迟，预计下季度定稿。' });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ reportRequired: false, reportSubmittedAt: t.clock.now().toISOString() });
    await runJob();
    expect(await projectRow(project.id)).toMatchObject({ flag: 'report_12m', reportRequired: false });
    expect((await w.specialistA.agent.post(`${base}/${project.id}/report`, { text: '第二份报告内容，重复提交' })).statusCode).toBe(409);
  });

  it('R-DEV-50 closed projects are left alone by the time rules', async () => {
    await at(START);
    const { project } = await activeProject(t, w);
    await w.managerA.agent.post(`${base}/${project.id}/close`, { result: 'terminated', reason: '客户迁往外省' });
    await at('2027-06-01');
    await runJob();
    expect(await projectRow(project.id)).toMatchObject({ status: 'terminated', flag: null, reportRequired: false });
    expect(await projectTasks(t, project.id, PROGRESS_REMINDER_RULE)).toHaveLength(0);
  });
});
