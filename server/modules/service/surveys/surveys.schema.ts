import { z } from 'zod';

// 满意度调查 (R-SVC-22): questions of four kinds and the answers they take.

export const questionKinds = ['single', 'multiple', 'rating', 'text'] as const;
export const surveyQuestion = z
  .object({
    id: z.string().regex(/^q\d{1,3}$/, '题目编号形如 q1'),
    kind: z.enum(questionKinds, '题型应为 single（单选）、multiple（多选）、rating（1–5 评分）或 text（文字）'),
    text: z.string().trim().min(2, '请填写题目（至少 2 个字）').max(200, '题目不超过 200 个字'),
    options: z.array(z.string().trim().min(1, '选项不能为空').max(100)).max(10, '最多 10 个选项').default([]),
    required: z.boolean().default(true),
  })
  .superRefine((q, ctx) => {
    if ((q.kind === 'single' || q.kind === 'multiple') && q.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: '选择题至少要有 2 个选项' });
    if (new Set(q.options).size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: '选项不能重复' });
  });
export type SurveyQuestion = z.infer<typeof surveyQuestion>;
export type SurveyAnswers = Record<string, string | string[] | number>;

export const surveyBody = z
  .object({
    title: z.string().trim().min(2, '请填写问卷标题').max(100),
    description: z.string().trim().max(1000).nullish(),
    questions: z.array(surveyQuestion).min(1, '至少要有 1 道题').max(30, '最多 30 道题'),
  })
  .superRefine((body, ctx) => {
    const ids = body.questions.map((q) => q.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: '题目编号不能重复' });
  });

export const inviteBody = z.object({
  customerIds: z.array(z.number().int().positive().max(2_147_483_647, '编号超出范围')).min(1, '请选择客户').max(200, '一次最多 200 个客户'),
  contactName: z.string().trim().max(50).nullish(),
  expiresInDays: z.number().int().min(1, '有效期 1–60 天').max(60, '有效期 1–60 天').default(14),
});
export const answerBody = z.object({ answers: z.record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(100)).max(10), z.number()])) });

export const publicSurveySchema = z.object({
  title: z.string(),
  description: z.string().nullable(),
  questions: z.array(z.object({ id: z.string(), kind: z.enum(questionKinds), text: z.string(), options: z.array(z.string()), required: z.boolean() })),
});
export const surveySchema = publicSurveySchema.extend({
  id: z.number().int(),
  status: z.enum(['draft', 'active', 'closed']),
  invited: z.number().int(),
  answered: z.number().int(),
  createdAt: z.string(),
});
export const invitationSchema = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string(),
  contactName: z.string().nullable(),
  sentAt: z.string(),
  expiresAt: z.string(),
  answeredAt: z.string().nullable(),
  answeredVia: z.enum(['link', 'staff']).nullable(),
  /** Only in the answer to the invitation request: the link is shown once. */
  link: z.string().optional(),
});
export const resultsSchema = z.object({
  answered: z.number().int(),
  invited: z.number().int(),
  questions: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      kind: z.enum(questionKinds),
      answers: z.number().int(),
      options: z.array(z.object({ option: z.string(), count: z.number().int() })),
      average: z.number().nullable(),
      texts: z.array(z.string()),
    }),
  ),
  byUnit: z.array(z.object({ unitId: z.number().int(), unitName: z.string(), invited: z.number().int(), answered: z.number().int(), averageRating: z.number().nullable() })),
});
