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
      message.success(editing ? '资质文件已更新' : '资质文件已添加');
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
        message.success(`已上传 ${attachment.fileName}`);
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
      title={editing ? `修改资质文件：${editing.docTypeName}` : '添加资质文件'}
      okText="保存"
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
        <Form.Item name="docType" label="文件类型" rules={[{ required: true, message: '请选择文件类型' }]}>
          <Select options={docTypeOptions} disabled={Boolean(editing)} data-testid="qualification-doc-type" />
        </Form.Item>
        <Form.Item name="number" label="证件编号" rules={[{ required: true, whitespace: true, message: '请填写证件编号' }, { max: 64, message: '不能超过 64 个字符' }]}>
          <Input maxLength={64} data-testid="qualification-number" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="validFrom" label="有效期起" style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label="有效期至（留空为长期）"
            style={{ flex: 1 }}
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null) => {
                  const from: Dayjs | null = getFieldValue('validFrom');
                  return value && from && value.isBefore(from, 'day') ? Promise.reject(new Error('有效期至不能早于有效期起')) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item label="文件" required>
          <Flex gap={8}>
            <Form.Item name="attachmentId" noStyle rules={[{ required: true, message: '请上传或选择文件' }]}>
              <Select
                placeholder="选择本客户已上传的文件"
                loading={files.isLoading}
                style={{ flex: 1 }}
                options={(files.data?.items ?? []).map((file) => ({ value: file.id, label: file.fileName }))}
                data-testid="qualification-attachment"
              />
            </Form.Item>
            <Upload accept={acceptedFileTypes} showUploadList={false} customRequest={customRequest}>
              <Button icon={<UploadOutlined />} loading={uploading}>
                上传
              </Button>
            </Upload>
          </Flex>
        </Form.Item>
        <Form.Item name="note" label="备注" rules={[{ max: 500, message: '不能超过 500 个字符' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 资质文件 tab (R-CUS-10/11): the required documents with their status, and 提交准入审核. */
export function QualificationsTab({ customer }: { customer: ComplianceCustomer }) {
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
      message.success('资质文件已删除');
      await queryClient.invalidateQueries({ queryKey: customersPrefix });
    },
  });
  const admission = useMutation({
    mutationFn: (note?: string) => submitAdmission(customer.id, note),
    onSuccess: async () => {
      message.success('已提交准入审核，等待部门负责人与财务审批');
      await queryClient.invalidateQueries({ queryKey: customersPrefix });
    },
  });

  const admissionStatus = data?.admissionStatus ?? customer.admissionStatus;
  const statusTag = admissionStatusLabels[admissionStatus] ?? { label: admissionStatus, color: 'default' };
  const missing = data?.missing ?? [];
  const canSubmit = canEdit && missing.length === 0 && (admissionStatus === 'none' || admissionStatus === 'rejected');
  const byId = new Map((data?.items ?? []).map((item) => [item.id, item]));
  const docTypeOptions = (data?.requirements ?? []).map((r) => ({ value: r.docType, label: r.docTypeName }));

  const confirmAdmission = () =>
    modal.confirm({
      title: '提交准入审核',
      content: `将「${customer.name}」提交准入审核（部门负责人 → 财务），审批通过后成为合格客户，可以签订合同。`,
      okText: '提交',
      onOk: () => admission.mutateAsync(undefined),
    });

  const requirementColumns: TableColumnsType<QualificationRequirement> = [
    {
      title: '文件',
      dataIndex: 'docTypeName',
      key: 'docTypeName',
      render: (name: string, row) => (
        <Space>
          {name}
          {row.required ? <Tag color="blue">必需</Tag> : <Tag>选填</Tag>}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (status: QualificationRequirement['status']) => <Tag color={qualificationStatusLabels[status].color}>{qualificationStatusLabels[status].label}</Tag>,
    },
    { title: '证件编号', key: 'number', render: (_, row) => (row.qualificationId ? (byId.get(row.qualificationId)?.number ?? '—') : '—') },
    { title: '有效期至', dataIndex: 'validUntil', key: 'validUntil', width: 120, render: (value: string | null, row) => (row.qualificationId ? (value ? formatDate(value) : '长期') : '—') },
    {
      title: '文件',
      key: 'attachment',
      render: (_, row) => {
        const item = row.qualificationId ? byId.get(row.qualificationId) : undefined;
        return item?.attachmentId ? (
          <Typography.Link href={downloadUrl(item.attachmentId, true)} target="_blank" rel="noreferrer">
            {item.attachmentName ?? '查看'}
          </Typography.Link>
        ) : (
          '—'
        );
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      render: (_, row) => {
        if (!canEdit) return null;
        const item = row.qualificationId ? byId.get(row.qualificationId) : undefined;
        return item ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing({ qualification: item })}>
            更新
          </Button>
        ) : (
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEditing({ qualification: null, docType: row.docType })} data-testid={`qualification-add-${row.docType}`}>
            添加
          </Button>
        );
      },
    },
  ];

  const itemColumns: TableColumnsType<Qualification> = [
    { title: '文件类型', dataIndex: 'docTypeName', key: 'docTypeName' },
    { title: '证件编号', dataIndex: 'number', key: 'number' },
    { title: '有效期', key: 'validity', render: (_, row) => `${row.validFrom ? formatDate(row.validFrom) : '—'} 至 ${row.validUntil ? formatDate(row.validUntil) : '长期'}` },
    { title: '状态', dataIndex: 'status', key: 'status', width: 110, render: (status: Qualification['status']) => <Tag color={qualificationStatusLabels[status].color}>{qualificationStatusLabels[status].label}</Tag> },
    { title: '备注', dataIndex: 'note', key: 'note', ellipsis: true },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, row) =>
        canEdit && (
          <Space size={0}>
            <Button size="small" type="link" onClick={() => setEditing({ qualification: row })}>
              修改
            </Button>
            <Popconfirm title="删除该资质文件？" okText="删除" okButtonProps={{ danger: true }} onConfirm={() => remove.mutateAsync(row.id)}>
              <Button size="small" type="link" danger>
                删除
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
            <Typography.Text strong>准入状态</Typography.Text>
            <Tag color={statusTag.color} data-testid="admission-status">
              {statusTag.label}
            </Tag>
            {data?.firstTime && <Typography.Text type="secondary">首次合作客户还需公司章程、资信证明、财务报表</Typography.Text>}
          </Space>
          {canEdit && (
            <Tooltip title={missing.length ? `缺少或已过期：${missing.join('、')}` : admissionStatus === 'pending' ? '准入审核进行中' : undefined}>
              <Button type="primary" disabled={!canSubmit} loading={admission.isPending} onClick={confirmAdmission} data-testid="submit-admission">
                提交准入审核
              </Button>
            </Tooltip>
          )}
        </Flex>
        {missing.length > 0 && admissionStatus !== 'admitted' && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon message={`提交准入审核前请补齐：${missing.join('、')}`} />
        )}
      </Card>
      <Table<QualificationRequirement> rowKey="docType" size="small" loading={query.isLoading} columns={requirementColumns} dataSource={data?.requirements ?? []} pagination={false} />
      {(data?.items.length ?? 0) > 0 && (
        <Card size="small" title="全部资质文件（含历史）">
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
