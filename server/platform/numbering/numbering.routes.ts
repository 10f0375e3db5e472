import { z } from 'zod';
import type { Deps } from '../deps';
import { idParam } from '../http/pagination';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { numberPreviewSchema, numberRuleSchema, previewNumberBody, updateNumberRuleBody } from './numbering.schema';
import { listNumberRules, previewNumberRule, updateNumberRule } from './numbering.service';

const tags = ['编号规则'];

export function numberingRoutes(app: AppInstance, deps: Deps) {
  app.get(
    '/api/v1/number-rules',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '编号规则列表（含下一个编号预览）',
        response: { 200: z.object({ items: z.array(numberRuleSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listNumberRules(deps, contextOf(request)) }),
  );
  app.patch(
    '/api/v1/number-rules/:id',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '修改编号规则（名称、格式、重置周期）',
        description:
          '格式占位符：{YYYY} {YY} {MM} {DD} {unit} {seq:N}；必须且只能包含一个 {seq:N}。按年重置须含年份，按月重置须含年份和月份。已发号的规则不能再改重置周期或增删 {unit}。',
        params: idParam,
        body: updateNumberRuleBody,
        response: { 200: numberRuleSchema, ...problemResponses },
      },
    },
    async (request) => updateNumberRule(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/number-rules/:id/preview',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '预览下一个编号（不占用编号；可预览未保存的格式）',
        params: idParam,
        body: previewNumberBody,
        response: { 200: numberPreviewSchema, ...problemResponses },
      },
    },
    async (request) => previewNumberRule(deps, contextOf(request), request.params.id, request.body),
  );
}
