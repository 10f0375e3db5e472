import { requirePermission, type Actor, type RequestContext } from '../../../platform/access/access';
import { canViewSensitive, maskText, maskValue } from '../../../platform/access/masking';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { userNamesOf } from '../../../platform/org/org.queries';
import { getVisibleCustomer } from '../access';
import { timelineSensitiveKeys } from '../sensitive';
import { readTimeline } from '../timeline';
import type { TimelinePage } from './dto';

// The customer's timeline as the API reads it (R-CUS-02), masked like the rest (R-PLT-04).

const CURSOR_PATTERN = /^(\d{1,15})-(\d{1,16})$/;
export const timelineCursorPattern = CURSOR_PATTERN;

/** Timeline details with sensitive keys (at any depth) and numbers in text masked (R-PLT-04). */
function maskTimelineDetail(actor: Actor, detail: Record<string, unknown>, depth = 0): Record<string, unknown> {
  if (canViewSensitive(actor) || depth > 8) return detail;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    const kind = timelineSensitiveKeys[key];
    if (typeof value === 'string') out[key] = kind ? maskValue(kind, value) : maskText(actor, value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) out[key] = maskTimelineDetail(actor, value as Record<string, unknown>, depth + 1);
    else out[key] = value;
  }
  return out;
}

/** One page of the customer's timeline (R-CUS-02), newest first; `before` is the previous page's `nextCursor`. */
export async function getCustomerTimeline(deps: Deps, ctx: RequestContext, id: number, query: { before?: string; limit: number }): Promise<TimelinePage> {
  const actor = requirePermission(ctx.actor, 'customer:read');
  await getVisibleCustomer(deps.db, actor, id);
  let before: { at: Date; id: number } | undefined;
  if (query.before) {
    const match = CURSOR_PATTERN.exec(query.before);
    const at = Number(match?.[1]);
    const eventId = Number(match?.[2]);
    if (!match || !Number.isSafeInteger(eventId) || at > 8.64e15) {
      throw new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新加载', [{ field: 'before', message: '分页游标无效' }]);
    }
    before = { at: new Date(at), id: eventId };
  }
  const rows = await readTimeline(deps.db, id, { limit: query.limit + 1, before });
  const page = rows.slice(0, query.limit);
  const names = await userNamesOf(deps.db, page.map((row) => row.actorId));
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      occurredAt: row.occurredAt.toISOString(),
      type: row.type,
      title: maskText(actor, row.title),
      detail: row.detail ? maskTimelineDetail(actor, row.detail) : null,
      actorId: row.actorId,
      actorName: row.actorId === null ? null : (names.get(row.actorId) ?? null),
      link: row.link,
      sourceType: row.sourceType,
      sourceId: row.sourceId,
    })),
    nextCursor: rows.length > query.limit && last ? `${last.occurredAt.getTime()}-${last.id}` : null,
  };
}
