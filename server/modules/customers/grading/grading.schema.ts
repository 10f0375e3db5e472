import { z } from 'zod';
import { idParams, pageQuery } from '../../../platform/http/pagination';
import { moneyInput } from '../../../platform/money';

// Request and response shapes of classification & grading (R-CUS-20…23).

const unitId = z.coerce.number().int().min(1).max(2_147_483_647);
export const unitIdParam = z.object({ unitId });
export const tierCodeParam = z.object({
  code: z
    .string()
    .max(32)
    .regex(/^[a-z][a-z0-9_]{1,31}$/, '档次代码为 2–32 位小写字母、数字或下划线，以字母开头'),
});
export const revenueParams = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  month: z
    .string()
    .max(10)
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM，例如 2026-02'),
});
export const customerIdParam = idParams();

// ── tiers ──────────────────────────────────────────────────────────────────

export const gradeTierSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    minAnnualRevenue: z.string().describe('年收入门槛（元，未乘系数）'),
    sortOrder: z.number().int(),
    customerCount: z.number().int().describe('当前为该等级的客户数'),
  })
  .meta({ id: 'CustomerGradeTier' });
export type GradeTier = z.infer<typeof gradeTierSchema>;

export const createTierBody = z.object({
  code: tierCodeParam.shape.code,
  name: z.string().trim().min(1, '请填写档次名称').max(20, '档次名称最多 20 个字'),
  minAnnualRevenue: moneyInput({ label: '年收入门槛' }),
  sortOrder: z.number().int().min(0).max(1000).default(0),
});
export type CreateTierBody = z.infer<typeof createTierBody>;

export const updateTierBody = z.object({
  name: createTierBody.shape.name.optional(),
  minAnnualRevenue: moneyInput({ label: '年收入门槛' }).optional(),
  sortOrder: z.number().int().min(0).max(1000).optional(),
});
export type UpdateTierBody = z.infer<typeof updateTierBody>;

// ── unit settings ──────────────────────────────────────────────────────────

export const gradingMethods = ['revenue', 'quota'] as const;

export const unitGradingSettingSchema = z
  .object({
    unitId: z.number().int(),
    unitName: z.string(),
    method: z.enum(gradingMethods),
    coefficient: z.number().describe('门槛系数 0.50–1.50'),
    topN: z.number().int(),
    /** The unit the values come from (itself, an ancestor), or null for the defaults. */
    sourceUnitId: z.number().int().nullable(),
    sourceUnitName: z.string().nullable(),
    inherited: z.boolean(),
    canEdit: z.boolean(),
  })
  .meta({ id: 'UnitGradingSetting' });
export type UnitGradingSetting = z.infer<typeof unitGradingSettingSchema>;

export const updateUnitSettingBody = z.object({
  method: z.enum(gradingMethods),
  coefficient: z
    .number()
    .min(0.5, '系数应在 0.50 到 1.50 之间')
    .max(1.5, '系数应在 0.50 到 1.50 之间')
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, '系数最多两位小数'),
  topN: z.number().int().min(1, '重点客户数量至少为 1').max(1000, '重点客户数量最多 1000'),
});
export type UpdateUnitSettingBody = z.infer<typeof updateUnitSettingBody>;

// ── regrading ──────────────────────────────────────────────────────────────

export const regradeBody = z.object({
  unitId: unitId.optional().describe('只重新分级该单位及下级的客户；不填为全部'),
});
export const regradeRunSchema = z
  .object({
    runId: z.number().int(),
    status: z.enum(['running', 'succeeded', 'failed']),
    progress: z.number().int(),
    total: z.number().int().nullable(),
    message: z.string(),
  })
  .meta({ id: 'CustomerRegradeRun' });
export type RegradeRun = z.infer<typeof regradeRunSchema>;

// ── per customer ───────────────────────────────────────────────────────────

