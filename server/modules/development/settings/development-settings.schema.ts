import { z } from 'zod';

// 客户开发规则 (R-DEV-02, 11, 12, 22, 31, 50): the editable numbers of a unit, with Chinese range messages.

const days = (label: string, min: number, max: number) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}必须是整数`)
    .min(min, `${label}不能少于 ${min} 天`)
    .max(max, `${label}不能超过 ${max} 天`);
const limit = (label: string) => z.number({ error: `请填写${label}` }).int(`${label}必须是整数`).min(1, `${label}至少为 1`).max(100_000, `${label}不能超过 100000`);

export const developmentRulesBody = z
  .object({
    exclusiveDays: days('独家开发期', 1, 365),
    protectionDays: days('保护期', 1, 730),
    releaseDays: days('无跟进释放天数', 7, 730),
    releaseWarningDays: days('释放提前提醒天数', 0, 60),
    ownerLimits: z
      .record(z.string().trim().min(1).max(64), limit('角色客户上限'), { error: '角色客户上限格式不正确' })
      .default({})
      .refine((value) => Object.keys(value).length <= 50, '最多设置 50 个角色的客户上限'),
    defaultOwnerLimit: limit('名下客户上限'),
    opportunityFollowUpDays: days('商机跟进周期', 1, 365),
    visitReportDays: days('拜访报告期限', 1, 30),
    visitReportWorkdays: z.boolean({ error: '请选择拜访报告期限是否按工作日计算' }).default(false),
    visitsWithoutProgress: z.number({ error: '请填写无进展拜访次数' }).int('无进展拜访次数必须是整数').min(1, '无进展拜访次数至少为 1').max(50, '无进展拜访次数不能超过 50'),
    projectPreBreakthroughCap: z.number({ error: '请填写突破前费用上限' }).min(0, '突破前费用上限不能为负数').max(100_000_000, '突破前费用上限不能超过 1 亿元'),
    projectOverBudgetRate: z.number({ error: '请填写预算超支比例' }).min(0, '预算超支比例不能为负数').max(1, '预算超支比例不能超过 100%'),
  })
  .superRefine((value, context) => {
    if (value.releaseWarningDays >= value.releaseDays) {
      context.addIssue({ code: 'custom', path: ['releaseWarningDays'], message: '释放提前提醒天数必须小于无跟进释放天数' });
    }
  });
export type DevelopmentRulesBody = z.infer<typeof developmentRulesBody>;

export const settingsQuery = z.object({ unitId: z.coerce.number().int().min(1).max(2_147_483_647).optional().describe('默认为本人所在单位') });
export const unitIdParam = z.object({ unitId: z.coerce.number().int().min(1).max(2_147_483_647) });

export const developmentRulesSchema = z.object({
  exclusiveDays: z.number().int(),
  protectionDays: z.number().int(),
  releaseDays: z.number().int(),
  releaseWarningDays: z.number().int(),
  ownerLimits: z.record(z.string(), z.number().int()),
  defaultOwnerLimit: z.number().int(),
  opportunityFollowUpDays: z.number().int(),
  visitReportDays: z.number().int(),
  visitReportWorkdays: z.boolean(),
  visitsWithoutProgress: z.number().int(),
  projectPreBreakthroughCap: z.number(),
  projectOverBudgetRate: z.number(),
});

export const effectiveSettingsSchema = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  /** Where the rules come from: own = this unit's row, inherited = an ancestor's, default = shipped defaults. */
  source: z.enum(['own', 'inherited', 'default']),
  sourceUnitId: z.number().int().nullable(),
  sourceUnitName: z.string().nullable(),
  rules: developmentRulesSchema,
  defaults: developmentRulesSchema,
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
  canEdit: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type EffectiveSettings = z.infer<typeof effectiveSettingsSchema>;
