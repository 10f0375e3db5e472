import { savedViewRoutes } from '../../../platform/views/saved-views';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { hasPermission } from '../../../platform/access/access';
import type { Deps } from '../../../platform/deps';
import { contentDisposition } from '../../../platform/files/file-types';
import { numericRecordId, type RecordTypeRegistration } from '../../../platform/files/record-access';
import { multipartBody, translating, uploadParts, uploadScope, type UploadLimits } from '../../../platform/http/multipart';
import { idParams, pageOf } from '../../../platform/http/pagination';
import { problemResponses, problemSchema } from '../../../platform/http/problem';
import { contextOf, type AppInstance } from '../../../platform/http/types';
import { AppError } from '../../../platform/errors';
import { occupiedProblemSchema } from '../spaces/spaces.schema';
import { breachSchema, closeBreach, closeBreachBody, createBreachBody, listBreaches, recordBreach } from './breaches.service';
import { handToFinance, signContract, submitContract, terminateContract } from './contract-lifecycle.service';
import { renewBody, renewContract } from './renewal.service';
import { applyForTermination, listTerminations, terminationBody, terminationSchema } from './termination.service';
import {
  findOffice,
  listTemplates,
  placeholderCatalogue,
  renderContractDocx,
  renderContractPdf,
  templateFile,
  TEMPLATE_MAX_BYTES,
  uploadTemplate,
} from './contract-templates.service';
import {
  contractDetailSchema,
  contractListQuery,
  contractViewList,
  contractSummarySchema,
  contractVersionSchema,
  createContractBody,
  signContractBody,
  submitContractBody,
  terminateContractBody,
  updateContractBody,
} from './contracts.schema';
import { findVisibleContract } from './contracts.queries';
import { contracts } from './contracts.table';
import { createContract, getContract, listContracts, listVersions, mayEdit, updateContract } from './contracts.service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const templateLimits: UploadLimits = {
  maxBytes: TEMPLATE_MAX_BYTES,
  fields: 4,
  expects: '字段 name、contractType、code（新版本时）、note 与一个文件字段 file',
  tooLarge: () => new AppError('PAYLOAD_TOO_LARGE', `范本文件超过 ${TEMPLATE_MAX_BYTES / 1024 / 1024} MB 的上限`, { reason: 'upload.too_large' }),
};

const templateSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  contractType: z.enum(['lease', 'storage', 'service']),
  contractTypeName: z.string(),
  version: z.number().int(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  placeholders: z.array(z.string()),
  active: z.boolean(),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});

/** Attachments of a contract (R-PLT-52): the signed scan, non-template texts, annexes. */
export const contractRecordType: RecordTypeRegistration = {
  type: 'contract',
  access: {
    label: '合同',
    canRead: async (deps, actor, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null || !hasPermission(actor, 'contract:read')) return false;
      return findVisibleContract(deps.db, actor, id).then(() => true, () => false);
    },
    canWrite: async (deps, actor, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null) return false;
      const contract = await findVisibleContract(deps.db, actor, id).catch(() => null);
      return contract !== null && mayEdit(actor, contract) && ['draft', 'to_sign', 'effective', 'changing'].includes(contract.status);
    },
    customerIdOf: async (deps, recordId) => {
      const id = numericRecordId(recordId, Number.MAX_SAFE_INTEGER);
      if (id === null) return null;
      const [row] = await deps.db.select({ customerId: contracts.customerId }).from(contracts).where(eq(contracts.id, id));
      return row?.customerId ?? null;
    },
  },
};

/**
 * 招商合同 (R-LEA-10…14): drafts for admitted customers holding their units, review on the
 * approval engine, signing with the scan and the 交财务 task, and texts from 范本合同. Every
 * contract is addressed within the caller's `contract` scope: others are 404.
 */
