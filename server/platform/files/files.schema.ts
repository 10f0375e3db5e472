import { z } from 'zod';
import { pageQuery } from '../http/pagination';
import { RECORD_TYPE_PATTERN } from './record-access';

const recordType = z
  .string('请指定附件所属的记录类型 recordType')
  .trim()
  .regex(RECORD_TYPE_PATTERN, '记录类型 recordType 格式不正确（小写字母、数字和下划线）')
  .describe('附件所属记录的类型，如 user、org_unit、approval、customer、contract');
const recordId = z
  .string('请指定附件所属的记录编号 recordId')
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, '记录编号 recordId 格式不正确（字母、数字、下划线或连字符，最多 64 位）')
  .describe('附件所属记录的编号');

export const attachmentSchema = z
  .object({
    id: z.number().int(),
    recordType: z.string(),
    recordId: z.string(),
    fileName: z.string().describe('清理后的文件名'),
    mimeType: z.string().describe('按内容识别出的类型'),
    size: z.number().int().describe('字节数'),
    sha256: z.string(),
    /** Images and PDF may be previewed inline. */
    previewable: z.boolean().describe('可在浏览器内预览（图片、PDF）'),
    isImage: z.boolean(),
    uploadedById: z.number().int(),
    uploadedByName: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof attachmentSchema>;

/** The text fields of the multipart upload; the file part is checked by the service. */
export const uploadAttachmentFields = z.object({ recordType, recordId });
export type UploadAttachmentFields = z.infer<typeof uploadAttachmentFields>;

/** For the OpenAPI document only: multipart bodies are parsed and checked by hand. */
export const uploadAttachmentBody = z.object({
  recordType,
  recordId,
  file: z.string().meta({ format: 'binary' }).describe('文件内容（只能一个；建议放在 recordType、recordId 之后，以便在接收文件前检查权限）'),
});

export const listAttachmentsQuery = pageQuery.extend({ recordType, recordId });
export type ListAttachmentsQuery = z.infer<typeof listAttachmentsQuery>;

export const downloadAttachmentQuery = z.object({
  inline: z
    .enum(['0', '1'], 'inline 只能是 0 或 1')
    .optional()
    .describe('1 = 在浏览器内预览（仅图片与 PDF；其它类型始终作为附件下载）'),
});
export type DownloadAttachmentQuery = z.infer<typeof downloadAttachmentQuery>;
