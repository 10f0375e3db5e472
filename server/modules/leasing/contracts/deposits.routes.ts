import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { depositListQuery, depositSchema, listDeposits, recordDeposit, recordDepositBody, settleDeposit, settleDepositBody } from './deposits.service';

/** 定金与认购书 (R-LEA-34): recorded and settled by finance, visible within the customer scope. */
export function depositsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['房源'];
  const read = { permission: 'space:read' };
  app.get(
    '/api/v1/reservation-deposits',
    { config: read, schema: { tags, summary: '定金与认购书', querystring: depositListQuery, response: { 200: z.array(depositSchema), ...problemResponses } } },
    async (request) => listDeposits(deps, contextOf(request), request.query),
  );
  app.post(
    '/api/v1/space-reservations/:id/deposit',
    {
      config: read,
      schema: {
        tags,
        summary: '收取定金并签订认购书（财务，需 billing:write）',
        description: '认购书约定签约时定金转为保证金或抵作租金、客户放弃时不予退还或退还；登记后锁定，不能修改或重复登记（409 deposit.locked）。',
        params: idParams(),
        body: recordDepositBody,
        response: { 201: depositSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await recordDeposit(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/reservation-deposits/:id/settle',
    {
      config: read,
      schema: {
        tags,
        summary: '客户放弃后按认购书结算定金（没收或退还，财务）',
        params: idParams(),
        body: settleDepositBody,
        response: { 200: depositSchema, ...problemResponses },
      },
    },
    async (request) => settleDeposit(deps, contextOf(request), request.params.id, request.body),
  );
}
