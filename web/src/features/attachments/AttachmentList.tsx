import type { Translate } from '../../app/i18n/dictionary';
import {
  DeleteOutlined,
  DownloadOutlined,
  EyeOutlined,
  FileExcelOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileTextOutlined,
  FileWordOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Empty, Flex, Image, List, Popconfirm, Skeleton, Tooltip, Typography, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { isApiError } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import {
  acceptedFileTypes,
  attachmentsQueryKey,
  deleteAttachment,
  downloadUrl,
  formatFileSize,
  listAttachments,
  uploadAttachment,
  type Attachment,
} from './attachments-api';

/** The list's wording in the current language. */
function labelsOf(t: Translate) {
  return {
    title: t('attachments.attachments'),
    drop: t('attachments.clickOrDragAFile'),
    hint: (mb: number) => t('attachments.hint', { mb }),
    tooLarge: (name: string, mb: number) => t('attachments.tooLarge', { name, mb }),
    uploaded: (name: string) => t('attachments.uploaded', { name }),
    uploadFailed: (name: string, detail: string) => t('attachments.uploadFailed', { name, detail }),
    empty: t('attachments.noAttachments'),
    download: t('attachments.download'),
    preview: t('attachments.preview'),
    remove: t('common.delete'),
    confirmRemove: t('attachments.deleteThisAttachment'),
    removed: t('attachments.attachmentDeleted'),
    ok: t('common.delete'),
    cancel: t('common.cancel'),
    uploadedBy: (name: string) => t('attachments.uploadedBy', { name }),
    loadFailed: t('attachments.attachmentsFailedToLoad'),
  };
}

const DEFAULT_MAX_MB = 20;

function fileIcon(attachment: Attachment): ReactNode {
  const style = { fontSize: 28 };
  const type = attachment.mimeType;
  if (type.startsWith('image/')) return <FileImageOutlined style={style} />;
  if (type === 'application/pdf') return <FilePdfOutlined style={{ ...style, color: '#cf1322' }} />;
  if (type.includes('word') || type === 'application/msword') return <FileWordOutlined style={{ ...style, color: '#1677ff' }} />;
  if (type.includes('sheet') || type.includes('excel') || type.startsWith('text/csv')) {
    return <FileExcelOutlined style={{ ...style, color: '#389e0d' }} />;
  }
  if (type.includes('presentation') || type.includes('powerpoint')) return <FilePptOutlined style={{ ...style, color: '#d46b08' }} />;
  if (type.startsWith('text/')) return <FileTextOutlined style={style} />;
  return <FileOutlined style={style} />;
}

export interface AttachmentListProps {
  /** Registered record type on the server, e.g. `customer`, `contract`, `approval`. */
  recordType: string;
  recordId: string | number;
  /** Shows the upload area and the delete buttons (the server checks again). */
  canUpload?: boolean;
}

/** 附件列表: upload by drag and drop, list with size/uploader/time, preview images, download, delete. */
export function AttachmentList({ recordType, recordId, canUpload = false }: AttachmentListProps) {
  const t = useT();
  const text = labelsOf(t);
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const id = String(recordId);
  const queryKey = attachmentsQueryKey(recordType, id);
  const [uploads, setUploads] = useState<UploadFile[]>([]);

  const query = useQuery({ queryKey, queryFn: () => listAttachments(recordType, id), meta: { silent: true } });
  const maxMb = query.data?.uploadMaxMb ?? DEFAULT_MAX_MB;

  const remove = useMutation({
    mutationFn: (attachment: Attachment) => deleteAttachment(attachment.id),
    onSuccess: async () => {
      message.success(text.removed);
      await queryClient.invalidateQueries({ queryKey });
    },
  });

  const customRequest: UploadProps['customRequest'] = (options) => {
    const file = options.file as File;
    const controller = new AbortController();
    uploadAttachment(recordType, id, file, (percent) => options.onProgress?.({ percent }), controller.signal)
      .then(async (attachment) => {
        options.onSuccess?.(attachment);
        message.success(text.uploaded(attachment.fileName));
        await queryClient.invalidateQueries({ queryKey });
      })
      .catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        options.onError?.(error instanceof Error ? error : new Error(detail));
        message.error({ content: text.uploadFailed(file.name, detail), duration: 6 });
      });
    return { abort: () => controller.abort() };
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    if (file.size > maxMb * 1024 * 1024) {
      message.error(text.tooLarge(file.name, maxMb));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const items = query.data?.items ?? [];

  return (
    <Flex vertical gap={12}>
      {canUpload && (
        <Upload.Dragger
          multiple
          accept={acceptedFileTypes}
          customRequest={customRequest}
          beforeUpload={beforeUpload}
          // Finished uploads appear in the list below; only those in flight or failed stay here.
          fileList={uploads}
          onChange={(info) => setUploads(info.fileList.filter((f) => f.status !== 'done'))}
          showUploadList={{ showRemoveIcon: true }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{text.drop}</p>
          <p className="ant-upload-hint">{text.hint(maxMb)}</p>
        </Upload.Dragger>
      )}

      {query.isError && (
        <Alert
          type="error"
          showIcon
          title={text.loadFailed}
          description={isApiError(query.error) ? query.error.detail : String(query.error)}
        />
      )}

      {query.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Image.PreviewGroup>
          <List<Attachment>
            size="small"
            dataSource={items}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.empty} /> }}
            renderItem={(attachment) => (
              <List.Item
                key={attachment.id}
                actions={[
                  attachment.previewable && !attachment.isImage ? (
                    <Tooltip title={text.preview} key="preview">
                      <Button
                        type="text"
                        size="small"
                        icon={<EyeOutlined />}
                        href={downloadUrl(attachment.id, true)}
                        target="_blank"
                        rel="noopener noreferrer"
                        aria-label={text.preview}
                      />
                    </Tooltip>
                  ) : null,
                  <Tooltip title={text.download} key="download">
                    <Button type="text" size="small" icon={<DownloadOutlined />} href={downloadUrl(attachment.id)} aria-label={text.download} />
                  </Tooltip>,
                  canUpload ? (
                    <Popconfirm
                      key="delete"
                      title={text.confirmRemove}
                      description={attachment.fileName}
                      okText={text.ok}
                      cancelText={text.cancel}
                      okButtonProps={{ danger: true, loading: remove.isPending && remove.variables?.id === attachment.id }}
                      onConfirm={() => remove.mutateAsync(attachment).catch(() => undefined)}
                    >
                      <Tooltip title={text.remove}>
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={text.remove} />
                      </Tooltip>
                    </Popconfirm>
                  ) : null,
                ].filter(Boolean)}
              >
                <List.Item.Meta
                  avatar={
                    attachment.isImage ? (
                      <Image
                        width={48}
                        height={48}
                        style={{ objectFit: 'cover', borderRadius: 4 }}
                        src={downloadUrl(attachment.id, true)}
                        alt={attachment.fileName}
                      />
                    ) : (
                      <Flex align="center" justify="center" style={{ width: 48, height: 48 }}>
                        {fileIcon(attachment)}
                      </Flex>
                    )
                  }
                  title={
                    <Typography.Link href={downloadUrl(attachment.id)} ellipsis style={{ maxWidth: 420 }} title={attachment.fileName}>
                      {attachment.fileName}
                    </Typography.Link>
                  }
                  description={
                    <Typography.Text type="secondary">
                      {formatFileSize(attachment.size)} · {text.uploadedBy(attachment.uploadedByName ?? `#${attachment.uploadedById}`)} ·{' '}
                      {formatDateTime(attachment.createdAt)}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        </Image.PreviewGroup>
      )}
    </Flex>
  );
}
