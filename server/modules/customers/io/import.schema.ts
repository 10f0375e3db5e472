import { z } from 'zod';
import { customerFiltersSchema, type CustomerFilters } from '../search/search.schema';

// Request and response shapes of customer import (R-CUS-30) and export (R-CUS-31).

export const importStatuses = ['uploaded', 'validating', 'validated', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const problemKinds = ['invalid', 'duplicate_in_file', 'duplicate_in_database'] as const;
export type ProblemKind = (typeof problemKinds)[number];

/** One problem of one row, as the preview lists it. */
export const importProblemSchema = z
  .object({
    row: z.number().int().describe('Excel 行号（表头为第 1 行）'),
    column: z.string().describe('列名，如「统一社会信用代码」；整行问题为空串'),
    message: z.string(),
    kind: z.enum(problemKinds).describe('invalid 单元格错误；duplicate_in_file 与文件内前面的行重复；duplicate_in_database 与已有客户重复'),
    name: z.string().describe('该行的客户名称'),
  })
  .meta({ id: 'CustomerImportProblem' });
export type ImportProblem = z.infer<typeof importProblemSchema>;

export const customerImportSchema = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    status: z.enum(importStatuses),
    totalRows: z.number().int(),
    validRows: z.number().int(),
    invalidRows: z.number().int(),
    duplicateRows: z.number().int(),
    importedRows: z.number().int(),
    progress: z.number().int().describe('0–100'),
    message: z.string(),
    preview: z.array(importProblemSchema).describe('前 200 个问题行的错误'),
    canCommit: z.boolean(),
    hasRejected: z.boolean(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'CustomerImport' });
export type CustomerImport = z.infer<typeof customerImportSchema>;

export const listImportsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(100).default(10).describe('每页条数，最多 100'),
});

// ── export ────────────────────────────────────────────────────────────────────

/** The list's filters (customer-search.schema.ts): an export is exactly the list view. */
export type ExportFilters = CustomerFilters;

export const exportColumnKeys = [
  'code',
  'name',
  'shortName',
  'uscc',
  'natureCode',
  'industryCode',
  'sourceCode',
  'province',
  'city',
  'district',
  'street',
  'phone',
  'email',
  'website',
  'legalRepresentative',
  'registeredCapital',
  'employees',
  'ownerName',
  'unitName',
  'serviceMode',
  'valueCode',
  'strategicCode',
  'lifecycleCode',
  'grade',
  'admissionStatus',
  'blacklistLevel',
  'tags',
  'contactName',
  'contactMobile',
  'contactTitle',
  'contactEmail',
  'verifiedAt',
  'createdAt',
  'updatedAt',
] as const;
export type ExportColumnKey = (typeof exportColumnKeys)[number];

export const MAX_EXPORT_IDS = 10_000;

export const startExportBody = z
  .object({
    filters: customerFiltersSchema.optional().describe('列表当前的筛选条件（与客户列表相同）'),
    columns: z.array(z.enum(exportColumnKeys)).min(1, '请至少选择一列').max(exportColumnKeys.length).describe('列表当前显示的列，按顺序'),
    ids: z
      .array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
      .min(1)
      .max(MAX_EXPORT_IDS)
      .optional()
      .describe('只导出勾选的客户（仍受数据范围限制）'),
  })
  .meta({ id: 'StartCustomerExport' });
export type StartExportBody = z.infer<typeof startExportBody>;

export const exportStatuses = ['running', 'succeeded', 'failed'] as const;

export const customerExportSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(exportStatuses),
    progress: z.number().int().describe('已写入行数'),
    total: z.number().int().nullable().describe('预计行数'),
    rowCount: z.number().int().nullable().describe('完成后的实际行数'),
    fileName: z.string().nullable(),
    message: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'CustomerExport' });
export type CustomerExport = z.infer<typeof customerExportSchema>;
