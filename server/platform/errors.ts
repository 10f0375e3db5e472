/**
 * One error type for every service. Each code maps to exactly one HTTP status; the `satisfies`
 * record makes a new code without a status a compile error.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'AUTH_REQUIRED'
  | 'AUTH_INVALID_CREDENTIALS'
  | 'AUTH_LOCKED'
  | 'AUTH_SESSION_EXPIRED'
  | 'AUTH_PASSWORD_CHANGE_REQUIRED'
  | 'CSRF_FAILED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DUPLICATE'
  | 'RATE_LIMITED'
  | 'PASSWORD_POLICY'
  | 'INTERNAL';

export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_LOCKED: 423,
  AUTH_SESSION_EXPIRED: 401,
  AUTH_PASSWORD_CHANGE_REQUIRED: 403,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  RATE_LIMITED: 429,
  PASSWORD_POLICY: 400,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/** Default Chinese titles shown when a service gives no detail. */
export const errorTitle: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '提交的数据有误，请按提示修改',
  BAD_REQUEST: '请求格式不正确',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型',
  AUTH_REQUIRED: '请先登录',
  AUTH_INVALID_CREDENTIALS: '用户名或密码错误',
  AUTH_LOCKED: '账号已被临时锁定',
  AUTH_SESSION_EXPIRED: '登录已过期，请重新登录',
  AUTH_PASSWORD_CHANGE_REQUIRED: '请先修改密码',
  CSRF_FAILED: '请求校验失败，请刷新页面后重试',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '记录不存在或无权查看',
  CONFLICT: '操作与当前数据状态冲突',
  DUPLICATE: '记录已存在',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  PASSWORD_POLICY: '密码不符合要求',
  INTERNAL: '服务器内部错误，请稍后再试',
};

/** The reason of a problem when the service names none: one per code. */
export const defaultReason = {
  VALIDATION_FAILED: 'request.invalid',
  BAD_REQUEST: 'request.malformed',
  PAYLOAD_TOO_LARGE: 'request.too_large',
  UNSUPPORTED_MEDIA_TYPE: 'request.media_type',
  AUTH_REQUIRED: 'auth.required',
  AUTH_INVALID_CREDENTIALS: 'auth.invalid_credentials',
  AUTH_LOCKED: 'auth.locked',
  AUTH_SESSION_EXPIRED: 'auth.session_expired',
  AUTH_PASSWORD_CHANGE_REQUIRED: 'auth.password_change_required',
  CSRF_FAILED: 'auth.csrf_failed',
  FORBIDDEN: 'access.forbidden',
  NOT_FOUND: 'record.not_found',
  CONFLICT: 'record.conflict',
  DUPLICATE: 'record.duplicate',
  RATE_LIMITED: 'request.rate_limited',
  PASSWORD_POLICY: 'auth.password_policy',
  INTERNAL: 'server.internal',
} as const satisfies Record<ErrorCode, string>;

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A stable machine reason (`area.what_happened`, e.g. `pool.already_claimed`): tests and the web
 * match on it, never on the Chinese wording, and the web shows it in the user's language.
 */
export type Reason = `${string}.${string}`;

export interface AppErrorOptions {
  reason?: Reason;
  fields?: FieldError[];
  /** Extra members of the problem document (e.g. the existing record of a duplicate). */
  extra?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly reason: Reason;
  readonly fields?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, options?: FieldError[] | AppErrorOptions, extra?: Record<string, unknown>) {
    super(detail ?? errorTitle[code]);
    const opts: AppErrorOptions = Array.isArray(options) ? { fields: options, extra } : { ...options, extra: options?.extra ?? extra };
    this.code = code;
    this.status = errorStatus[code];
    this.detail = detail ?? errorTitle[code];
    this.reason = opts.reason ?? defaultReason[code];
    this.fields = opts.fields;
    this.extra = opts.extra;
  }
}

export const notFound = (detail?: string, reason?: Reason) => new AppError('NOT_FOUND', detail, { reason });
export const forbidden = (detail?: string, reason?: Reason) => new AppError('FORBIDDEN', detail, { reason });
export const conflict = (reason: Reason, detail: string, extra?: Record<string, unknown>) => new AppError('CONFLICT', detail, { reason, extra });
/** One field is wrong: a 400 whose message names what to fix, shown under that field. */
export const fieldError = (field: string, message: string, reason?: Reason) =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }], reason });
