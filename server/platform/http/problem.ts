import { z } from 'zod';

/** application/problem+json (RFC 9457) with our stable code and per-field errors (R-PLT-61). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    reason: z.string().describe('稳定的机器原因码，如 pool.already_claimed；客户端据此判断与翻译，不要匹配中文文字'),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
