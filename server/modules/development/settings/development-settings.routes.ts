import type { Deps } from '../../../platform/deps';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { deleteUnitSettings, getEffectiveSettings, putUnitSettings } from './development-settings-admin.service';
import { developmentRulesBody, effectiveSettingsSchema, settingsQuery, unitIdParam } from './development-settings.schema';

/** 客户开发规则设置: per unit, inherited from the nearest ancestor, else the defaults. */
export function developmentSettingsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['客户开发规则'];
  const response = { 200: effectiveSettingsSchema, ...problemResponses };
  app.get(
    '/api/v1/development/settings',
    {
      config: { permission: 'development:read' },
      schema: { tags, summary: '某单位生效的客户开发规则及其来源', querystring: settingsQuery, response },
    },
    async (request) => getEffectiveSettings(deps, contextOf(request), request.query.unitId),
  );
  app.put(
    '/api/v1/development/settings/:unitId',
    {
      config: { permission: 'development:settings' },
      schema: { tags, summary: '设置单位的客户开发规则（下级单位未单独设置时沿用）', params: unitIdParam, body: developmentRulesBody, response },
    },
    async (request) => putUnitSettings(deps, contextOf(request), request.params.unitId, request.body),
  );
  app.delete(
    '/api/v1/development/settings/:unitId',
    {
      config: { permission: 'development:settings' },
      schema: { tags, summary: '删除单位单独设置的规则，恢复沿用上级或默认规则', params: unitIdParam, response },
    },
    async (request) => deleteUnitSettings(deps, contextOf(request), request.params.unitId),
  );
}
