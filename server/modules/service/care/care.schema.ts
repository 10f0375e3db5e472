import { z } from 'zod';
import { isoDate } from '../../../platform/calendar/calendar.schema';
import { moneyInput, optionalMoneyInput } from '../../../platform/money';

// 客户关怀 (R-SVC-23).

export const careKinds = ['birthday', 'festival', 'december', 'new_business'] as const;
export const careKindNames = { birthday: '生日关怀', festival: '节日关怀', december: '年末关怀', new_business: '新业务优先告知' } as const;
export const careStatuses = ['planned', 'done', 'skipped'] as const;

const text = (label: string, min: number, max: number) => z.string().trim().min(min, `请填写${label}（至少 ${min} 个字）`).max(max, `${label}不超过 ${max} 个字`);

export const listCareQuery = z.object({ from: isoDate, to: isoDate, mine: z.enum(['true', 'false']).optional() });
export const giftRequestBody = z.object({ gift: text('礼品', 2, 200), budget: moneyInput({ label: '礼品预算', positive: true, integerDigits: 10 }), reason: text('申请理由', 2, 500) });
export const doneBody = z.object({
  outcome: text('关怀情况', 4, 2000),
  actualCost: optionalMoneyInput({ label: '实际花费', integerDigits: 10 }).describe('送了礼品时填写；不得超过批准的预算'),
  needs: z.string().trim().max(4000, '明年需求不超过 4000 个字').nullish().describe('年末关怀必填：客户明年的业务需求'),
});
export const skipBody = z.object({ reason: text('不执行的原因', 2, 500) });
export const newBusinessBody = z.object({
  customerId: z.number('请选择客户').int().positive('请选择客户').max(2_147_483_647, '编号超出范围'),
  notifiedOn: isoDate,
  title: text('新业务', 2, 100),
  outcome: text('告知内容与客户反馈', 4, 2000),
});

export const careActionSchema = z.object({
  id: z.number(),
  customerId: z.number(),
  customerName: z.string(),
  kind: z.enum(careKinds),
  kindName: z.string(),
  title: z.string(),
  occasionDate: z.string(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  status: z.enum(careStatuses),
  gift: z.string().nullable(),
  budget: z.string().nullable(),
  budgetStatus: z.enum(['none', 'pending', 'approved', 'rejected']),
  approvalId: z.number().nullable(),
  actualCost: z.string().nullable(),
  outcome: z.string().nullable(),
  needs: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneByName: z.string().nullable(),
});
export type CareAction = z.infer<typeof careActionSchema>;
