import type { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { assertStorableText } from './input-guards';
import type { AppInstance } from './types';

// Uploads (multipart/form-data), written once for every upload route: the parser is registered
// only in the upload's own scope (every other route still accepts JSON alone), its parts reach
// the service as a plain async iterable, and every failure of the parser or of a truncated body
// becomes a 4xx problem in words a user can act on (R-QLT-05).

/** One part of an upload, as services see it (no Fastify types). */
export type UploadPart =
  | { type: 'field'; name: string; value: string }
  | { type: 'file'; name: string; fileName: string | undefined; stream: Readable & { truncated?: boolean } };

export interface UploadLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Text fields expected besides the file (a few more are tolerated). */
  fields: number;
  /** What the form should hold, for messages: 「一个文件字段 file」. */
  expects: string;
  /** The refusal of a file above `maxBytes`. */
  tooLarge: () => AppError;
}

const MAX_FIELD_BYTES = 1024;

function limitsOf(limits: UploadLimits) {
  return { fileSize: limits.maxBytes, files: 1, fields: limits.fields + 4, parts: limits.fields + 6, fieldSize: MAX_FIELD_BYTES, headerPairs: 50 };
}

/** Is this the stream of a multipart body that ended early or broke its framing? */
export function isBrokenUpload(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof AppError) return false;
  const code = (error as { code?: string }).code;
  return code === 'FST_MP_PREMATURE_CLOSE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || /multipart|boundary|part terminated|unexpected end|premature close/i.test(error.message);
}

/** The parser's own failures, in words a user can act on; anything else passes through. */
export function uploadError(limits: UploadLimits, error: unknown): unknown {
  switch ((error as { code?: string } | null)?.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return limits.tooLarge();
    case 'FST_FILES_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', '一次只能上传一个文件', { reason: 'upload.too_many_files', fields: [{ field: 'file', message: '一次只能上传一个文件' }] });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', `表单字段过多：只需${limits.expects}`, { reason: 'upload.too_many_fields' });
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new AppError('BAD_REQUEST', `表单字段名或内容不正确：只需${limits.expects}`, { reason: 'upload.bad_field' });
    case 'FST_MP_PREMATURE_CLOSE':
      return new AppError('BAD_REQUEST', '上传在完成前中断，请重试', { reason: 'upload.interrupted' });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件', { reason: 'upload.not_multipart' });
  }
  if (isBrokenUpload(error)) {
    return new AppError('BAD_REQUEST', '上传的表单格式不正确或在完成前中断（multipart/form-data 解析失败），请重试', { reason: 'upload.interrupted' });
  }
  return error;
}

/** The request's parts as the service reads them; parser failures are translated. */
export async function* uploadParts(request: FastifyRequest, limits: UploadLimits): AsyncGenerator<UploadPart> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 方式上传（${limits.expects}）`, { reason: 'upload.not_multipart' });
  }
  const parts = request.parts({ limits: limitsOf(limits) });
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        yield { type: 'file', name: part.fieldname, fileName: part.filename, stream: part.file };
      } else {
        if (part.valueTruncated || typeof part.value !== 'string') {
          const field = part.fieldname.slice(0, 40);
          throw new AppError('VALIDATION_FAILED', `字段 ${field} 的内容过长或格式不正确`, { fields: [{ field, message: '内容过长或格式不正确' }] });
        }
        assertStorableText(part.fieldname.slice(0, 40), part.value);
        yield { type: 'field', name: part.fieldname, value: part.value };
      }
    }
  } catch (error) {
    throw uploadError(limits, error);
  }
}

/**
 * Registers upload routes in a scope of their own with the multipart parser. `routes` adds them;
 * their handlers call `uploadParts(request, limits)` and wrap the service call in `translating`.
 */
export function uploadScope(app: AppInstance, limits: UploadLimits, routes: (scope: AppInstance) => void): void {
  void app.register(async (instance) => {
    const scope = instance as unknown as AppInstance;
    await scope.register(fastifyMultipart, { throwFileSizeLimit: true, limits: limitsOf(limits) });
    routes(scope);
  });
}

/**
 * Runs the service on the parts, translating a body that breaks while the service is still
 * reading the file stream (a truncated upload) into a 400 instead of a 500.
 */
export async function translating<T>(limits: UploadLimits, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw uploadError(limits, error);
  }
}

/** Route schema bits every upload shares: no JSON validation of the multipart body. */
export const multipartBody = {
  validatorCompiler: () => (data: unknown) => ({ value: data }),
};
