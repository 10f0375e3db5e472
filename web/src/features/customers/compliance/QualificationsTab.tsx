import { EditOutlined, PlusOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
  type TableColumnsType,
  type UploadProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDate } from '../../../ui/format';
import { acceptedFileTypes, attachmentsQueryKey, downloadUrl, listAttachments, uploadAttachment } from '../../attachments/attachments-api';
import {
  admissionStatusLabels,
  createQualification,
  customersPrefix,
  deleteQualification,
  listQualifications,
  qualificationsQueryKey,
  qualificationStatusLabels,
  submitAdmission,
  updateQualification,
  type ComplianceCustomer,
  type Qualification,
  type QualificationBody,
  type QualificationDocType,
  type QualificationRequirement,
} from './compliance-api';
import { useT } from '../../../app/i18n/LocaleProvider';

interface FormValues {
  docType: QualificationDocType;
  number: string;
  validFrom?: Dayjs | null;
  validUntil?: Dayjs | null;
  attachmentId: number;
  note?: string;
}

const toDay = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

/** 资质文件 modal: type, number, validity and a file of this customer (pick one or upload). */
function QualificationModal({
  customerId,
  editing,
  docType,
  docTypeOptions,
  onClose,
}: {
  customerId: number;
  editing: Qualification | null;
  docType?: QualificationDocType;
  docTypeOptions: { value: QualificationDocType; label: string }[];
  onClose: () => void;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [uploading, setUploading] = useState(false);
  const filesKey = attachmentsQueryKey('customer', String(customerId));
  const files = useQuery({ queryKey: filesKey, queryFn: () => listAttachments('customer', String(customerId)) });

  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const body: QualificationBody = {
        docType: values.docType,
        number: values.number.trim(),
        validFrom: toDay(values.validFrom),
        validUntil: toDay(values.validUntil),
        attachmentId: values.attachmentId,
        note: values.note?.trim() || null,
      };
      return editing ? updateQualification(customerId, editing.id, body) : createQualification(customerId, body);
    },
    onSuccess: async () => {
      message.success(editing ? t('customers.compliance.documentUpdated') : t('customers.compliance.documentAdded'));
      await queryClient.invalidateQueries({ queryKey: customersPrefix });
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });

  const customRequest: UploadProps['customRequest'] = (options) => {
    const file = options.file as File;
    setUploading(true);
    uploadAttachment('customer', String(customerId), file, (percent) => options.onProgress?.({ percent }))
      .then(async (attachment) => {
        options.onSuccess?.(attachment);
        await queryClient.invalidateQueries({ queryKey: filesKey });
        form.setFieldValue('attachmentId', attachment.id);
        message.success(t('customers.compliance.uploaded', { fileName: attachment.fileName }));
      })
      .catch((error: unknown) => {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        message.error(error instanceof Error ? error.message : String(error));
      })
      .finally(() => setUploading(false));
  };

  return (
    <Modal
      open
      title={editing ? t('customers.compliance.editDocument', { docTypeName: editing.docTypeName }) : t('customers.compliance.addDocument')}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                docType: editing.docType,
                number: editing.number ?? '',
                validFrom: editing.validFrom ? dayjs(editing.validFrom) : null,
                validUntil: editing.validUntil ? dayjs(editing.validUntil) : null,
                attachmentId: editing.attachmentId ?? undefined,
                note: editing.note ?? '',
              }
            : { docType }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="docType" label={t('customers.compliance.documentType')} rules={[{ required: true, message: t('customers.compliance.pleaseChooseTheDocumentType') }]}>
          <Select options={docTypeOptions} disabled={Boolean(editing)} data-testid="qualification-doc-type" />
        </Form.Item>
        <Form.Item name="number" label={t('customers.compliance.documentNumber')} rules={[{ required: true, whitespace: true, message: t('customers.compliance.pleaseEnterTheDocumentNumber') }, { max: 64, message: t('customers.compliance.atMost64Characters') }]}>
          <Input maxLength={64} data-testid="qualification-number" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="validFrom" label={t('customers.compliance.validFrom')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('customers.compliance.validUntilEmptyNoExpiry')}
            style={{ flex: 1 }}
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null) => {
                  const from: Dayjs | null = getFieldValue('validFrom');
                  return value && from && value.isBefore(from, 'day') ? Promise.reject(new Error(t('customers.compliance.validUntilCannotBeBefore'))) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item label={t('customers.compliance.file')} required>
          <Flex gap={8}>
            <Form.Item name="attachmentId" noStyle rules={[{ required: true, message: t('customers.compliance.pleaseUploadOrChooseA') }]}>
              <Select aria-label={t('customers.compliance.chooseAFileAlreadyUploaded')}
                placeholder={t('customers.compliance.chooseAFileAlreadyUploaded')}
                loading={files.isLoading}
                style={{ flex: 1 }}
                options={(files.data?.items ?? []).map((file) => ({ value: file.id, label: file.fileName }))}
                data-testid="qualification-attachment"
              />
            </Form.Item>
            <Upload accept={acceptedFileTypes} showUploadList={false} customRequest={customRequest}>
              <Button icon={<UploadOutlined />} loading={uploading}>
                {t('customers.compliance.upload')}
                              </Button>
            </Upload>
          </Flex>
        </Form.Item>
        <Form.Item name="note" label={t('customers.compliance.note')} rules={[{ max: 500, message: t('customers.compliance.atMost500Characters') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 资质文件 tab (R-CUS-10/11): the required documents with their status, and 提交准入审核. */
export function QualificationsTab({ customer }: { customer: ComplianceCustomer }) {
  const t = useT();
  const { hasPermission } = useAuth();
  const canEdit = hasPermission('customer:update');
  const { message, modal } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: qualificationsQueryKey(customer.id), queryFn: () => listQualifications(customer.id) });
  const [editing, setEditing] = useState<{ qualification: Qualification | null; docType?: QualificationDocType } | null>(null);
  const data = query.data;

  const remove = useMutation({
    mutationFn: (id: number) => deleteQualification(customer.id, id),
    onSuccess: async () => {
      message.success(t('customers.compliance.documentDeleted'));
      await queryClient.invalidateQueries({ queryKey: customersPrefix });
    },
  });
  const admission = useMutation({
    mutationFn: (note?: string) => submitAdmission(customer.id, note),
    onSuccess: async () => {
      message.success(t('customers.compliance.admissionSubmittedWaitingForThe'));
      await queryClient.invalidateQueries({ queryKey: customersPrefix });
    },
  });

  const admissionStatus = data?.admissionStatus ?? customer.admissionStatus;
  const knownStatus = admissionStatusLabels[admissionStatus];
  const statusTag = { label: knownStatus ? t(knownStatus.label) : admissionStatus, color: knownStatus?.color ?? 'default' };
  const missing = data?.missing ?? [];
  const canSubmit = canEdit && missing.length === 0 && (admissionStatus === 'none' || admissionStatus === 'rejected');
  const byId = new Map((data?.items ?? []).map((item) => [item.id, item]));
  const docTypeOptions = (data?.requirements ?? []).map((r) => ({ value: r.docType, label: r.docTypeName }));

  const confirmAdmission = () =>
    modal.confirm({
      title: t('customers.compliance.submitForAdmission'),
      content: t('customers.compliance.submitForAdmissionUnitManager', { name: customer.name }),
      okText: t('customers.compliance.submit'),
      onOk: () => admission.mutateAsync(undefined),
    });

  const requirementColumns: TableColumnsType<QualificationRequirement> = [
    {
      title: t('customers.compliance.file'),
      dataIndex: 'docTypeName',
      key: 'docTypeName',
      render: (name: string, row) => (
        <Space>
          {name}
          {row.required ? <Tag color="blue">{t('customers.compliance.required')}</Tag> : <Tag>{t('customers.compliance.optional')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (status: QualificationRequirement['status']) => <Tag color={qualificationStatusLabels[status].color}>{t(qualificationStatusLabels[status].label)}</Tag>,
    },
    { title: t('customers.compliance.documentNumber'), key: 'number', render: (_, row) => (row.qualificationId ? (byId.get(row.qualificationId)?.number ?? '—') : '—') },
    { title: t('customers.compliance.validUntil'), dataIndex: 'validUntil', key: 'validUntil', width: 120, render: (value: string | null, row) => (row.qualificationId ? (value ? formatDate(value) : t('customers.compliance.noExpiry')) : '—') },
    {
      title: t('customers.compliance.file'),
      key: 'attachment',
      render: (_, row) => {
        const item = row.qualificationId ? byId.get(row.qualificationId) : undefined;
        return item?.attachmentId ? (
          <Typography.Link href={downloadUrl(item.attachmentId, true)} target="_blank" rel="noreferrer">
            {item.attachmentName ?? t('customers.compliance.view')}
          </Typography.Link>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, row) => {
        if (!canEdit) return null;
        const item = row.qualificationId ? byId.get(row.qualificationId) : undefined;
        return item ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing({ qualification: item })}>
            {t('customers.compliance.update')}
                      </Button>
        ) : (
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEditing({ qualification: null, docType: row.docType })} data-testid={`qualification-add-${row.docType}`}>
            {t('customers.compliance.add')}
                        </Button>
        );
      },
    },
  ];

  const itemColumns: TableColumnsType<Qualification> = [
    { title: t('customers.compliance.documentType'), dataIndex: 'docTypeName', key: 'docTypeName' },
    { title: t('customers.compliance.documentNumber'), dataIndex: 'number', key: 'number' },
    { title: t('customers.compliance.validity'), key: 'validity', render: (_, row) => t('customers.compliance.to', { v0: row.validFrom ? formatDate(row.validFrom) : '—', v1: row.validUntil ? formatDate(row.validUntil) : t('customers.compliance.noExpiry') }) },
    { title: t('users.status'), dataIndex: 'status', key: 'status', width: 110, render: (status: Qualification['status']) => <Tag color={qualificationStatusLabels[status].color}>{t(qualificationStatusLabels[status].label)}</Tag> },
    { title: t('customers.compliance.note'), dataIndex: 'note', key: 'note', ellipsis: true },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, row) =>
        canEdit && (
          <Space size={0}>
            <Button size="small" type="link" onClick={() => setEditing({ qualification: row })}>
              {t('audit.action.update')}
                          </Button>
            <Popconfirm title={t('customers.compliance.deleteThisDocument')} okText={t('common.delete')} okButtonProps={{ danger: true }} onConfirm={() => remove.mutateAsync(row.id)}>
              <Button size="small" type="link" danger>
                {t('common.delete')}
                              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex align="center" justify="space-between" wrap gap={12}>
          <Space wrap>
            <SafetyCertificateOutlined />
            <Typography.Text strong>{t('customers.compliance.admission')}</Typography.Text>
            <Tag color={statusTag.color} data-testid="admission-status">
              {statusTag.label}
            </Tag>
            {data?.firstTime && <Typography.Text type="secondary">{t('customers.compliance.firstTimeCustomersAlsoNeed')}</Typography.Text>}
          </Space>
          {canEdit && (
            <Tooltip title={missing.length ? t('customers.compliance.missingOrExpired', { v0: missing.join(t('common.listSeparator')) }) : admissionStatus === 'pending' ? t('customers.compliance.admissionInReview') : undefined}>
              <Button type="primary" disabled={!canSubmit} loading={admission.isPending} onClick={confirmAdmission} data-testid="submit-admission">
                {t('customers.compliance.submitForAdmission')}
                              </Button>
            </Tooltip>
          )}
        </Flex>
        {missing.length > 0 && admissionStatus !== 'admitted' && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('customers.compliance.beforeSubmittingForAdmissionAdd', { v0: missing.join(t('common.listSeparator')) })} />
        )}
      </Card>
      <Table<QualificationRequirement> rowKey="docType" size="small" loading={query.isLoading} columns={requirementColumns} dataSource={data?.requirements ?? []} pagination={false} />
      {(data?.items.length ?? 0) > 0 && (
        <Card size="small" title={t('customers.compliance.allDocumentsWithHistory')}>
          <Table<Qualification> rowKey="id" size="small" columns={itemColumns} dataSource={data?.items ?? []} pagination={false} />
        </Card>
      )}
      {editing && (
        <QualificationModal
          customerId={customer.id}
          editing={editing.qualification}
          docType={editing.docType}
          docTypeOptions={docTypeOptions}
          onClose={() => setEditing(null)}
        />
      )}
    </Flex>
  );
}
