import { localized } from '../http/request-language';
import { and, count, desc, eq, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import { requireActor, type RequestContext } from '../access/access';
import { recordAudit } from '../audit/audit.service';
import type { Clock } from '../clock';
import type { DbOrTx } from '../db/client';
import { selectPage } from '../db/paging';
import { preparedFor, sortShape } from '../db/prepared';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { orderByFrom } from '../http/pagination';
import type { JobContext } from '../jobs/jobs.registry';
import { users } from '../org/org.table';
import { emailEnabled, mailTransport } from './mailer';
import type { ListNotificationsQuery, Notification, NotificationPreferences, UpdatePreferencesBody } from './notifications.schema';
import { notificationPreferences, notifications } from './notifications.table';

export interface NotifyInput {
  userId: number;
  /** task_assigned | task_escalated | approval_pending | approval_decided | … */
  kind: string;
  title: string;
  body?: string;
  /** In-app path to open, e.g. `/approvals/12`. */
  link?: string;
}

/** Creates an in-app notification inside the caller's transaction (R-PLT-31). */
export async function notify(tx: DbOrTx, clock: Clock, input: NotifyInput): Promise<void> {
  await tx.insert(notifications).values({
    userId: input.userId,
    kind: input.kind,
    title: input.title,
    body: input.body ?? '',
    link: input.link ?? null,
    createdAt: clock.now(),
  });
}

// ── kinds (the rows of the e-mail preference list) ──────────────────────────

const kinds = new Map<string, { label: string; labelEn?: string }>([
  ['task_assigned', { label: '新待办', labelEn: 'New task' }],
  ['task_escalated', { label: '待办逾期与升级', labelEn: 'Overdue and escalated tasks' }],
  ['task_cancelled', { label: '待办被取消', labelEn: 'Task cancelled' }],
  ['approval_pending', { label: '待我审批', labelEn: 'Awaiting my approval' }],
  ['approval_decided', { label: '审批结果', labelEn: 'Approval decisions' }],
]);

/** Installs a module's notification kind (from its manifest) so users can choose e-mail for it. */
export function registerNotificationKind(kind: string, label: string, labelEn?: string): void {
  kinds.set(kind, { label, labelEn });
}

/** The kind's name in the request's language; the code when unknown. */
export function notificationKindLabel(kind: string): string {
  const found = kinds.get(kind);
  return found ? localized(found.label, found.labelEn) : kind;
}

export function notificationKinds(): { kind: string; label: string }[] {
  return [...kinds.keys()].map((kind) => ({ kind, label: notificationKindLabel(kind) }));
}

// ── my notifications ───────────────────────────────────────────────────────

type NotificationRow = typeof notifications.$inferSelect;

function toNotification(row: NotificationRow): Notification {
  return {
    id: Number(row.id),
    kind: row.kind,
    kindLabel: notificationKindLabel(row.kind),
    title: row.title,
    body: row.body,
    link: row.link,
    read: row.readAt !== null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listMyNotifications(deps: Deps, ctx: RequestContext, query: ListNotificationsQuery) {
  const actor = requireActor(ctx);
  // The page is a prepared query per shape (db/prepared.ts); the count is built with the value.
  const where = (userId: SQLWrapper | number) =>
    and(eq(notifications.userId, userId), query.unread === 'true' ? isNull(notifications.readAt) : query.unread === 'false' ? sql`${notifications.readAt} IS NOT NULL` : undefined);
  const orderBy = orderByFrom(query.sort, { createdAt: notifications.createdAt, id: notifications.id }, desc(notifications.id));
  const shape = ['notifications.list', query.unread ?? '', sortShape(query.sort)].join('|');
  const page = preparedFor(deps.db, shape, (name) =>
    deps.db
      .select()
      .from(notifications)
      .where(where(sql.placeholder('userId')))
      .orderBy(...orderBy)
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(name),
  );
  const { rows: rows, ...counted } = await selectPage(deps.db, query, {
    rows: (limit, offset) => page.execute({ userId: actor.userId, limit, offset }),
    matching: deps.db.select({ one: sql`1` }).from(notifications).where(where(actor.userId)).$dynamic(),
  });
  return { items: rows.map(toNotification), ...counted, };
}

/** For the bell (铃铛) badge, asked by every page: a prepared query. */
export async function countUnread(deps: Deps, ctx: RequestContext): Promise<{ count: number }> {
  const actor = requireActor(ctx);
  const unread = preparedFor(deps.db, 'notifications.unread', (name) =>
    deps.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
      .prepare(name),
  );
  const [row] = await unread.execute({ userId: actor.userId });
  return { count: Number(row?.n ?? 0) };
}

export async function markNotificationRead(deps: Deps, ctx: RequestContext, id: number): Promise<Notification> {
  const actor = requireActor(ctx);
  const mine = and(eq(notifications.id, id), eq(notifications.userId, actor.userId));
  await deps.db
    .update(notifications)
    .set({ readAt: deps.clock.now() })
    .where(and(mine, isNull(notifications.readAt)));
  const [row] = await deps.db.select().from(notifications).where(mine);
  if (!row) throw new AppError('NOT_FOUND', '通知不存在或无权查看');
  return toNotification(row);
}

export async function markAllNotificationsRead(deps: Deps, ctx: RequestContext): Promise<{ updated: number }> {
  const actor = requireActor(ctx);
  const rows = await deps.db
    .update(notifications)
    .set({ readAt: deps.clock.now() })
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}

// ── e-mail preferences ──────────────────────────────────────────────────────

export async function getNotificationPreferences(deps: Deps, ctx: RequestContext): Promise<NotificationPreferences> {
  const actor = requireActor(ctx);
  const [rows, [user]] = await Promise.all([
    deps.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.userId)),
    deps.db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId)),
  ]);
  const chosen = new Map(rows.map((row) => [row.kind, row.email]));
  return {
    emailAvailable: emailEnabled(deps.config),
    emailAddress: user?.email ?? null,
    items: notificationKinds().map(({ kind, label }) => ({ kind, label, email: chosen.get(kind) ?? false })),
  };
}

