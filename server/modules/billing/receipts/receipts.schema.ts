import { z } from 'zod';
import { isValidIsoDate } from '../../../platform/dates';
import { pageOf, pageQuery } from '../../../platform/http/pagination';
import { moneyInput, moneyOutput } from '../../../platform/money';
import { allocationSchema } from '../bills/bills.schema';

export const receiptMethods = ['transfer', 'cash', 'cheque', 'deposit_offset'] as const;
export type ReceiptMethod = (typeof receiptMethods)[number];
export const receiptMethodNames: Record<ReceiptMethod, string> = { transfer: '银行转账', cash: '现金', cheque: '支票', deposit_offset: '保证金抵扣' };

const isoDate = (label: string) => z.string().refine(isValidIsoDate, `${label}应为有效日期，格式 YYYY-MM-DD`);
const allocationInput = z.object({ billId: z.number('请选择账单').int().positive('请选择账单'), amount: moneyInput({ label: '核销金额', positive: true }) });

export const recordReceiptBody = z.object({
  customerId: z.number('请选择客户').int().positive('请选择客户'),
  method: z.enum(receiptMethods, '收款方式应为 transfer（银行转账）、cash（现金）、cheque（支票）或 deposit_offset（保证金抵扣）'),
  amount: moneyInput({ label: '收款金额', positive: true }),
  receivedOn: isoDate('收款日期'),
  reference: z.string().trim().max(100, '流水号/票号不超过 100 个字').optional(),
  note: z.string().trim().max(500, '备注不超过 500 个字').optional(),
  /** Omitted: oldest due first. Given: exactly these bills and amounts; the rest is credit. */
  allocations: z.array(allocationInput).max(200, '一次最多核销 200 张账单').optional(),
});
export type RecordReceiptBody = z.infer<typeof recordReceiptBody>;

export const allocateBody = z.object({ allocations: z.array(allocationInput).max(200, '一次最多核销 200 张账单').optional() });
export const reverseReceiptBody = z.object({
  reason: z.string().trim().min(2, '请填写退票原因（至少 2 个字）').max(500, '退票原因不超过 500 个字'),
  reversedOn: isoDate('退票日期'),
});

export const receiptSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  method: z.enum(receiptMethods),
  methodName: z.string(),
  amount: moneyOutput,
  allocated: moneyOutput,
  refunded: moneyOutput.describe('经审批退还给客户的部分'),
  unallocated: moneyOutput.describe('未核销、未退还部分，即客户的预收余额'),
  receivedOn: z.string(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(['recorded', 'reversed']),
  reversedOn: z.string().nullable(),
  reverseReason: z.string().nullable(),
  handoverId: z.number().int().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type Receipt = z.infer<typeof receiptSchema>;
export const receiptDetailSchema = receiptSchema.extend({ allocations: z.array(allocationSchema), canReverse: z.boolean(), canAllocate: z.boolean() });
export type ReceiptDetail = z.infer<typeof receiptDetailSchema>;

export const receiptListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional().describe('收款单号、流水号或客户名称'),
  customerId: z.coerce.number().int().positive().optional(),
  method: z.enum(receiptMethods).optional(),
  status: z.enum(['recorded', 'reversed']).optional(),
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
});
export type ReceiptListQuery = z.infer<typeof receiptListQuery>;
export const receiptPageSchema = pageOf(receiptSchema).extend({ sums: z.object({ amount: moneyOutput, unallocated: moneyOutput }) });

export const handoverMethods = ['cash', 'cheque', 'transfer'] as const;
export const createHandoverBody = z.object({
  customerId: z.number('请选择客户').int().positive('请选择客户'),
  method: z.enum(handoverMethods, '收款方式应为 cash（现金）、cheque（支票）或 transfer（转账）'),
  amount: moneyInput({ label: '收取金额', positive: true }),
  collectedOn: isoDate('收取日期'),
  reference: z.string().trim().max(100, '票号不超过 100 个字').optional(),
  note: z.string().trim().max(500, '备注不超过 500 个字').optional(),
});
export const rejectHandoverBody = z.object({ reason: z.string().trim().min(2, '请填写退回原因（至少 2 个字）').max(500, '退回原因不超过 500 个字') });
export const handoverSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  method: z.enum(handoverMethods),
  methodName: z.string(),
  amount: moneyOutput,
  collectedOn: z.string(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(['pending', 'confirmed', 'rejected']),
  collectedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  receiptId: z.number().int().nullable(),
  /** Still pending after the day it was collected: finance should have confirmed it the same day. */
  overdue: z.boolean(),
  canDecide: z.boolean(),
  createdAt: z.string(),
});
export type Handover = z.infer<typeof handoverSchema>;
export const handoverListQuery = z.object({ status: z.enum(['pending', 'confirmed', 'rejected']).optional() });

export const customerAccountSchema = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  billed: moneyOutput.describe('已出账（不含作废）'),
  received: moneyOutput.describe('已收款（不含退票，扣除已退还的预收）'),
  writtenOff: moneyOutput,
  receivable: moneyOutput.describe('应收余额 = 已出账 − 已收款 − 核销；负数为预收'),
  open: moneyOutput.describe('未结清账单的未收合计'),
  credit: moneyOutput.describe('预收余额：未核销的收款与贷项账单'),
  overdue: moneyOutput.describe('已过到期日的未收合计'),
  depositHeld: moneyOutput.describe('已收保证金（账单中的保证金按先收计）减已抵扣'),
  creditStatus: z
    .object({
      status: z.enum(['ok', 'stopped', 'hold']).describe('ok 正常；stopped 已逾期，停止记欠业务；hold 逾期超过规定天数，信用冻结（不能签新合同、不能增加面积）'),
      daysOverdue: z.number().int(),
      overdueAmount: moneyOutput,
      holdDays: z.number().int(),
    })
    .describe('R-BIL-12 信用状态，按今天的未结清账单计算'),
});
export type CustomerAccount = z.infer<typeof customerAccountSchema>;
