import { eq } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import type { Deps } from '../../../platform/deps';
import { AppError, fieldError } from '../../../platform/errors';
import { MOBILE_PATTERN, addTimelineEvent, createCustomerBody, customerCreateError, insertPreparedCustomer, prepareCustomer, type CreateCustomerBody } from '../../customers';
import { recordValidFollowUp } from '../follow-up';
import { toRecords, visibleReception, type ReceptionRow } from './reception.queries';
import type { ConvertReceptionBody, ReceptionRecord } from './reception.schema';
import { receptionRecords } from './reception.table';

// R-DEV-40: a new prospect becomes a customer record in one step — 查重 included, the receiver
// becomes the owner, the contact comes from the record, and the record is linked, all in one
// transaction.

function refuseConverted(row: ReceptionRow): void {
  if (row.convertedCustomerId !== null) throw new AppError('CONFLICT', '该登记已转为客户，不能重复转换', { reason: 'reception.already_converted' });
  if (row.customerId !== null) throw new AppError('CONFLICT', '该登记关联的是已有客户，无需转为客户', { reason: 'reception.has_customer' });
}

/** The customer creation request built from the record and the desk's additions. */
function customerBodyOf(row: ReceptionRow, body: ConvertReceptionBody): CreateCustomerBody {
  const name = body.name ?? row.prospectName ?? row.contactName;
  if (!name) {
    const message = '请填写客户名称';
    throw fieldError('name', message);
  }
  const contactName = row.contactName ?? (body.kind === 'individual' ? name : null);
  const contact = contactName
    ? [
        {
          name: contactName,
          ...(row.contactPhone && MOBILE_PATTERN.test(row.contactPhone) ? { mobile: row.contactPhone } : { phone: row.contactPhone }),
          isPrimary: true,
        },
      ]
    : [];
  const parsed = createCustomerBody.safeParse({
    kind: body.kind,
    name,
    shortName: body.shortName,
    uscc: body.kind === 'individual' ? null : body.uscc,
    industryCode: body.industryCode,
    natureCode: body.natureCode,
    sourceCode: row.sourceCode,
    phone: contact.length ? null : row.contactPhone,
    ownerId: row.receiverId,
    contacts: contact,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'name', message: issue.message }));
    throw new AppError('VALIDATION_FAILED', fields[0]?.message, fields);
  }
  return parsed.data;
}

export async function convertReception(deps: Deps, ctx: RequestContext, id: number, body: ConvertReceptionBody): Promise<ReceptionRecord & { convertedCustomerName: string }> {
  const actor = requirePermission(ctx.actor, 'reception:write');
  const row = await visibleReception(deps.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND', '登记记录不存在或无权查看');
  refuseConverted(row);
  const prepared = await prepareCustomer(deps, ctx, customerBodyOf(row, body));
  try {
    return await deps.db.transaction(async (tx) => {
      const locked = await visibleReception(tx, actor, id, { forUpdate: true });
      if (!locked) throw new AppError('NOT_FOUND', '登记记录不存在或无权查看');
      refuseConverted(locked);
      const customer = await insertPreparedCustomer(tx, deps, ctx, prepared);
      const [after] = await tx
        .update(receptionRecords)
        .set({ customerId: customer.id, convertedCustomerId: customer.id })
        .where(eq(receptionRecords.id, id))
        .returning();
      await recordAudit(tx, deps.clock, ctx, {
        action: 'convert',
        entityType: 'reception_record',
        entityId: id,
        customerId: customer.id,
        summary: `来访登记 #${id} 转为客户「${customer.name}」（${customer.code}）`,
        changes: { convertedCustomerId: { before: null, after: customer.id } },
      });
      await addTimelineEvent(tx, deps.clock, {
        customerId: customer.id,
        type: 'reception',
        title: `由${locked.kind === 'call' ? '来电' : '来访'}登记转为客户${locked.summary ? `；${locked.summary}` : ''}`,
        detail: { recordId: id, kind: locked.kind, receiverId: locked.receiverId },
        actorId: actor.userId,
        link: `/development/reception?id=${id}`,
        sourceType: 'reception_record',
        sourceId: id,
        occurredAt: locked.timeIn,
      });
      // The reception was the owner's first contact with the customer (R-DEV-11).
      await recordValidFollowUp(tx, deps.clock, ctx, { customerId: customer.id, at: locked.timeIn });
      const [record] = await toRecords(tx, actor, [after!]);
      return { ...record!, convertedCustomerName: customer.name };
    });
  } catch (error) {
    throw await customerCreateError(deps, prepared, error);
  }
}
