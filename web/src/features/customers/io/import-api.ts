import type { MessageKey } from '../../../app/i18n/dictionary';
import { api, upload } from '../../../app/api-client';
import { tr } from '../../../app/i18n/dictionary';

// 客户导入 / 导出 (R-CUS-30, R-CUS-31): both run as background jobs on the server; the web app
// starts them, polls their progress and downloads the result.

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'committing' | 'committed' | 'failed';
export type ProblemKind = 'invalid' | 'duplicate_in_file' | 'duplicate_in_database';

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
  kind: ProblemKind;
  name: string;
}

export interface CustomerImport {
  id: number;
  fileName: string;
  status: ImportStatus;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  importedRows: number;
  /** 0–100 */
  progress: number;
  message: string;
  preview: ImportProblem[];
  canCommit: boolean;
  hasRejected: boolean;
  createdAt: string;
  finishedAt: string | null;
}

export const importStatusLabel: Record<ImportStatus, MessageKey> = {
  uploaded: 'customers.io.uploaded2',
  validating: 'customers.io.checking',
  validated: 'customers.io.checked',
  committing: 'customers.io.importing',
  committed: 'customers.io.imported',
  failed: 'customers.io.failed',
};
export const importStatusColor: Record<ImportStatus, string> = {
  uploaded: 'default',
  validating: 'processing',
  validated: 'blue',
  committing: 'processing',
  committed: 'success',
  failed: 'error',
};
export const problemKindLabel: Record<ProblemKind, MessageKey> = {
  invalid: 'customers.io.invalidData',
  duplicate_in_file: 'customers.io.duplicateInFile',
  duplicate_in_database: 'customers.io.duplicateOfAnExistingCustomer',
};
export const problemKindColor: Record<ProblemKind, string> = { invalid: 'red', duplicate_in_file: 'orange', duplicate_in_database: 'gold' };

/** Still running on the server: keep polling. */
export const isImportRunning = (status: ImportStatus | undefined) => status === 'validating' || status === 'committing' || status === 'uploaded';

export const IMPORT_MAX_MB = 50;
export const customerImportsQueryKey = ['customer-imports'] as const;
export const importTemplateUrl = '/api/v1/customer-imports/template';
export const rejectedRowsUrl = (id: number) => `/api/v1/customer-imports/${id}/rejected.xlsx`;

export function listMyImports(): Promise<{ items: CustomerImport[] }> {
  return api.get('/customer-imports', { pageSize: 10 });
}

export function getImport(id: number): Promise<CustomerImport> {
  return api.get(`/customer-imports/${id}`);
}

export function commitImport(id: number): Promise<CustomerImport> {
  return api.post(`/customer-imports/${id}/commit`);
}


/** Uploads the .xlsx as multipart/form-data (XMLHttpRequest for upload progress); validation then runs on the server. */
export function uploadImportFile(file: Blob & { name?: string }, onProgress?: (percent: number) => void, signal?: AbortSignal): Promise<CustomerImport> {
  const form = new FormData();
  form.append('file', file, file.name ?? 'customers.xlsx');
  return upload<CustomerImport>('/customer-imports', form, { onProgress, signal, tooLarge: tr('customers.io.theFileIsLargerThan2', { IMPORT_MAX_MB }) });
}

// ── export ────────────────────────────────────────────────────────────────────

export interface CustomerExportRun {
  id: number;
  status: 'running' | 'succeeded' | 'failed';
  /** Rows written so far. */
  progress: number;
  total: number | null;
  rowCount: number | null;
  fileName: string | null;
  message: string;
  startedAt: string;
  finishedAt: string | null;
}

export function startExportRun(body: { filters: object; columns: string[]; ids?: number[] }): Promise<CustomerExportRun> {
  return api.post('/customer-exports', body);
}

export function getExportRun(id: number): Promise<CustomerExportRun> {
  return api.get(`/customer-exports/${id}`);
}

export const exportDownloadUrl = (id: number) => `/api/v1/customer-exports/${id}/download`;

/** Lets the browser save a server file (the session cookie goes along; same origin). */
export function downloadFile(url: string, fileName?: string): void {
  const link = document.createElement('a');
  link.href = url;
  if (fileName) link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
