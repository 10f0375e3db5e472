import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Descriptions, Flex, Form, Input, Modal, Radio, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { contractTypeLabels, getPlaceholders, listTemplates, templateFileUrl, templatesKey, uploadTemplate, type ContractTemplate, type ContractType } from './contracts-api';

interface UploadValues {
  name: string;
  contractType: ContractType;
  note?: string;
}

function UploadDialog({ base, onClose }: { base?: ContractTemplate; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UploadValues>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const mutation = useMutation({
    meta: { silent: true },
    mutationFn: (values: UploadValues) => {
      if (!file) throw new Error(t('contracts.templates.pickFile'));
      return uploadTemplate({ ...values, code: base?.code }, file);
    },
    onSuccess: async () => {
      message.success(t('contracts.templates.uploaded'));
      await queryClient.invalidateQueries({ queryKey: templatesKey });
      onClose();
    },
    onError: (error) => {
      applyServerFieldErrors(form, error);
      setFileError(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal open title={base ? `${t('contracts.templates.newVersion')}：${base.name}` : t('contracts.templates.upload')} okText={t('contracts.templates.upload')} confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<UploadValues> form={form} layout="vertical" initialValues={{ name: base?.name, contractType: base?.contractType ?? 'lease' }} onFinish={(values) => mutation.mutate(values)}>
        <Form.Item name="name" label={t('contracts.templates.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="template-name" />
        </Form.Item>
        <Form.Item name="contractType" label={t('contracts.type')}>
          <Radio.Group disabled={Boolean(base)} options={Object.entries(contractTypeLabels).map(([value, label]) => ({ value, label: t(label) }))} />
        </Form.Item>
        <Form.Item label={t('contracts.templates.file')} required>
          <Upload
            accept=".docx"
            maxCount={1}
            beforeUpload={(picked) => {
              setFile(picked);
              setFileError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('contracts.templates.pickFile')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="note" label={t('contracts.changeNote')}>
          <Input maxLength={200} />
        </Form.Item>
        {fileError && <Alert type="error" showIcon title={fileError} />}
      </Form>
    </Modal>
  );
}

/** 范本合同 (R-LEA-12): versions of the .docx templates and the placeholders they may use. */
export function ContractTemplatesPage() {
  const t = useT();
  const [dialog, setDialog] = useState<{ base?: ContractTemplate } | null>(null);
  const templates = useQuery({ queryKey: templatesKey, queryFn: () => listTemplates() });
  const placeholders = useQuery({ queryKey: [...templatesKey, 'placeholders'], queryFn: getPlaceholders });
  const columns: TableColumnsType<ContractTemplate> = [
    { title: t('contracts.templates.name'), dataIndex: 'name', key: 'name' },
    { title: t('contracts.type'), key: 'type', width: 140, render: (_, row) => t(contractTypeLabels[row.contractType]) },
    { title: t('contracts.templates.version'), dataIndex: 'version', key: 'version', width: 80 },
    { title: t('contracts.status'), key: 'active', width: 150, render: (_, row) => (row.active ? <Tag color="green">{t('contracts.templates.active')}</Tag> : <Tag>{t('contracts.templates.superseded')}</Tag>) },
    { title: t('contracts.changeNote'), dataIndex: 'note', key: 'note', ellipsis: true },
    { title: t('contracts.createdAt'), key: 'createdAt', width: 170, render: (_, row) => `${formatDateTime(row.createdAt)} ${row.createdByName ?? ''}` },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      render: (_, row) => (
        <Flex gap={4}>
          <Button size="small" icon={<DownloadOutlined />} href={templateFileUrl(row.id)} aria-label={`${row.name} ${row.version}`} />
          {row.active && (
            <Button size="small" onClick={() => setDialog({ base: row })}>
              {t('contracts.templates.newVersion')}
            </Button>
          )}
        </Flex>
      ),
    },
  ];
  return (
    <PageContainer
      title={t('contracts.templates')}
      subtitle={t('contracts.templates.subtitle')}
      extra={
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setDialog({})} data-testid="template-upload">
          {t('contracts.templates.upload')}
        </Button>
      }
    >
      <Table<ContractTemplate> rowKey="id" size="middle" loading={templates.isLoading} dataSource={templates.data ?? []} columns={columns} pagination={false} />
      <Card size="small" title={t('contracts.templates.placeholders')}>
        <Typography.Paragraph type="secondary">{t('contracts.templates.placeholdersHint')}</Typography.Paragraph>
        {placeholders.data && (
          <>
            <Alert type={placeholders.data.pdfAvailable ? 'success' : 'info'} showIcon title={placeholders.data.pdfAvailable ? t('contracts.templates.pdfAvailable') : t('contracts.templates.pdfMissing')} style={{ marginBottom: 12 }} />
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              {placeholders.data.placeholders.map((entry) => (
                <Descriptions.Item key={entry.key} label={`{${entry.key}}`}>
                  {entry.description}
                  {entry.fields && ` — ${entry.fields.map((field) => `{${field.key}} ${field.description}`).join('；')}`}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </>
        )}
      </Card>
      {dialog && <UploadDialog base={dialog.base} onClose={() => setDialog(null)} />}
    </PageContainer>
  );
}
