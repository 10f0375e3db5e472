import { z } from 'zod';
import { moneyOutput } from '../../../platform/money';
import { pageOf, pageQuery } from '../../../platform/http/pagination';
import { periodInput } from '../bills/bills.schema';

const decimal = (label: string, places: number) =>
  z
    .union([z.string(), z.number()], `${label}应为数字`)
    .transform((value) => String(value).trim())
    .refine((value) => new RegExp(`^\\d{1,12}(\\.\\d{1,${places}})?$`).test(value), `${label}应为不小于 0、最多 ${places} 位小数的数字`);

export const createUsageBody = z.object({
  customerId: z.number('请选择客户').int().positive('请选择客户'),
  contractId: z.number().int().positive().nullish(),
  item: z.string('请选择收费项目').trim().min(1, '请选择收费项目').max(50),
  period: periodInput,
  meterCode: z.string().trim().max(40, '表号不超过 40 个字').nullish().describe('抄表计费时填写；同一客户同一表每月一条'),
  previousReading: decimal('上期读数', 2).nullish().describe('不填时取该表上月的本期读数'),
  currentReading: decimal('本期读数', 2).nullish(),
  multiplier: decimal('倍率', 4).nullish().describe('默认 1'),
  quantity: decimal('数量', 4).nullish().describe('不抄表时的用量，如吨数、次数'),
  unitPrice: decimal('单价', 4),
});
export type CreateUsageBody = z.infer<typeof createUsageBody>;

export const usageSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  contractId: z.number().int().nullable(),
  item: z.string(),
  itemName: z.string(),
  period: z.string(),
  meterCode: z.string().nullable(),
  previousReading: z.string().nullable(),
  currentReading: z.string().nullable(),
  multiplier: z.string().nullable(),
  quantity: z.string(),
  unitPrice: z.string(),
  amount: moneyOutput,
  explanation: z.string(),
  status: z.enum(['pending', 'billed', 'void']),
  billId: z.number().int().nullable(),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
});
export type Usage = z.infer<typeof usageSchema>;
export const usageListQuery = pageQuery.extend({
  customerId: z.coerce.number().int().positive().optional(),
  period: periodInput.optional(),
  status: z.enum(['pending', 'billed', 'void']).optional(),
});
export const usagePageSchema = pageOf(usageSchema);
export const voidUsageBody = z.object({ reason: z.string().trim().min(2, '请填写作废原因（至少 2 个字）').max(500) });
