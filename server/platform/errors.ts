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

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly fields?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, fields?: FieldError[], extra?: Record<string, unknown>) {
    super(detail ?? errorTitle[code]);
    this.code = code;
    this.status = errorStatus[code];
    this.detail = detail ?? errorTitle[code];
    this.fields = fields;
    this.extra = extra;
  }
}

export const notFound = (detail?: string) => new AppError('NOT_FOUND', detail);
export const forbidden = (detail?: string) => new AppError('FORBIDDEN', detail);
export const fieldError = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ field, message }]);
