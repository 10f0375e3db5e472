import { z } from 'zod';
import { moneyOutput } from '../../../platform/money';
import { pageOf, pageQuery } from '../../../platform/http/pagination';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
export const periodInput = z.string().trim().regex(PERIOD, '账期应为年月，格式 YYYY-MM，如 2026-03');

export const billSettlements = ['unpaid', 'partial', 'paid', 'void'] as const;
export type BillSettlement = (typeof billSettlements)[number];
export const billSettlementNames: Record<BillSettlement, string> = { unpaid: '未收款', partial: '部分收款', paid: '已结清', void: '已作废' };

export const billSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  customerId: z.number().int(),
  customerName: z.string(),
  period: z.string().describe('账期 YYYY-MM'),
  issueDate: z.string(),
  dueDate: z.string().describe('最早到期日，账龄从此起算'),
  total: moneyOutput,
  paid: moneyOutput,
  writtenOff: moneyOutput,
  open: moneyOutput.describe('未收金额 = 金额 − 已收 − 核销'),
  settlement: z.enum(billSettlements),
  settlementName: z.string(),
  daysOverdue: z.number().int().describe('今天距到期日的天数（未结清时），未到期为 0'),
  voidReason: z.string().nullable(),
  voidedOn: z.string().nullable(),
  createdAt: z.string(),
});
export type Bill = z.infer<typeof billSchema>;

export const billLineSchema = z.object({
  id: z.number().int(),
  contractId: z.number().int().nullable(),
  contractNumber: z.string().nullable(),
  period: z.number().int().nullable().describe('合同账单计划的期次'),
  item: z.string(),
  itemName: z.string(),
  kind: z.enum(['schedule', 'adjustment', 'usage', 'late_fee', 'rebate']),
  lineStart: z.string().nullable(),
  lineEnd: z.string().nullable(),
  dueDate: z.string(),
  amount: moneyOutput,
  explanation: z.string().describe('计算说明（天数、单价、面积、规则），供财务手工核对'),
});

export const allocationSchema = z.object({
  id: z.number().int(),
  receiptId: z.number().int(),
  receiptNumber: z.string(),
  billId: z.number().int(),
  billNumber: z.string(),
  method: z.string(),
  amount: moneyOutput,
  allocatedOn: z.string(),
  reversedOn: z.string().nullable().describe('收款被退票冲销的日期'),
});
export type Allocation = z.infer<typeof allocationSchema>;

export const billDetailSchema = billSchema.extend({
  lines: z.array(billLineSchema),
  allocations: z.array(allocationSchema),
  invoice: z.object({ id: z.number().int(), status: z.string(), invoiceNumber: z.string().nullable() }).nullable().describe('开票情况（未作废的开票申请或发票）'),
  canVoid: z.boolean(),
});
export type BillDetail = z.infer<typeof billDetailSchema>;

export const billListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional().describe('账单编号或客户名称'),
  customerId: z.coerce.number().int().positive().optional(),
  period: periodInput.optional(),
  settlement: z.enum(['open', 'unpaid', 'partial', 'paid', 'void']).optional().describe('open = 未结清（未收款或部分收款）'),
  overdue: z.enum(['true', 'false']).optional().describe('true = 已过到期日且未结清'),
});
export type BillListQuery = z.infer<typeof billListQuery>;

export const billPageSchema = pageOf(billSchema).extend({
  sums: z.object({ total: moneyOutput, paid: moneyOutput, open: moneyOutput }).describe('全部匹配账单的合计（不止本页）'),
});

export const voidBillBody = z.object({ reason: z.string().trim().min(2, '请填写作废原因（至少 2 个字）').max(500, '作废原因不超过 500 个字') });

export const billingRunSchema = z.object({
  id: z.number().int(),
  period: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  customersTotal: z.number().int(),
  customersDone: z.number().int(),
  billsIssued: z.number().int(),
  amount: moneyOutput,
  error: z.string().nullable(),
  startedByName: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BillingRun = z.infer<typeof billingRunSchema>;
export const startRunBody = z.object({ period: periodInput });
