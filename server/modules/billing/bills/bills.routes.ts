import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { contentDisposition } from '../../../platform/files/file-types';
import { idParams } from '../../../platform/http/pagination';
import { problemResponses } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { ageing, ageingQuery, ageingSchema } from '../arrears/ageing.service';
import { dunningNotice } from '../arrears/dunning';
import { leakageReport, leakageSchema } from '../arrears/leakage.service';
import { getBillingRun, listBillingRuns, startBillingRun } from './billing-run';
import { billDetailSchema, billingRunSchema, billListQuery, billPageSchema, startRunBody, voidBillBody } from './bills.schema';
import { billNotice, exportBills, getBill, listBills, voidBill } from './bills.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const docxResponse = { 200: { description: '.docx', content: { [DOCX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses };
const xlsxResponse = { 200: { description: '.xlsx', content: { [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses };

/** 开账、账单与账龄 (R-BIL-04, 10): reading needs billing:read within the billing scope; issuing and voiding billing:write. */
export function billsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['账单'];
  const read = { permission: 'billing:read' };
  app.get('/api/v1/billing-runs', { config: read, schema: { tags, summary: '开账批次（最近 50 次）', response: { 200: z.array(billingRunSchema), ...problemResponses } } }, async (request) => listBillingRuns(deps, contextOf(request)));
  app.post(
    '/api/v1/billing-runs',
    {
      config: { permission: 'billing:write' },
      schema: {
        tags,
        summary: '开账：为某月出具账单（财务）',
        description: '为每位客户出具一张当月账单：合同账单计划中到期日不晚于当月末、尚未开账的行；已开账的期次若因变更或提前解除而改变，差额作为调整行。立即返回批次，进度见 GET /billing-runs/:id；中断后再次开账会接着完成，不会重复出账。',
        body: startRunBody,
        response: { 202: billingRunSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await startBillingRun(deps, contextOf(request), request.body.period)),
  );
  app.get('/api/v1/billing-runs/:id', { config: read, schema: { tags, summary: '开账批次进度', params: idParams(), response: { 200: billingRunSchema, ...problemResponses } } }, async (request) => getBillingRun(deps, contextOf(request), request.params.id));
  app.get('/api/v1/bills', { config: read, schema: { tags, summary: '账单列表（含全部匹配账单的合计）', querystring: billListQuery, response: { 200: billPageSchema, ...problemResponses } } }, async (request) => listBills(deps, contextOf(request), request.query));
  app.get('/api/v1/bills/export', { config: read, schema: { tags, summary: '导出账单列表（.xlsx，含合计行）', querystring: billListQuery.omit({ page: true, pageSize: true, sort: true }), response: xlsxResponse } }, async (request, reply) => {
    const file = await exportBills(deps, contextOf(request), request.query);
    return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
  });
  app.get('/api/v1/bills/:id', { config: read, schema: { tags, summary: '账单详情：明细行（含计算说明）与收款核销', params: idParams(), response: { 200: billDetailSchema, ...problemResponses } } }, async (request) => getBill(deps, contextOf(request), request.params.id));
  app.get('/api/v1/bills/:id/notice', { config: read, schema: { tags, summary: '打印账单（.xlsx 账单通知）', params: idParams(), response: xlsxResponse } }, async (request, reply) => {
    const file = await billNotice(deps, contextOf(request), request.params.id);
    return reply.header('Content-Type', XLSX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
  });
  app.get('/api/v1/bills/:id/dunning-notice', { config: read, schema: { tags, summary: '催款通知单（.docx，仅已逾期未结清的账单）', params: idParams(), response: docxResponse } }, async (request, reply) => {
    const file = await dunningNotice(deps, contextOf(request), request.params.id);
    return reply.header('Content-Type', DOCX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-store').send(file.buffer as unknown as string);
  });
  app.post(
    '/api/v1/bills/:id/void',
    { config: read, schema: { tags, summary: '作废账单（财务，须填原因；已有收款的须先冲销）', params: idParams(), body: voidBillBody, response: { 200: billDetailSchema, ...problemResponses } } },
    async (request) => voidBill(deps, contextOf(request), request.params.id, request.body.reason),
  );
  app.get('/api/v1/billing/leakage', { config: read, schema: { tags: ['欠费'], summary: '防跑冒滴漏：应出账未出账、用量未出账、无有效合同的占用单元、低于挂牌价的租金（需 report:read）', response: { 200: leakageSchema, ...problemResponses } } }, async (request) =>
    leakageReport(deps, contextOf(request)),
  );
  app.get('/api/v1/billing/ageing', { config: read, schema: { tags: ['欠费'], summary: '账龄：按客户、负责人或单位，任意日期', querystring: ageingQuery, response: { 200: ageingSchema, ...problemResponses } } }, async (request) => ageing(deps, contextOf(request), request.query));
}