export function contractsRoutes(app: AppInstance, deps: Deps) {
  const tags = ['招商合同'];
  const read = { permission: 'contract:read' };
  const write = { permission: 'contract:write' };
  const detail = { 200: contractDetailSchema, ...problemResponses, 409: occupiedProblemSchema };
  const base = '/api/v1/contracts';

  savedViewRoutes(app, deps, '/api/v1/contract-views', contractViewList, tags[0]!);
  app.get(
    base,
    { config: read, schema: { tags, summary: '合同列表', querystring: contractListQuery, response: { 200: pageOf(contractSummarySchema), ...problemResponses } } },
    async (request) => listContracts(deps, contextOf(request), request.query),
  );
  app.post(
    base,
    {
      config: write,
      schema: {
        tags,
        summary: '起草合同',
        description: '客户须已准入且不在黑名单中；单元在合同期限内被其他预留或合同占用时拒绝（409，occupiedBy 说明占用的合同、客户与日期）。草稿自起草起锁定单元（显示为预留），签署后为已租。',
        body: createContractBody,
        response: { 201: contractDetailSchema, ...problemResponses, 409: occupiedProblemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createContract(deps, contextOf(request), request.body)),
  );
  app.get(`${base}/:id`, { config: read, schema: { tags, summary: '合同详情', params: idParams(), response: detail } }, async (request) =>
    getContract(deps, contextOf(request), request.params.id),
  );
  app.put(
    `${base}/:id`,
    { config: write, schema: { tags, summary: '修改合同草稿（保存为新版本）', params: idParams(), body: updateContractBody, response: detail } },
    async (request) => updateContract(deps, contextOf(request), request.params.id, request.body),
  );
  app.get(
    `${base}/:id/versions`,
    { config: read, schema: { tags, summary: '合同版本历史（含与上一版的差异）', params: idParams(), response: { 200: z.array(contractVersionSchema), ...problemResponses } } },
    async (request) => listVersions(deps, contextOf(request), request.params.id),
  );
  app.post(
    `${base}/:id/submit`,
    { config: write, schema: { tags, summary: '提交合同审核（退回后为重新提交）', params: idParams(), body: submitContractBody, response: detail } },
    async (request) => submitContract(deps, contextOf(request), request.params.id, request.body.note),
  );
  app.post(
    `${base}/:id/sign`,
    {
      config: write,
      schema: {
        tags,
        summary: '登记签署：签署扫描件与生效日期',
        description: '扫描件须先作为本合同的附件上传（PDF 或图片）。单元在合同期限内变为已租，并生成 2 个工作日内交财务的待办。',
        params: idParams(),
        body: signContractBody,
        response: detail,
      },
    },
    async (request) => signContract(deps, contextOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/hand-to-finance`,
    { config: read, schema: { tags, summary: '登记合同已交财务（经办人或财务）', params: idParams(), response: detail } },
    async (request) => handToFinance(deps, contextOf(request), request.params.id),
  );
  app.post(
    `${base}/:id/terminate`,
    { config: write, schema: { tags, summary: '终止未签署的合同（释放单元）', params: idParams(), body: terminateContractBody, response: detail } },
    async (request) => terminateContract(deps, contextOf(request), request.params.id, request.body.reason),
  );
  app.get(
    `${base}/:id/breaches`,
    { config: read, schema: { tags, summary: '合同的违约记录', params: idParams(), response: { 200: z.array(breachSchema), ...problemResponses } } },
    async (request) => listBreaches(deps, contextOf(request), request.params.id),
  );
  app.post(
    `${base}/:id/breaches`,
    {
      config: read,
      schema: {
        tags,
        summary: '记录违约（经办人、法务或审核人）',
        description: '记录后立即通知法务与分管领导，并记入客户时间线。',
        params: idParams(),
        body: createBreachBody,
        response: { 201: breachSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await recordBreach(deps, contextOf(request), request.params.id, request.body)),
  );
  app.post(
    `${base}/:id/breaches/:breachId/close`,
    { config: read, schema: { tags, summary: '违约处理完毕', params: idParams('id', 'breachId'), body: closeBreachBody, response: { 200: breachSchema, ...problemResponses } } },
    async (request) => closeBreach(deps, contextOf(request), request.params.id, request.params.breachId, request.body.result),
  );
  app.post(
    `${base}/:id/renew`,
    {
      config: write,
      schema: {
        tags,
        summary: '续签：起草与本合同关联的新合同草稿',
        description: '默认自本合同结束日次日起、期限与本合同相同，沿用客户、单元与收费条款（免租期与一次性收费除外），保存为草稿后按正常流程审核签署。',
        params: idParams(),
        body: renewBody,
        response: { 201: contractDetailSchema, ...problemResponses, 409: occupiedProblemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await renewContract(deps, contextOf(request), request.params.id, request.body)),
  );
  app.get(
    `${base}/:id/terminations`,
    { config: read, schema: { tags, summary: '提前解除申请（含审批状态与结算）', params: idParams(), response: { 200: z.array(terminationSchema), ...problemResponses } } },
    async (request) => listTerminations(deps, contextOf(request), request.params.id),
  );
  app.post(
    `${base}/:id/terminations`,
    {
      config: write,
      schema: {
        tags,
        summary: '申请提前解除（客户书面申请、协商结果与结算）',
        description: '部门经理 → 法务 → 分管领导/总经理审批通过后合同为「提前解除」，单元自解除日次日起释放。',
        params: idParams(),
        body: terminationBody,
        response: { 201: terminationSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await applyForTermination(deps, contextOf(request), request.params.id, request.body)),
  );
  app.get(
    `${base}/:id/document`,
    {
      config: read,
      schema: {
        tags,
        summary: '下载合同文本（按范本填写的 .docx，或 PDF）',
        description: 'format=pdf 需要服务器安装 LibreOffice；未安装时返回 409（reason contract.pdf_unavailable）。',
        params: idParams(),
        querystring: z.object({ format: z.enum(['docx', 'pdf']).default('docx') }),
        response: { 200: { description: '合同文本', content: { [DOCX]: { schema: z.string().meta({ format: 'binary' }) }, 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const pdf = request.query.format === 'pdf';
      const file = pdf ? await renderContractPdf(deps, ctx, request.params.id) : await renderContractDocx(deps, ctx, request.params.id);
      return reply
        .header('Content-Type', pdf ? 'application/pdf' : DOCX)
        .header('Content-Disposition', contentDisposition('attachment', file.fileName))
        .header('Cache-Control', 'private, no-store')
        .send(file.body as unknown as string);
    },
  );

  app.get(
    '/api/v1/contract-templates',
    {
      config: read,
      schema: { tags, summary: '范本合同（各版本）', querystring: z.object({ active: z.enum(['true', 'false']).optional() }), response: { 200: z.array(templateSchema), ...problemResponses } },
    },
    async (request) => listTemplates(deps, contextOf(request), { activeOnly: request.query.active === 'true' }),
  );
  app.get(
    '/api/v1/contract-templates/placeholders',
    {
      config: read,
      schema: {
        tags,
        summary: '范本可用的占位符',
        response: {
          200: z.object({
            placeholders: z.array(z.object({ key: z.string(), description: z.string(), fields: z.array(z.object({ key: z.string(), description: z.string() })).optional() })),
            pdfAvailable: z.boolean(),
          }),
          ...problemResponses,
        },
      },
    },
    async () => ({ placeholders: placeholderCatalogue, pdfAvailable: (await findOffice()) !== null }),
  );
  app.get(
    '/api/v1/contract-templates/:id/file',
    { config: read, schema: { tags, summary: '下载范本文件', params: idParams(), response: { 200: { description: '范本 .docx', content: { [DOCX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses } } },
    async (request, reply) => {
      const file = await templateFile(deps, contextOf(request), request.params.id);
      return reply.header('Content-Type', DOCX).header('Content-Disposition', contentDisposition('attachment', file.fileName)).header('Cache-Control', 'private, no-cache').send(file.body as unknown as string);
    },
  );
  uploadScope(app, templateLimits, (scope) => {
    scope.post(
      '/api/v1/contract-templates',
      {
        config: { permission: 'system:manage' },
        ...multipartBody,
        schema: {
          tags,
          summary: '上传范本合同（.docx，带占位符）',
          description: 'multipart/form-data：name、contractType（lease/storage/service）、code（上传已有范本的新版本时填写）、note 与 file。范本中出现系统不认识的占位符时拒绝并列出。',
          consumes: ['multipart/form-data'],
          body: z.object({ name: z.string(), contractType: z.string(), code: z.string().optional(), note: z.string().optional(), file: z.string().meta({ format: 'binary' }) }),
          response: { 201: templateSchema, 413: problemSchema, 415: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await translating(templateLimits, () => uploadTemplate(deps, contextOf(request), uploadParts(request, templateLimits)))),
    );
  });
}
