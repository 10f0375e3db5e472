import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { chargeSettingSchema, listChargeSettings, updateChargeSetting, updateChargeSettingBody } from './charge-settings.service';

/** 收费项目税率与收入口径 (R-BIL-01, 14): read with billing:read, changed by admins. */
export function chargeSettingsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['账单'];
  app.get('/api/v1/billing/charge-settings', { config: { permission: 'billing:read' }, schema: { tags, summary: '收费项目的税率与是否计入收入', response: { 200: z.array(chargeSettingSchema), ...problemResponses } } }, async (request) =>
    listChargeSettings(deps, contextOf(request)),
  );
  app.put(
    '/api/v1/billing/charge-settings/:item',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '修改收费项目的税率与收入口径（管理员）',
        params: z.object({ item: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, '收费项目编码应为小写字母、数字和下划线') }),
        body: updateChargeSettingBody,
        response: { 200: chargeSettingSchema, ...problemResponses },
      },
    },
    async (request) => updateChargeSetting(deps, contextOf(request), request.params.item, request.body),
  );
}
