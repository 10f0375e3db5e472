import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { fieldLabelOf } from './field-labels';
import { AppError, defaultReason, errorStatus, errorTitle, type ErrorCode, type FieldError, type Reason } from '../errors';

function send(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, detail?: string, fields?: FieldError[], extra?: Record<string, unknown>, reason: Reason = defaultReason[code]) {
  const status = errorStatus[code];
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://zhaoshang.local/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: errorTitle[code],
      status,
      code,
      reason,
      detail: detail ?? errorTitle[code],
      instance: request.url.split('?')[0],
      requestId: String(request.id),
      ...(fields?.length ? { errors: fields } : {}),
      ...(extra ?? {}),
    });
}

function fieldName(path: string | undefined, fallback: string): string {
  if (!path) return fallback;
  return path.replace(/^\//, '').replace(/\//g, '.') || fallback;
}

/** One handler turns every failure into application/problem+json (R-PLT-61). */
export function problemErrorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.status >= 500) request.log.error({ err: error }, 'service error');
    return send(reply, request, error.code, error.detail, error.fields, error.extra, error.reason);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const fields = error.validation.map((issue) => ({
      field: fieldName(issue.instancePath, context),
      message: issue.message ?? '格式不正确',
    }));
    // One message per field (the first), named as people know the field.
    const seen = new Set<string>();
    const summary = fields
      .filter((f) => !seen.has(f.field) && seen.add(f.field))
      .slice(0, 3)
      .map((f) => `${fieldLabelOf(f.field)}：${f.message}`)
      .join('；');
    return send(reply, request, 'VALIDATION_FAILED', `提交的数据有误 — ${summary}`, fields);
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return send(reply, request, 'INTERNAL');
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(reply, request, 'PAYLOAD_TOO_LARGE', '提交的内容超过大小限制');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send(reply, request, 'UNSUPPORTED_MEDIA_TYPE', '请以 application/json 提交');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send(reply, request, 'BAD_REQUEST', '请求体不能为空');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return send(reply, request, 'BAD_REQUEST', '请求体不是合法的 JSON');
  }
  if (status === 429) return send(reply, request, 'RATE_LIMITED');
  if (status === 413) return send(reply, request, 'PAYLOAD_TOO_LARGE');
  if (status === 415) return send(reply, request, 'UNSUPPORTED_MEDIA_TYPE');
  if (status >= 400 && status < 500) return send(reply, request, 'BAD_REQUEST', '请求格式不正确');
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, request, 'INTERNAL');
}
