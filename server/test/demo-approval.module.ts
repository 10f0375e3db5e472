import { z } from 'zod';
import { requireActor, type RequestContext } from '../platform/access/access';
import { flowStep, type ApprovalTypeDefinition } from '../platform/approvals/approval-types';
import { submitApproval } from '../platform/approvals/approval-submit';
import { loadDetail } from '../platform/approvals/approval-views';
import { approvalDetailSchema } from '../platform/approvals/approvals.schema';
import type { Deps } from '../platform/deps';
import { problemResponses } from '../platform/http/problem';
import { contextOf } from '../platform/http/types';
import type { ModuleManifest } from '../platform/manifests/manifest';

// 演示审批 — a test-only business type whose record is the approval itself, so the engine can be
// exercised end to end without any business module. Never part of the production API.

const demoData = z.object({
  amount: z
    .number('金额应为数字')
    .min(0, '金额不能为负数')
    .max(1_000_000_000_000, '金额过大')
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, '金额最多保留两位小数'),
  reason: z.string().trim().max(500, '申请事由不能超过 500 个字符').optional(),
});

const submitDemoBody = demoData.extend({ title: z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字符') });

export const demoApprovalType: ApprovalTypeDefinition = {
  type: 'demo',
  name: '演示审批',
  nameEn: 'Demo approval',
  defaultFlow: {
    name: '演示审批',
    description: '部门负责人审批；金额超过 50 万元（amount > 500000）还需总经理审批。',
    steps: [flowStep('部门负责人审批', 'unit_manager'), flowStep('总经理审批', 'gm', 'amount > 500000')],
  },
  dataSchema: demoData,
  onApproved: async () => {},
  onRejected: async () => {},
  describe: (instance) => {
    const amount = instance.data.amount;
    return { summary: typeof amount === 'number' ? `申请金额 ${amount.toFixed(2)} 元` : undefined };
  },
};

async function submitDemoApproval(deps: Deps, ctx: RequestContext, body: z.infer<typeof submitDemoBody>) {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const instance = await submitApproval(tx, deps, ctx, {
      type: 'demo',
      title: body.title,
      data: { amount: body.amount, ...(body.reason ? { reason: body.reason } : {}) },
    });
    return loadDetail(tx, actor, instance);
  });
}

export const demoApprovalModule: ModuleManifest = {
  key: 'test-demo-approval',
  name: '演示审批（测试）',
  tables: {},
  routes: [
    (app, deps) => {
      app.post(
        '/api/v1/approvals/demo',
        {
          config: { auth: 'session' as const },
          schema: { tags: ['审批'], summary: '发起演示审批（仅测试）', body: submitDemoBody, response: { 201: approvalDetailSchema, ...problemResponses } },
        },
        async (request, reply) => reply.status(201).send(await submitDemoApproval(deps, contextOf(request), request.body)),
      );
    },
  ],
  approvalTypes: [demoApprovalType],
};