export const changeGradeBody = z.object({
  grade: z
    .string()
    .max(32)
    .regex(/^[a-z][a-z0-9_]{1,31}$/, '请选择等级'),
  reason: z.string().trim().min(1, '请填写调整原因').max(500, '原因最多 500 个字'),
  serious: z.boolean().default(false).describe('因严重问题降级（须在评估后 5 天内执行）'),
  evaluatedAt: z
    .string()
    .max(10)
    .regex(/^\d{4}-\d{2}-\d{2}$/, '评估日期格式应为 YYYY-MM-DD')
    .optional()
    .describe('严重问题的评估日期（serious 时必填）'),
});
export type ChangeGradeBody = z.infer<typeof changeGradeBody>;

export const gradeChangeSchema = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    fromGrade: z.string().nullable(),
    fromGradeName: z.string().nullable(),
    toGrade: z.string().nullable(),
    toGradeName: z.string().nullable(),
    reason: z.string(),
    method: z.string().describe('revenue | quota | manual | serious'),
    evaluatedAt: z.string().nullable(),
    changedById: z.number().int().nullable(),
    changedByName: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'CustomerGradeChange' });
export type GradeChange = z.infer<typeof gradeChangeSchema>;

export const gradeChangesQuery = pageQuery.pick({ page: true, pageSize: true });

export const gradeOptionSchema = z.object({ code: z.string(), name: z.string() });

export const customerGradingSchema = z
  .object({
    customerId: z.number().int(),
    unitId: z.number().int(),
    grade: z.string().nullable(),
    gradeName: z.string().nullable(),
    gradedAt: z.string().nullable(),
    method: z.enum(gradingMethods),
    coefficient: z.number(),
    /** The grade the rules give today (before the next regrading writes it). */
    computedGrade: z.string(),
    computedGradeName: z.string(),
    rollingRevenue: z.string(),
    window: z.object({ from: z.string(), to: z.string() }),
    months: z.array(z.object({ month: z.string(), amount: z.string() })),
    grades: z.array(gradeOptionSchema).describe('该单位分级方式下可选的等级，高到低'),
    quota: z
      .object({ total: z.number().int(), vip: z.number().int(), preferred: z.number().int(), vipUsed: z.number().int(), preferredUsed: z.number().int() })
      .nullable(),
  })
  .meta({ id: 'CustomerGrading' });
export type CustomerGrading = z.infer<typeof customerGradingSchema>;

export const recordRevenueBody = z.object({ amount: moneyInput({ label: '月收入' }) });
export const revenueSchema = z
  .object({ customerId: z.number().int(), month: z.string(), amount: z.string() })
  .meta({ id: 'CustomerRevenueMonth' });

// ── monitor and distribution ───────────────────────────────────────────────

export const topQuery = z.object({
  unitId: unitId.optional().describe('默认为本人所在单位'),
  n: z.coerce.number().int().min(1).max(1000).optional().describe('默认取单位设置（100）'),
});

export const topCustomerSchema = z.object({
  rank: z.number().int(),
  customerId: z.number().int(),
  code: z.string(),
  name: z.string(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  unitId: z.number().int(),
  unitName: z.string(),
  grade: z.string().nullable(),
  gradeName: z.string().nullable(),
  revenue: z.string(),
  monthly: z.array(z.string()).describe('与 months 对应的各月收入'),
});
export const topCustomersSchema = z
  .object({
    unitId: z.number().int(),
    unitName: z.string(),
    n: z.number().int(),
    window: z.object({ from: z.string(), to: z.string() }),
    months: z.array(z.string()),
    items: z.array(topCustomerSchema),
  })
  .meta({ id: 'TopCustomers' });
export type TopCustomers = z.infer<typeof topCustomersSchema>;

export const distributionQuery = z.object({ unitId: unitId.optional().describe('默认为全部可见客户') });
const bucket = z.object({ code: z.string().nullable(), name: z.string(), count: z.number().int() });
export const distributionSchema = z
  .object({
    total: z.number().int(),
    byGrade: z.array(bucket),
    dimensions: z.array(z.object({ key: z.string(), name: z.string(), buckets: z.array(bucket) })),
  })
  .meta({ id: 'CustomerDistribution' });
export type Distribution = z.infer<typeof distributionSchema>;
