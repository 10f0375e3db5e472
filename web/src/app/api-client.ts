import { reasonText, tr } from './i18n/dictionary';
/**
 * Thin fetch wrapper for the JSON API under /api/v1.
 * - sends the session cookies (same-origin) and the CSRF header on unsafe methods
 * - sends Accept-Language for the chosen UI language
 * - turns application/problem+json answers into ApiError
 */

export interface FieldErrorItem {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  /** Stable machine reason, e.g. `pool.already_claimed`: match on it, and show it translated. */
  reason?: string;
  detail?: string;
  errors?: FieldErrorItem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly reason: string | undefined;
  readonly detail: string;
  readonly fieldErrors: FieldErrorItem[];
  /** The whole problem document, with members some answers add (e.g. the rows of an import). */
  readonly problem: ProblemDetails & Record<string, unknown>;

  constructor(status: number, problem: ProblemDetails, fallbackDetail: string) {
    const detail = reasonText(problem.reason) ?? (problem.detail || problem.title || fallbackDetail);
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`);
    this.reason = problem.reason;
    this.detail = detail;
    this.fieldErrors = Array.isArray(problem.errors) ? problem.errors : [];
    this.problem = problem as ProblemDetails & Record<string, unknown>;
  }
}

export type ApiLanguage = 'zh-CN' | 'en';
type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: QueryParams;
  /** Do not treat a 401 as "session gone" (login and the initial session probe). */
  skipAuthRedirect?: boolean;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const csrfCookieName = 'zs_csrf';

let currentLanguage: ApiLanguage = 'zh-CN';
let unauthorizedListener: (() => void) | null = null;
let passwordChangeListener: (() => void) | null = null;

export function setApiLanguage(language: ApiLanguage): void {
  currentLanguage = language;
}

/** Called when any API call answers 401: the session is gone. */
export function setUnauthorizedListener(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

/** Called when the server refuses work until the password is changed. */
export function setPasswordChangeListener(listener: (() => void) | null): void {
  passwordChangeListener = listener;
}

export function readCookie(name: string): string | null {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(prefix)) return decodeURIComponent(trimmed.slice(prefix.length));
  }
  return null;
}

export function buildQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function genericMessage(status: number): string {
  if (status === 0) return tr('app.networkErrorCheckYourConnection');
  if (status >= 500) return tr('app.theServerIsTemporarilyUnavailable');
  return tr('app.requestFailed', { status });
}

async function readProblem(response: Response): Promise<ProblemDetails> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return {};
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? (body as ProblemDetails) : {};
  } catch {
    return {};
  }
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLanguage,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (unsafeMethods.has(method)) {
    const token = readCookie(csrfCookieName);
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${buildQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, {}, genericMessage(0));
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    const error = new ApiError(response.status, problem, genericMessage(response.status));
    if (response.status === 401 && !options.skipAuthRedirect) unauthorizedListener?.();
    if (error.code === 'AUTH_PASSWORD_CHANGE_REQUIRED') passwordChangeListener?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams) => apiRequest<T>(path, { query }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export interface UploadOptions {
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  /** Shown for a 413 (the server's problem text wins when it sent one). */
  tooLarge?: string;
}

function problemOfXhr(xhr: XMLHttpRequest): ProblemDetails {
  try {
    const body: unknown = JSON.parse(xhr.responseText);
    return body && typeof body === 'object' ? (body as ProblemDetails) : {};
  } catch {
    return {};
  }
}

/**
 * The one upload helper: multipart/form-data over XMLHttpRequest (for upload progress), with the
 * session cookie, the CSRF header and problem+json errors turned into ApiError like `api` does.
 */
export function upload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', currentLanguage);
    const token = readCookie(csrfCookieName);
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && options.onProgress) options.onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError(xhr.status, {}, tr('app.unreadableAnswer')));
        }
        return;
      }
      if (xhr.status === 401) unauthorizedListener?.();
      const fallback = xhr.status === 413 ? (options.tooLarge ?? tr('app.fileTooLarge')) : tr('app.uploadFailed', { status: xhr.status });
      reject(new ApiError(xhr.status, problemOfXhr(xhr), fallback));
    };
    xhr.onerror = () => reject(new ApiError(0, {}, tr('app.networkErrorCheckYourConnection')));
    xhr.onabort = () => reject(new ApiError(0, {}, tr('app.uploadCancelled')));
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}
