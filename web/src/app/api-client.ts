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
  detail?: string;
  errors?: FieldErrorItem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: FieldErrorItem[];

  constructor(status: number, problem: ProblemDetails, fallbackDetail: string) {
    const detail = problem.detail || problem.title || fallbackDetail;
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`);
    this.detail = detail;
    this.fieldErrors = Array.isArray(problem.errors) ? problem.errors : [];
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

function genericMessage(status: number): string {
  const chinese = currentLanguage === 'zh-CN';
  if (status === 0) return chinese ? '网络连接失败，请检查网络后重试' : 'Network error, please check your connection';
  if (status >= 500) return chinese ? '服务器暂时不可用，请稍后再试' : 'The server is unavailable, please try again later';
  return chinese ? `请求失败（${status}）` : `Request failed (${status})`;
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
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
