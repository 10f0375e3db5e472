import { execFile } from 'node:child_process';
import { randomUUID, createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { asc, desc, eq, max } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../../../platform/access/access';
import { recordAudit } from '../../../platform/audit/audit.service';
import { shanghaiDate } from '../../../platform/dates';
import type { Deps } from '../../../platform/deps';
import { dictionaryLabels } from '../../../platform/dictionaries/dictionaries.service';
import { AppError, fieldError } from '../../../platform/errors';
import { bufferSource, sniffFileType } from '../../../platform/files/file-types';
import { blobPath } from '../../../platform/files/files.service';
import type { UploadPart } from '../../../platform/http/multipart';
import { users } from '../../../platform/org/org.table';
import { customers } from '../../customers';
import { chargeBasisNames, termsInWords } from './contract-terms';
import { contractTypeNames, contractTypes, type ContractType } from './contracts.schema';
import { contractUnitsOf, findTemplate, findVisibleContract, type ContractRow } from './contracts.queries';
import { contractTemplates } from './contracts.table';

// 范本合同 (R-LEA-12): admins upload .docx templates with placeholders such as {客户名称}; a
// template naming a placeholder the system does not fill is refused. A contract's text is the
// template filled with its data, as .docx and — when LibreOffice is installed — as PDF.

export const TEMPLATE_MAX_BYTES = 10 * 1024 * 1024;

/** The placeholders the system fills, with what each holds; loops list their fields. */
export const placeholderCatalogue: { key: string; description: string; fields?: { key: string; description: string }[] }[] = [
  { key: '合同编号', description: '如 HT-2027-SH-00001' },
  { key: '合同名称', description: '合同标题' },
  { key: '合同类型', description: '租赁合同 / 仓储服务合同 / 综合服务合同' },
  { key: '客户名称', description: '承租方（客户）全称' },
  { key: '统一社会信用代码', description: '客户的统一社会信用代码' },
  { key: '客户地址', description: '客户的注册地址' },
  { key: '签约主体', description: '我方签约主体（出租方）' },
  { key: '我方签约人', description: '我方签约代表' },
  { key: '客户签约人', description: '客户签约代表' },
  { key: '开始日期', description: '合同开始日 YYYY-MM-DD' },
  { key: '结束日期', description: '合同结束日 YYYY-MM-DD' },
  { key: '租赁单元', description: '单元编码，顿号分隔' },
  { key: '计租面积', description: '合计计租面积（㎡）' },
  { key: '收费项目', description: '各收费项目及单价的文字说明' },
  { key: '结算周期', description: '如：按季预付，每期付款日 5 日' },
  { key: '免租期', description: '各段免租期，或「无」' },
  { key: '年递增率', description: '如 5%，或「不递增」' },
  { key: '保证金', description: '保证金金额（元）' },
  { key: '滞纳金', description: '滞纳金规则' },
  { key: '违约金', description: '违约金规则' },
  { key: '担保人', description: '担保人，或「无」' },
  { key: '代办费比率', description: '代办费比率，或「无」' },
  { key: '优惠政策', description: '适用的标准优惠政策，或「无」' },
  { key: '量价返利', description: '量价阶梯与年度量返规则（如「每个合同年度仓储费开账达到 500000.00 元返 2%」），或「无」' },
  { key: '安全管理协议', description: '「附安全管理协议」或空' },
  { key: '特别约定', description: '特别约定条款' },
  { key: '签署日期', description: '签署日期（未签署时为空）' },
  { key: '打印日期', description: '生成文本的日期' },
  {
    key: '单元明细',
    description: '循环：{#单元明细}{单元编码} {面积}㎡{/单元明细}',
    fields: [
      { key: '单元编码', description: '单元完整编码' },
      { key: '面积', description: '计租面积（㎡）' },
    ],
  },
  {
    key: '收费明细',
    description: '循环：{#收费明细}{项目} {单价}{计价方式}{/收费明细}',
    fields: [
      { key: '项目', description: '收费项目名称' },
      { key: '单价', description: '单价（元）' },
      { key: '计价方式', description: '元/㎡·天、元/㎡·月、元/月…' },
    ],
  },
];

const topLevel = new Set(placeholderCatalogue.map((entry) => entry.key));
const loopFields = new Set(placeholderCatalogue.flatMap((entry) => (entry.fields ?? []).map((field) => field.key)));

/** Placeholders of a template the system does not fill. */
export function unknownPlaceholders(tags: Iterable<string>): string[] {
  return [...new Set(tags)].filter((tag) => !topLevel.has(tag) && !loopFields.has(tag));
}

/**
 * Compiles a .docx template and returns its placeholders; broken tags and unknown placeholders
 * become a field error on `file`. The tags are collected by the parser, which docxtemplater
 * calls once per tag while compiling (loop tags `{#单元明细}` arrive as 单元明细).
 */
export function inspectTemplate(buffer: Buffer): string[] {
  let zip: PizZip;
  try {
    zip = new PizZip(buffer);
  } catch {
    throw fieldError('file', '文件不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后上传');
  }
  const tags = new Set<string>();
  try {
    new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      errorLogging: false,
      parser: (tag: string) => {
        tags.add(tag.trim());
        return { get: () => '' };
      },
    });
  } catch (error) {
    const errors = (error as { properties?: { errors?: { properties?: { explanation?: string; xtag?: string } }[] } }).properties?.errors ?? [];
    const detail = errors.map((e) => (e.properties?.xtag ? `「${e.properties.xtag}」` : (e.properties?.explanation ?? ''))).filter(Boolean).slice(0, 5).join('、');
    throw fieldError('file', `范本中的占位符格式有误${detail ? `：${detail}` : ''}。占位符写作 {客户名称}，循环写作 {#单元明细}…{/单元明细}`);
  }
  tags.delete('');
  const unknown = unknownPlaceholders(tags);
  if (unknown.length) {
    throw fieldError('file', `范本中有系统不认识的占位符：${unknown.map((tag) => `{${tag}}`).join('、')}。可用的占位符见「占位符说明」`);
  }
  return [...tags].sort();
}

