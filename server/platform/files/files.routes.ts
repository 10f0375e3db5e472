import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { idParam, pageOf } from '../http/pagination';
import { problemResponses, problemSchema } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import { acceptedTypesText } from './file-types';
import {
  attachmentSchema,
  downloadAttachmentQuery,
  listAttachmentsQuery,
  uploadAttachmentBody,
} from './files.schema';
import { deleteAttachment, downloadAttachment, listAttachments, tooLargeError, uploadAttachment, uploadLimitBytes, type UploadPart } from './files.service';

const noContent = { 204: z.null(), ...problemResponses };
const MAX_FIELD_BYTES = 1024;

/** The multipart parser's own failures, in words a user can act on. */
function multipartError(deps: Deps, error: unknown): unknown {
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLargeError(deps);
    case 'FST_FILES_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', '一次只能上传一个文件', [{ field: 'file', message: '一次只能上传一个文件' }]);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', '表单字段过多：只需 recordType、recordId 与 file 三项');
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new AppError('BAD_REQUEST', '表单字段名或内容不正确：只需 recordType、recordId 与 file 三项');
    case 'FST_MP_PREMATURE_CLOSE':
      return new AppError('BAD_REQUEST', '上传在完成前中断，请重试');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件');
  }
  if (error instanceof Error && !(error instanceof AppError) && /multipart|boundary|part terminated|unexpected end/i.test(error.message)) {
    return new AppError('BAD_REQUEST', '上传的表单格式不正确（multipart/form-data 解析失败），请重试');
  }
  return error;
}

/** Adapts @fastify/multipart's parts to the service's plain shape, translating its errors. */
async function* uploadParts(deps: Deps, request: FastifyRequest): AsyncGenerator<UploadPart> {
  const limit = uploadLimitBytes(deps);
  const parts = request.parts({
    limits: { fileSize: limit, files: 1, fields: 10, parts: 12, fieldSize: MAX_FIELD_BYTES, headerPairs: 50 },
  });
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        yield { type: 'file', name: part.fieldname, fileName: part.filename, stream: part.file };
      } else {
        if (part.valueTruncated || typeof part.value !== 'string') {
          throw new AppError('VALIDATION_FAILED', `字段 ${part.fieldname.slice(0, 40)} 的内容过长或格式不正确`, [
            { field: part.fieldname.slice(0, 40), message: '内容过长或格式不正确' },
          ]);
        }
        yield { type: 'field', name: part.fieldname, value: part.value };
      }
    }
  } catch (error) {
    throw multipartError(deps, error);
  }
}

export function filesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['附件'];
  const maxMb = deps.config.uploadMaxMb;

  // The multipart parser lives only in this scope: every other route still accepts JSON alone.
  void app.register(async (instance) => {
    const scope = instance as unknown as AppInstance;
    await scope.register(fastifyMultipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: uploadLimitBytes(deps), files: 1, fields: 10, parts: 12, fieldSize: MAX_FIELD_BYTES },
    });

    scope.post(
      '/api/v1/attachments',
      {
        config: { auth: 'session' },
        // The body is multipart: it is parsed and checked field by field in the handler.
        validatorCompiler: () => (data: unknown) => ({ value: data }),
        schema: {
          tags,
          summary: '上传附件',
          description:
            `multipart/form-data，字段 recordType、recordId 与一个文件 file（建议先发送两个文本字段）。` +
            `文件不超过 ${maxMb} MB，类型按内容识别，只接受 ${acceptedTypesText}；扩展名与内容不符、可执行文件、网页与含宏文档会被拒绝。` +
            `相同内容只存一份。需要对该记录的编辑权限；看不到的记录返回 404。`,
          consumes: ['multipart/form-data'],
          body: uploadAttachmentBody,
          response: { 201: attachmentSchema, 413: problemSchema, 415: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件（字段 recordType、recordId、file）');
        }
        const attachment = await uploadAttachment(deps, contextOf(request), uploadParts(deps, request));
        return reply.status(201).send(attachment);
      },
    );
  });

  app.get(
    '/api/v1/attachments',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: '记录的附件列表',
        description: '需要对该记录的查看权限；看不到的记录返回 404。可按 createdAt、fileName、size 排序。',
        querystring: listAttachmentsQuery,
        response: {
          200: pageOf(attachmentSchema).extend({ uploadMaxMb: z.number().int().describe('单个附件的大小上限（MB）') }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({ ...(await listAttachments(deps, contextOf(request), request.query)), uploadMaxMb: maxMb }),
  );

  app.get(
    '/api/v1/attachments/:id/download',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: '下载附件',
        description:
          '返回原始内容，Content-Type 为按内容识别出的类型，Content-Disposition 带 UTF-8 文件名。' +
          'inline=1 时图片与 PDF 在浏览器内预览，其它类型仍作为附件下载。每次下载记入审计日志。',
        params: idParam,
        querystring: downloadAttachmentQuery,
        response: {
          200: {
            description: '文件内容',
            content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const download = await downloadAttachment(deps, contextOf(request), request.params.id, request.query.inline === '1');
      return reply
        .header('Content-Type', download.contentType)
        .header('Content-Length', String(download.attachment.size))
        .header('Content-Disposition', download.contentDisposition)
        .header('X-Content-Type-Options', 'nosniff')
        // Stored content never runs script; `object-src 'self'` keeps the browser's PDF viewer
        // working for inline previews, which our own pages may frame.
        .header('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'")
        .header('Cache-Control', 'private, no-cache')
        // A stream bypasses the response serializer; the schema above only documents the bytes.
        .send(download.stream as unknown as string);
    },
  );

  app.delete(
    '/api/v1/attachments/:id',
    {
      config: { auth: 'session' },
      schema: { tags, summary: '删除附件（需要对该记录的编辑权限）', params: idParam, response: noContent },
    },
    async (request, reply) => {
      await deleteAttachment(deps, contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
