import { z } from 'zod';
import type { Deps } from '../deps';
import { multipartBody, translating, uploadParts, uploadScope, type UploadLimits } from '../http/multipart';
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
import { deleteAttachment, downloadAttachment, listAttachments, tooLargeError, uploadAttachment, uploadLimitBytes } from './files.service';

const noContent = { 204: z.null(), ...problemResponses };

export function filesRoutes(app: AppInstance, deps: Deps) {
  const tags = ['附件'];
  const maxMb = deps.config.uploadMaxMb;

  const uploadLimits: UploadLimits = {
    maxBytes: uploadLimitBytes(deps),
    fields: 2,
    expects: ' recordType、recordId 与 file 三项',
    tooLarge: () => tooLargeError(deps),
  };

  uploadScope(app, uploadLimits, (scope) => {
    scope.post(
      '/api/v1/attachments',
      {
        config: { auth: 'session' },
        // The body is multipart: it is parsed and checked field by field in the handler.
        ...multipartBody,
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
        const attachment = await translating(uploadLimits, () => uploadAttachment(deps, contextOf(request), uploadParts(request, uploadLimits)));
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
