import { InboxOutlined } from '@ant-design/icons';
import { Alert, App as AntdApp, Button, Flex, Modal, Table, Typography, Upload, type UploadProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isApiError, upload } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { spacesKey, type SpaceNode } from './spaces-api';

interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** 导入单元 (R-LEA-01): a park's buildings, floors and units from the template; all rows or none. */
export function SpaceImportModal({ park, onClose }: { park: SpaceNode; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const customRequest: UploadProps['customRequest'] = ({ file }) => {
    const form = new FormData();
    form.append('parkId', String(park.id));
    form.append('file', file as Blob);
    setBusy(true);
    setProblems([]);
    setSummary(null);
    upload<{ buildings: number; floors: number; units: number }>('/spaces/import', form)
      .then(async (result) => {
        setSummary(t('spaces.importDone', result));
        message.success(t('spaces.importDone', result));
        await queryClient.invalidateQueries({ queryKey: spacesKey });
      })
      .catch((error: unknown) => {
        if (isApiError(error) && Array.isArray(error.problem.rows)) setProblems(error.problem.rows as RowProblem[]);
        message.error({ content: isApiError(error) ? error.detail : String(error), duration: 6 });
      })
      .finally(() => setBusy(false));
  };

  return (
    <Modal open width={760} title={t('spaces.importTitle', { park: park.name })} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.ok')}</Button>} destroyOnHidden>
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('spaces.importHint')}{' '}
          <a href="/api/v1/spaces/import-template" download>
            {t('spaces.importTemplate')}
          </a>
        </Typography.Paragraph>
        <Upload.Dragger accept=".xlsx" maxCount={1} showUploadList={false} customRequest={customRequest} disabled={busy}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{busy ? t('spaces.importing') : t('spaces.importDrop')}</p>
        </Upload.Dragger>
        {summary && <Alert type="success" showIcon title={summary} />}
        {problems.length > 0 && (
          <Table<RowProblem>
            size="small"
            rowKey={(row) => `${row.row}-${row.column}-${row.message}`}
            dataSource={problems}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: t('spaces.importRow'), dataIndex: 'row', key: 'row', width: 70 },
              { title: t('spaces.importColumn'), dataIndex: 'column', key: 'column', width: 160 },
              { title: t('spaces.importProblem'), dataIndex: 'message', key: 'message' },
            ]}
          />
        )}
      </Flex>
    </Modal>
  );
}
