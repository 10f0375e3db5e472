import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { runDueJobs } from '../jobs/scheduler';
import { users } from '../org/org.table';
import { createTask } from '../tasks/tasks.service';
import { setMailTransportFactory, type MailMessage } from './mailer';
import { notify } from './notifications.service';

let t: TestApp;
const sent: MailMessage[] = [];
let restoreTransport: () => void;
beforeAll(async () => {
  // The mail server boundary is faked; everything else is real.
  restoreTransport = setMailTransportFactory((config) =>
    config.smtpUrl ? { send: async (message) => void sent.push(message) } : null,
  );
  t = await createTestApp({ config: { smtpUrl: 'smtp://mailer.invalid:587', smtpFrom: '招商平台 <crm@example.com>', publicUrl: 'https://crm.example.com' } });
});
afterAll(async () => {
  restoreTransport?.();
  await t?.close();
});

const send = (userId: number, title: string, kind = 'approval_pending') =>
  t.database.db.transaction((tx) => notify(tx, t.clock, { userId, kind, title, body: '请处理', link: '/approvals/1' }));

describe('notifications', () => {
  it('R-PLT-31 the bell shows my unread count; I can list, filter and mark notifications read', async () => {
    const user = await t.createUser({ role: 'specialist' });
    const other = await t.createUser({ role: 'specialist' });
    const me = await t.login(user);
    await send(user.id, '审批一');
    await send(user.id, '审批二');
    await send(other.id, '别人的');
    expect((await me.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 2 });
    const list = (await me.get('/api/v1/notifications')).json();
    expect(list.items.map((n: { title: string }) => n.title)).toEqual(['审批二', '审批一']);
    expect(list.items[0]).toMatchObject({ kind: 'approval_pending', kindLabel: '待我审批', read: false, link: '/approvals/1' });

    const read = await me.post(`/api/v1/notifications/${list.items[0].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ read: true });
    expect((await me.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 1 });
    expect((await me.get('/api/v1/notifications?unread=true')).json().items.map((n: { title: string }) => n.title)).toEqual(['审批一']);
    expect((await me.get('/api/v1/notifications?unread=false')).json().items.map((n: { title: string }) => n.title)).toEqual(['审批二']);
    const second = (await me.get('/api/v1/notifications?pageSize=1&page=2&sort=id:asc')).json();
    expect(second).toMatchObject({ total: 2, page: 2 });
    expect(second.items.map((n: { title: string }) => n.title)).toEqual(['审批二']);

    // Someone else's notification cannot be read or marked.
    const theirs = (await (await t.login(other)).get('/api/v1/notifications')).json().items[0];
    expect((await me.post(`/api/v1/notifications/${theirs.id}/read`)).statusCode).toBe(404);

    expect((await me.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 1 });
    expect((await me.get('/api/v1/notifications/unread-count')).json()).toEqual({ count: 0 });
  });

  it('R-PLT-31 a user chooses which kinds also go by e-mail', async () => {
    const me = await t.login(await t.createUser({ role: 'specialist' }));
    const initial = (await me.get('/api/v1/notifications/preferences')).json();
    expect(initial.emailAvailable).toBe(true);
    expect(initial.items).toEqual(expect.arrayContaining([{ kind: 'task_assigned', label: '新待办', email: false }]));
    const updated = await me.patch('/api/v1/notifications/preferences', { items: [{ kind: 'task_escalated', email: true }] });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().items).toEqual(expect.arrayContaining([{ kind: 'task_escalated', label: '待办逾期与升级', email: true }]));
    const unknown = await me.patch('/api/v1/notifications/preferences', { items: [{ kind: 'no_such_kind', email: true }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('items.0.kind');
  });

  it('R-PLT-31 e-mail goes out after commit from the job, only for kinds the user chose', async () => {
    const wantsMail = await t.createUser({ role: 'specialist' });
    const noPreference = await t.createUser({ role: 'specialist' });
    await t.database.db.update(users).set({ email: 'zhang@example.com' }).where(eq(users.id, wantsMail.id));
    await t.database.db.update(users).set({ email: 'li@example.com' }).where(eq(users.id, noPreference.id));
    const agent = await t.login(wantsMail);
    expect((await agent.patch('/api/v1/notifications/preferences', { items: [{ kind: 'task_assigned', email: true }] })).statusCode).toBe(200);

    const dueAt = new Date('2026-03-06T09:00:00Z');
    for (const assigneeId of [wantsMail.id, noPreference.id]) {
      await t.database.db.transaction((tx) => createTask(tx, t.app.deps, { title: '月度回访', assigneeId, dueAt, ruleKey: 'return_visit' }));
    }
    // Nothing is sent inside the business transaction.
    expect(sent).toHaveLength(0);

    const [run] = await runDueJobs(t.app.deps, t.clock.now(), { only: ['notification_email'] });
    expect(run?.jobKey).toBe('notification_email');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'zhang@example.com', from: '招商平台 <crm@example.com>', subject: '【招商客户管理平台】新待办：月度回访' });
    expect(sent[0]!.text).toContain('https://crm.example.com/tasks?id=');
    expect(sent.some((m) => m.to === 'li@example.com')).toBe(false);

    // The next tick sends nothing again.
    t.clock.advance(60_000);
    await runDueJobs(t.app.deps, t.clock.now(), { only: ['notification_email'] });
    expect(sent).toHaveLength(1);

    // Without SMTP the job is not scheduled at all, and e-mail is reported unavailable.
    const noSmtp = { ...t.app.deps, config: { ...t.app.deps.config, smtpUrl: undefined } };
    await t.database.db.transaction((tx) => createTask(tx, t.app.deps, { title: '再次回访', assigneeId: wantsMail.id, dueAt }));
    t.clock.advance(60_000);
    expect(await runDueJobs(noSmtp, t.clock.now(), { only: ['notification_email'] })).toHaveLength(0);
    expect(sent).toHaveLength(1);
  });
});