/** Which kinds also go by e-mail (R-PLT-31); kinds not listed keep their setting. */
export async function updateNotificationPreferences(deps: Deps, ctx: RequestContext, body: UpdatePreferencesBody): Promise<NotificationPreferences> {
  const actor = requireActor(ctx);
  const fields = body.items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => !kinds.has(item.kind))
    .map(({ item, index }) => ({ field: `items.${index}.kind`, message: `未知的通知类型 ${item.kind}` }));
  if (fields.length) throw new AppError('VALIDATION_FAILED', fields[0]!.message, fields);
  const unique = new Map(body.items.map((item) => [item.kind, item.email]));
  if (unique.size) {
    await deps.db.transaction(async (tx) => {
      const before = new Map(
        (await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.userId))).map((r) => [r.kind, r.email]),
      );
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const [kind, email] of unique) {
        await tx
          .insert(notificationPreferences)
          .values({ userId: actor.userId, kind, email })
          .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { email } });
        const previous = before.get(kind) ?? false;
        if (previous !== email) changes[kind] = { before: previous, after: email };
      }
      if (Object.keys(changes).length) {
        await recordAudit(tx, deps.clock, ctx, {
          action: 'update',
          entityType: 'notification_preference',
          entityId: actor.userId,
          summary: '修改通知邮件偏好',
          changes,
        });
      }
    });
  }
  return getNotificationPreferences(deps, ctx);
}

// ── e-mail delivery (after commit, from the notification_email job) ────────

/** Notifications older than this are never mailed (e.g. when a preference is switched on later). */
export const EMAIL_WINDOW_HOURS = 24;
const EMAIL_BATCH = 200;

/**
 * Sends the notifications whose user chose e-mail for their kind and that were not mailed yet.
 * Each notification is claimed (emailed_at set) before sending and released again if sending
 * fails, so a retry never sends one twice and a failure is retried next run.
 */
export async function sendPendingNotificationEmails(deps: Deps, job?: Pick<JobContext, 'progress'>) {
  const transport = mailTransport(deps.config);
  if (!emailEnabled(deps.config) || !transport) {
    await job?.progress(0, 0, '未配置 SMTP（SMTP_URL），邮件通知已关闭');
    return { sent: 0, failed: 0, skipped: 'SMTP 未配置' };
  }
  const now = deps.clock.now();
  const since = new Date(now.getTime() - EMAIL_WINDOW_HOURS * 3_600_000);
  const pending = await deps.db
    .select({ notification: notifications, email: users.email })
    .from(notificationPreferences)
    .innerJoin(
      notifications,
      and(eq(notifications.userId, notificationPreferences.userId), eq(notifications.kind, notificationPreferences.kind)),
    )
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      and(
        eq(notificationPreferences.email, true),
        isNull(notifications.emailedAt),
        sql`${notifications.createdAt} > ${since}`,
        sql`coalesce(${users.email}, '') <> ''`,
        eq(users.status, 'active'),
      ),
    )
    .orderBy(notifications.id)
    .limit(EMAIL_BATCH);
  await job?.progress(0, pending.length, `待发送 ${pending.length} 封`);
  let sent = 0;
  let failed = 0;
  const errors: string[] = [];
  for (const { notification, email } of pending) {
    const [claimed] = await deps.db
      .update(notifications)
      .set({ emailedAt: deps.clock.now() })
      .where(and(eq(notifications.id, notification.id), isNull(notifications.emailedAt)))
      .returning({ id: notifications.id });
    if (!claimed) continue;
    const link = notification.link ? (deps.config.publicUrl ? `${deps.config.publicUrl}${notification.link}` : notification.link) : '';
    try {
      await transport.send({
        from: deps.config.smtpFrom,
        to: email!,
        subject: `【招商客户管理平台】${notification.title}`,
        text: [
          notification.title,
          ...(notification.body ? [notification.body] : []),
          ...(link ? [`查看：${link}`] : []),
          '',
          '—— 此邮件由系统自动发送，请勿回复。可在“通知”页面关闭邮件提醒。',
        ].join('\n'),
      });
      sent++;
    } catch (error) {
      failed++;
      if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
      await deps.db.update(notifications).set({ emailedAt: null }).where(eq(notifications.id, notification.id));
    }
    await job?.progress(sent + failed, pending.length, `已发送 ${sent} 封${failed ? `，失败 ${failed} 封` : ''}`);
  }
  if (failed && !sent) throw new Error(`邮件发送失败 ${failed} 封：${errors.join('；')}`);
  return { sent, failed, ...(errors.length ? { errors } : {}) };
}
