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
import { useLocale } from '../../app/i18n/LocaleProvider';
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

const labels = {
  'zh-CN': {
    title: '附件',
    drop: '点击或拖拽文件到此处上传',
    hint: (mb: number) => `支持 PDF、图片、Word、Excel、PowerPoint、文本或 CSV，单个文件不超过 ${mb} MB`,
    tooLarge: (name: string, mb: number) => `「${name}」超过 ${mb} MB 的上限，请压缩或拆分后再上传`,
    uploaded: (name: string) => `已上传「${name}」`,
    uploadFailed: (name: string, detail: string) => `「${name}」上传失败：${detail}`,
    empty: '暂无附件',
    download: '下载',
    preview: '预览',
    remove: '删除',
    confirmRemove: '确定删除该附件？',
    removed: '附件已删除',
    ok: '删除',
    cancel: '取消',
    uploadedBy: (name: string) => `${name} 上传`,
    loadFailed: '附件加载失败',
  },
  en: {
    title: 'Attachments',
    drop: 'Click or drag files here to upload',
    hint: (mb: number) => `PDF, images, Word, Excel, PowerPoint, text or CSV, up to ${mb} MB each`,
    tooLarge: (name: string, mb: number) => `"${name}" is larger than ${mb} MB`,
    uploaded: (name: string) => `Uploaded "${name}"`,
    uploadFailed: (name: string, detail: string) => `Could not upload "${name}": ${detail}`,
    empty: 'No attachments',
    download: 'Download',
    preview: 'Preview',
    remove: 'Delete',
    confirmRemove: 'Delete this attachment?',
    removed: 'Attachment deleted',
    ok: 'Delete',
    cancel: 'Cancel',
    uploadedBy: (name: string) => `by ${name}`,
    loadFailed: 'Could not load attachments',
  },
};

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
  const { locale } = useLocale();
  const text = labels[locale === 'en' ? 'en' : 'zh-CN'];
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
