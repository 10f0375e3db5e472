import { ApiError, api, readCookie, type ProblemDetails } from '../../../app/api-client';

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

export const importStatusLabel: Record<ImportStatus, string> = {
  uploaded: '已上传',
  validating: '校验中',
  validated: '已校验',
  committing: '导入中',
  committed: '已导入',
  failed: '失败',
};
export const importStatusColor: Record<ImportStatus, string> = {
  uploaded: 'default',
  validating: 'processing',
  validated: 'blue',
  committing: 'processing',
  committed: 'success',
  failed: 'error',
};
export const problemKindLabel: Record<ProblemKind, string> = {
  invalid: '数据错误',
  duplicate_in_file: '文件内重复',
  duplicate_in_database: '与已有客户重复',
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

function problemOf(xhr: XMLHttpRequest): ProblemDetails {
  try {
    const body: unknown = JSON.parse(xhr.responseText);
    return body && typeof body === 'object' ? (body as ProblemDetails) : {};
  } catch {
    return {};
  }
}

/** Uploads the .xlsx as multipart/form-data (XMLHttpRequest for upload progress); validation then runs on the server. */
export function uploadImportFile(file: Blob & { name?: string }, onProgress?: (percent: number) => void, signal?: AbortSignal): Promise<CustomerImport> {
  const form = new FormData();
  form.append('file', file, file.name ?? 'customers.xlsx');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/customer-imports');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    const token = readCookie('zs_csrf');
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as CustomerImport);
        } catch {
          reject(new ApiError(xhr.status, {}, '服务器返回的内容无法识别'));
        }
        return;
      }
      reject(new ApiError(xhr.status, problemOf(xhr), xhr.status === 413 ? `文件超过 ${IMPORT_MAX_MB} MB，无法上传` : `上传失败（${xhr.status}）`));
    };
    xhr.onerror = () => reject(new ApiError(0, {}, '网络连接失败，请检查网络后重试'));
    xhr.onabort = () => reject(new ApiError(0, {}, '上传已取消'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
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
