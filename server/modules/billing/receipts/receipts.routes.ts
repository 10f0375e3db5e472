import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { moneyOutput } from '../../../platform/money';
import { customerAccount, reconcile } from './account.service';
import { confirmHandover, createHandover, listHandovers, rejectHandover } from './handovers.service';
import { allocateBody, createHandoverBody, customerAccountSchema, handoverListQuery, handoverSchema, receiptDetailSchema, receiptListQuery, receiptPageSchema, recordReceiptBody, rejectHandoverBody, reverseReceiptBody } from './receipts.schema';
import { allocateReceipt, getReceipt, listReceipts, recordReceipt, reverseReceipt } from './receipts.service';

const reconciliationSchema = z.object({
  checkedAt: z.string(),
  customers: z.number().int(),
  balanced: z.boolean(),
  totals: z.object({ billed: moneyOutput, received: moneyOutput, writtenOff: moneyOutput, receivable: moneyOutput, open: moneyOutput, credit: moneyOutput }),
  problems: z.array(z.object({ customerId: z.number().int(), customerName: z.string(), problem: z.string() })),
});

/**
 * 收款 (R-BIL-05, 06, 09): recording, applying and reversing receipts needs billing:write, which
 * sales roles never hold; everyone who sees a customer's bills may register field collections.
 */
export function receiptsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['收款'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/receipts', { config: read, schema: { tags, summary: '收款列表（含合计）', querystring: receiptListQuery, response: { 200: receiptPageSchema, ...problemResponses } } }, async (request) => listReceipts(deps, contextOf(request), request.query));
  app.post(
    '/api/v1/receipts',
    {
      config: { permission: 'billing:write' },
      schema: {
        tags,
        summary: '登记收款（财务）',
        description: '不指定 allocations 时按到期日从早到晚核销未结清账单；指定时只核销所列账单与金额。未核销部分为客户预收。单张账单核销额不能超过其未收金额，合计不能超过收款金额，否则 422 且不保存。',
        body: recordReceiptBody,
        response: { 201: receiptDetailSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await recordReceipt(deps, contextOf(request), request.body)),
  );
  app.get('/api/v1/receipts/:id', { config: read, schema: { tags, summary: '收款详情与核销', params: idParams(), response: { 200: receiptDetailSchema, ...problemResponses } } }, async (request) => getReceipt(deps, contextOf(request), request.params.id));
  app.post(
    '/api/v1/receipts/:id/allocate',
    { config: read, schema: { tags, summary: '核销预收（财务）：把收款未核销部分用于未结清账单', params: idParams(), body: allocateBody, response: { 200: receiptDetailSchema, ...problemResponses } } },
    async (request) => allocateReceipt(deps, contextOf(request), request.params.id, request.body.allocations),
  );
  app.post(
    '/api/v1/receipts/:id/reverse',
    { config: read, schema: { tags, summary: '退票冲销（财务）：支票或转账被退回，重新打开其核销的账单', params: idParams(), body: reverseReceiptBody, response: { 200: receiptDetailSchema, ...problemResponses } } },
    async (request) => reverseReceipt(deps, contextOf(request), request.params.id, request.body),
  );
  app.get('/api/v1/receipt-handovers', { config: read, schema: { tags, summary: '现场收款移交', querystring: handoverListQuery, response: { 200: z.array(handoverSchema), ...problemResponses } } }, async (request) => listHandovers(deps, contextOf(request), request.query));
  app.post(
    '/api/v1/receipt-handovers',
    { config: read, schema: { tags, summary: '登记现场收取的款项（待财务确认）', body: createHandoverBody, response: { 201: handoverSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createHandover(deps, contextOf(request), request.body)),
  );
  app.post('/api/v1/receipt-handovers/:id/confirm', { config: read, schema: { tags, summary: '确认移交为收款（财务）', params: idParams(), response: { 200: handoverSchema, ...problemResponses } } }, async (request) =>
    confirmHandover(deps, contextOf(request), request.params.id),
  );
  app.post(
    '/api/v1/receipt-handovers/:id/reject',
    { config: read, schema: { tags, summary: '退回移交（财务，须填原因）', params: idParams(), body: rejectHandoverBody, response: { 200: handoverSchema, ...problemResponses } } },
    async (request) => rejectHandover(deps, contextOf(request), request.params.id, request.body.reason),
  );
  app.get('/api/v1/customers/:id/account', { config: read, schema: { tags, summary: '客户往来：已出账、已收、应收余额、预收、逾期与保证金', params: idParams(), response: { 200: customerAccountSchema, ...problemResponses } } }, async (request) =>
    customerAccount(deps, contextOf(request), request.params.id),
  );
  app.get('/api/v1/billing/reconciliation', { config: read, schema: { tags, summary: '对账检查：应收 = 已出账 − 已收 − 核销，逐客户核对', response: { 200: reconciliationSchema, ...problemResponses } } }, async (request) =>
    reconcile(deps, contextOf(request)),
  );
}