interface TemplateUpload {
  name?: string;
  contractType?: string;
  code?: string;
  note?: string;
  buffer?: Buffer;
  fileName?: string;
}

async function readUpload(parts: AsyncIterable<UploadPart>): Promise<TemplateUpload> {
  const upload: TemplateUpload = {};
  for await (const part of parts) {
    if (part.type === 'field') {
      if (part.name === 'name' || part.name === 'contractType' || part.name === 'code' || part.name === 'note') upload[part.name] = part.value.trim();
    } else {
      const chunks: Buffer[] = [];
      for await (const chunk of part.stream) chunks.push(chunk as Buffer);
      if (part.stream.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `范本文件超过 ${TEMPLATE_MAX_BYTES / 1024 / 1024} MB 的上限`, { reason: 'upload.too_large' });
      upload.buffer = Buffer.concat(chunks);
      upload.fileName = part.fileName;
    }
  }
  return upload;
}

/** 上传范本 (R-LEA-12): a new template, or with `code` a new version of an existing one. */
export async function uploadTemplate(deps: Deps, ctx: RequestContext, parts: AsyncIterable<UploadPart>) {
  const actor = requirePermission(ctx.actor, 'system:manage');
  const upload = await readUpload(parts);
  if (!upload.name || upload.name.length > 100) throw fieldError('name', '请填写范本名称（不超过 100 个字）');
  if (!contractTypes.includes(upload.contractType as ContractType)) throw fieldError('contractType', '合同类型应为 lease/storage/service（租赁/仓储服务/综合服务）之一');
  if (upload.code !== undefined && upload.code !== '' && !/^[A-Za-z0-9_-]{1,40}$/.test(upload.code)) throw fieldError('code', '范本编码只能包含字母、数字、下划线和短横线');
  if (!upload.buffer?.length) throw fieldError('file', '请选择 .docx 范本文件');
  const sniffed = await sniffFileType(bufferSource(upload.buffer), upload.fileName || 'template.docx');
  if (!sniffed.ok || sniffed.kind.kind !== 'docx') {
    throw new AppError('VALIDATION_FAILED', `范本应为 Word 文档（.docx）${sniffed.ok ? `，上传的文件内容是${sniffed.kind.label}` : `：${sniffed.reason}`}`, [{ field: 'file', message: '请上传 .docx 文件' }]);
  }
  const placeholders = inspectTemplate(upload.buffer);
  const sha256 = createHash('sha256').update(upload.buffer).digest('hex');
  const target = blobPath(deps, sha256);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomUUID()}.part`;
  await fs.writeFile(temp, upload.buffer, { mode: 0o600 });
  await fs.rename(temp, target);
  const code = upload.code || `T${Date.now().toString(36).toUpperCase()}`;
  return deps.db.transaction(async (tx) => {
    const [previous] = await tx.select({ version: max(contractTemplates.version) }).from(contractTemplates).where(eq(contractTemplates.code, code));
    const version = (previous?.version ?? 0) + 1;
    if (upload.code && version === 1) throw fieldError('code', `没有编码为 ${code} 的范本；新建范本时请留空编码`);
    await tx.update(contractTemplates).set({ active: false }).where(eq(contractTemplates.code, code));
    const [row] = await tx
      .insert(contractTemplates)
      .values({
        code,
        name: upload.name!,
        contractType: upload.contractType!,
        version,
        fileName: (upload.fileName || `${upload.name}.docx`).slice(0, 200),
        sha256,
        sizeBytes: upload.buffer!.length,
        placeholders,
        active: true,
        note: upload.note || null,
        createdById: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, { action: 'create', entityType: 'contract_template', entityId: row!.id, summary: `上传范本合同「${row!.name}」第 ${version} 版（${placeholders.length} 个占位符）` });
    return toTemplate(row!, actor.displayName);
  });
}

function toTemplate(row: typeof contractTemplates.$inferSelect, createdByName: string | null) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    contractType: row.contractType as ContractType,
    contractTypeName: contractTypeNames[row.contractType as ContractType],
    version: row.version,
    fileName: row.fileName,
    sizeBytes: row.sizeBytes,
    placeholders: row.placeholders,
    active: row.active,
    note: row.note,
    createdByName,
    createdAt: row.createdAt.toISOString(),
  };
}
export type ContractTemplate = ReturnType<typeof toTemplate>;

export async function listTemplates(deps: Deps, ctx: RequestContext, options: { activeOnly?: boolean } = {}) {
  requirePermission(ctx.actor, 'contract:read');
  const rows = await deps.db
    .select({ template: contractTemplates, createdByName: users.displayName })
    .from(contractTemplates)
    .leftJoin(users, eq(users.id, contractTemplates.createdById))
    .where(options.activeOnly ? eq(contractTemplates.active, true) : undefined)
    .orderBy(asc(contractTemplates.code), desc(contractTemplates.version));
  return rows.map((row) => toTemplate(row.template, row.createdByName));
}

export async function templateFile(deps: Deps, ctx: RequestContext, id: number) {
  requirePermission(ctx.actor, 'contract:read');
  const row = await findTemplate(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '范本不存在');
  return { fileName: row.fileName, body: await fs.readFile(blobPath(deps, row.sha256)) };
}

/** The values a contract gives its template's placeholders. */
async function templateData(deps: Deps, contract: ContractRow): Promise<Record<string, unknown>> {
  const [row] = await deps.db
    .select({ name: customers.name, uscc: customers.uscc, province: customers.province, city: customers.city, district: customers.district, street: customers.street })
    .from(customers)
    .where(eq(customers.id, contract.customerId));
  const customer = row && { ...row, address: [row.province, row.city, row.district, row.street].filter(Boolean).join('') };
  const units = await contractUnitsOf(deps.db, contract.id);
  const itemNames = await dictionaryLabels(deps.db, 'charge_item');
  const words = termsInWords(contract.terms, itemNames);
  return {
    合同编号: contract.number,
    合同名称: contract.title,
    合同类型: contractTypeNames[contract.contractType as ContractType],
    客户名称: customer?.name ?? '',
    统一社会信用代码: customer?.uscc ?? '',
    客户地址: customer?.address ?? '',
    签约主体: contract.signingParty,
    我方签约人: contract.ourSignatory ?? '',
    客户签约人: contract.customerSignatory ?? '',
    开始日期: contract.startDate,
    结束日期: contract.endDate,
    租赁单元: units.map((unit) => unit.fullCode).join('、'),
    计租面积: contract.totalArea,
    ...words,
    安全管理协议: contract.safetyAgreement ? '附安全管理协议' : '',
    特别约定: contract.specialTerms ?? '',
    签署日期: contract.signedDate ?? '',
    打印日期: shanghaiDate(deps.clock.now()),
    单元明细: units.map((unit) => ({ 单元编码: unit.fullCode, 面积: unit.area })),
    收费明细: contract.terms.charges.map((charge) => ({ 项目: itemNames.get(charge.item) ?? charge.item, 单价: charge.unitPrice, 计价方式: chargeBasisNames[charge.basis] })),
  };
}

/** The contract's text: its template filled with its data (.docx). */
export async function renderContractDocx(deps: Deps, ctx: RequestContext, id: number): Promise<{ fileName: string; body: Buffer }> {
  const actor = requirePermission(ctx.actor, 'contract:read');
  const contract = await findVisibleContract(deps.db, actor, id);
  if (contract.templateId === null) throw new AppError('CONFLICT', '该合同使用非范本文本，没有可生成的范本文件；请在附件中查看上传的合同文本', { reason: 'contract.no_template' });
  const template = await findTemplate(deps.db, contract.templateId);
  if (!template) throw new AppError('CONFLICT', '合同所用的范本已不存在', { reason: 'contract.no_template' });
  const doc = new Docxtemplater(new PizZip(await fs.readFile(blobPath(deps, template.sha256))), { paragraphLoop: true, linebreaks: true, errorLogging: false, nullGetter: () => '' });
  doc.render(await templateData(deps, contract));
  return { fileName: `${contract.number}.docx`, body: doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) };
}

const run = promisify(execFile);
let officeBinary: Promise<string | null> | undefined;

/** LibreOffice, when installed (detected once; never required). */
export function findOffice(): Promise<string | null> {
  officeBinary ??= (async () => {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      for (const name of ['soffice', 'libreoffice']) {
        const candidate = path.join(dir, name);
        if (await fs.access(candidate, fs.constants.X_OK).then(() => true, () => false)) return candidate;
      }
    }
    return null;
  })();
  return officeBinary;
}

/** The contract's text as PDF, converted from the filled .docx by LibreOffice. */
export async function renderContractPdf(deps: Deps, ctx: RequestContext, id: number): Promise<{ fileName: string; body: Buffer }> {
  const office = await findOffice();
  if (!office) throw new AppError('CONFLICT', '服务器未安装 LibreOffice，暂不能生成 PDF，请下载 .docx 文本', { reason: 'contract.pdf_unavailable' });
  const docx = await renderContractDocx(deps, ctx, id);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'contract-pdf-'));
  try {
    const input = path.join(dir, 'contract.docx');
    await fs.writeFile(input, docx.body);
    await run(office, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, input], { timeout: 120_000 });
    return { fileName: docx.fileName.replace(/\.docx$/, '.pdf'), body: await fs.readFile(path.join(dir, 'contract.pdf')) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('CONFLICT', 'PDF 生成失败，请下载 .docx 文本后自行打印', { reason: 'contract.pdf_failed' });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
