import { z } from 'zod';
import { resetPolicies } from './number-format';

const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

export const numberRuleSchema = z
  .object({
    id: z.number().int(),
    docType: z.string(),
    name: z.string(),
    pattern: z.string(),
    reset: z.enum(resetPolicies),
    /** Whether any number was issued under this rule (then reset and unit scope are fixed). */
    issued: z.boolean(),
    /** The next number for the signed-in user's unit, not consumed. */
    nextPreview: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NumberRule' });
export type NumberRule = z.infer<typeof numberRuleSchema>;

const pattern = z.string().trim().min(1, '请填写编号格式').max(60, '编号格式不能超过 60 个字符');
const unitCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,20}$/, '单位编码只能包含字母、数字、下划线和连字符，最多 20 位');

export const updateNumberRuleBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, '不能为空')
    .max(40, '不能超过 40 个字符')
    .refine(noControlCharacters, '名称不能包含控制字符')
    .optional(),
  pattern: pattern.optional(),
  reset: z.enum(resetPolicies, '重置周期应为 never（不重置）、yearly（每年）或 monthly（每月）').optional(),
});
export type UpdateNumberRuleBody = z.infer<typeof updateNumberRuleBody>;

export const previewNumberBody = z.object({
  pattern: pattern.optional().describe('待保存的编号格式；不填用当前规则'),
  reset: z.enum(resetPolicies).optional(),
  unitCode: unitCode.optional().describe('单位编码；不填用当前用户所在单位'),
});
export type PreviewNumberBody = z.infer<typeof previewNumberBody>;

export const numberPreviewSchema = z
  .object({
    pattern: z.string(),
    reset: z.enum(resetPolicies),
    unitCode: z.string(),
    periodKey: z.string(),
    /** The counter's current value for this period and unit (0 before the first number). */
    lastValue: z.number().int(),
    next: z.string(),
  })
  .meta({ id: 'NumberPreview' });
export type NumberPreview = z.infer<typeof numberPreviewSchema>;
