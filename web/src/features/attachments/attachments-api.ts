import { api, upload } from '../../app/api-client';

/** 附件 — one file linked to a business record, as the server describes it. */
export interface Attachment {
  id: number;
  recordType: string;
  recordId: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  /** Images and PDF open in the browser. */
  previewable: boolean;
  isImage: boolean;
  uploadedById: number;
  uploadedByName: string | null;
  createdAt: string;
}

export interface AttachmentPage {
  items: Attachment[];
  total: number;
  page: number;
  pageSize: number;
  /** Largest accepted file, in MB. */
  uploadMaxMb: number;
}

/** The file types the server accepts (checked there by content; this only filters the picker). */
export const acceptedFileTypes = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.wps,.et,.dps,.txt,.csv,.tsv,.md,.log';

export const attachmentsQueryKey = (recordType: string, recordId: string) => ['attachments', recordType, recordId] as const;

export function listAttachments(recordType: string, recordId: string): Promise<AttachmentPage> {
  return api.get('/attachments', { recordType, recordId, pageSize: 100, sort: 'createdAt:desc' });
}

export function deleteAttachment(id: number): Promise<void> {
  return api.delete(`/attachments/${id}`);
}

export function downloadUrl(id: number, inline = false): string {
  return `/api/v1/attachments/${id}/download${inline ? '?inline=1' : ''}`;
}


/**
 * Uploads one file as multipart/form-data (text fields first, so the server checks access before
 * it receives the file). XMLHttpRequest rather than fetch for the progress events.
 */
export function uploadAttachment(
  recordType: string,
  recordId: string,
  file: Blob & { name?: string },
  onProgress?: (percent: number) => void,
  signal?: AbortSignal,
): Promise<Attachment> {
  const form = new FormData();
  form.append('recordType', recordType);
  form.append('recordId', recordId);
  form.append('file', file, file.name ?? 'file');
  return upload<Attachment>('/attachments', form, { onProgress, signal });
}

/** 1.5 MB, 320 KB, 12 B. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
