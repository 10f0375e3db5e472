import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import {
  completeMoveInItem,
  completeMoveInItemBody,
  confirmPayment,
  confirmPaymentBody,
  getMoveIn,
  moveInSchema,
  startMoveIn,
  updateMoveInItem,
  updateMoveInItemBody,
} from './move-in.service';

/** 入驻清单 (R-LEA-33) of a contract in the caller's contract scope. */
export function moveInRoutes(app: AppInstance, deps: Deps) {
  const tags = ['招商合同'];
  const read = { permission: 'contract:read' };
  const base = '/api/v1/contracts/:id/move-in';
  const response = { 200: moveInSchema, ...problemResponses };
  app.get(base, { config: read, schema: { tags, summary: '入驻清单', params: idParams(), response } }, async (request) => getMoveIn(deps, contextOf(request), request.params.id));
  app.post(
    base,
    { config: { permission: 'contract:write' }, schema: { tags, summary: '生成入驻清单（合同签署时自动生成；早先签署的合同可补生成）', params: idParams(), response } },
    async (request) => startMoveIn(deps, contextOf(request), request.params.id),
  );
  app.patch(
    `${base}/:itemId`,
    { config: read, schema: { tags, summary: '调整入驻事项的负责人、期限或备注', params: idParams('id', 'itemId'), body: updateMoveInItemBody, response } },
    async (request) => updateMoveInItem(deps, contextOf(request), request.params.id, request.params.itemId, request.body),
  );
  app.post(
    `${base}/:itemId/done`,
    {
      config: read,
      schema: {
        tags,
        summary: '完成入驻事项',
        description: '没有信用额度的客户，须财务确认保证金与首期款到账后才能完成「钥匙交接」（409 move_in.keys_wait_for_payment）。',
        params: idParams('id', 'itemId'),
        body: completeMoveInItemBody,
        response,
      },
    },
    async (request) => completeMoveInItem(deps, contextOf(request), request.params.id, request.params.itemId, request.body),
  );
  app.post(
    '/api/v1/contracts/:id/payment-confirmation',
    { config: read, schema: { tags, summary: '财务确认保证金与首期款到账（需 billing:write）', params: idParams(), body: confirmPaymentBody, response } },
    async (request) => confirmPayment(deps, contextOf(request), request.params.id, request.body),
  );
}
