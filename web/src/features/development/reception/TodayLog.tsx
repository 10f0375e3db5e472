import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Flex, Form, Input, Modal, Radio, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../../app/api-client';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import {
  assignmentColors,
  convertReception,
  kindLabels,
  listReceptions,
  receptionQueryKey,
  updateReception,
  type ConvertBody,
  type ReceptionRecord,
} from './reception-api';

const time = (value: string | null) => (value ? dayjs(value).format('HH:mm') : '');

/** Today's reception log with 「离开」 and 「转为客户」; other days via the date picker. */
export function TodayLog() {
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [day, setDay] = useState<Dayjs>(dayjs());
  const [keyword, setKeyword] = useState('');
  const [converting, setConverting] = useState<ReceptionRecord | null>(null);
  const date = day.format('YYYY-MM-DD');
  const list = useQuery({
    queryKey: [...receptionQueryKey, 'day', date, keyword],
    queryFn: () => listReceptions({ from: date, to: date, keyword: keyword || undefined, page: 1, pageSize: 100 }),
  });
  const leave = useMutation({
    mutationFn: (id: number) => updateReception(id, { timeOut: new Date().toISOString() }),
    onSuccess: async () => {
      message.success('已记录离开时间');
      await queryClient.invalidateQueries({ queryKey: receptionQueryKey });
    },
  });

  const columns: TableColumnsType<ReceptionRecord> = [
    {
      title: '时间',
      key: 'time',
      width: 110,
      render: (_, row) => (
        <Flex vertical>
          <span>
            <Tag color={row.kind === 'visit' ? 'cyan' : 'geekblue'}>{kindLabels[row.kind]}</Tag>
            {time(row.timeIn)}
          </span>
          {row.timeOut && <Typography.Text type="secondary" style={{ fontSize: 12 }}>至 {time(row.timeOut)}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: '访客',
      key: 'visitor',
      render: (_, row) => (
        <Flex vertical>
          {row.customerId ? <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> : <span>{row.prospectName ?? row.contactName}</span>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[row.contactName, row.contactPhone, row.companions ? `同行 ${row.companions} 人` : null].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '意向 / 来源',
      key: 'interest',
      render: (_, row) => (
        <Flex vertical>
          <span>{[row.spaceTypeLabel, row.area ? `${row.area} ㎡` : null].filter(Boolean).join(' ') || '—'}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.sourceLabel ?? ''}
            {row.siteTour ? ' · 已带看' : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '接待人',
      key: 'receiver',
      width: 150,
      render: (_, row) => (
        <Flex vertical>
          <span>{row.receiverName}</span>
          <Tag color={assignmentColors[row.assignment]} style={{ width: 'fit-content' }}>
            {row.assignmentLabel}
          </Tag>
        </Flex>
      ),
    },
    { title: '摘要', dataIndex: 'summary', key: 'summary', ellipsis: true, render: (value: string | null) => value ?? '' },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, row) => (
        <Space size={4} wrap>
          {!row.timeOut && (
            <Button size="small" onClick={() => leave.mutate(row.id)} loading={leave.isPending && leave.variables === row.id}>
              离开
            </Button>
          )}
          {row.convertedCustomerId ? (
            <Tag color="success">已转客户</Tag>
          ) : row.customerId ? null : (
            <Button size="small" type="primary" ghost onClick={() => setConverting(row)}>
              转为客户
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={`${day.isSame(dayjs(), 'day') ? '今日' : date} 登记（${list.data?.total ?? 0}）`}
      extra={
        <Space>
          <Input.Search allowClear size="small" placeholder="名称/联系人/电话" onSearch={setKeyword} style={{ width: 180 }} />
          <DatePicker size="small" value={day} allowClear={false} onChange={(value) => value && setDay(value)} disabledDate={(value) => value.isAfter(dayjs(), 'day')} />
        </Space>
      }
    >
      <Table<ReceptionRecord> rowKey="id" size="small" columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching} pagination={false} scroll={{ x: 900 }} />
      {converting && <ConvertModal record={converting} onClose={() => setConverting(null)} />}
    </Card>
  );
}

interface ConvertValues {
  kind: 'organization' | 'individual';
  name: string;
  uscc?: string;
}

/** 一键转为客户 (R-DEV-40): 查重 on the server; a duplicate shows the existing customer and its owner. */
function ConvertModal({ record, onClose }: { record: ReceptionRecord; onClose: () => void }) {
  const [form] = Form.useForm<ConvertValues>();
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [refusal, setRefusal] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const convert = useMutation({
    mutationFn: (values: ConvertValues) => {
      const body: ConvertBody = { kind: values.kind, name: values.name.trim(), uscc: values.kind === 'organization' ? values.uscc?.trim() || null : null };
      return convertReception(record.id, body);
    },
    meta: { silent: true },
    onSuccess: async (result) => {
      message.success(`已建档「${result.convertedCustomerName}」，客户经理 ${result.receiverName}`);
      await queryClient.invalidateQueries({ queryKey: receptionQueryKey });
      onClose();
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'DUPLICATE') setRefusal(error.detail);
      else if (!applyServerFieldErrors(form, error)) setRefusal(error.message);
    },
  });
  return (
    <Modal open title="转为客户" okText="建档" onOk={() => form.submit()} confirmLoading={convert.isPending} onCancel={onClose}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        将以 {record.receiverName} 为客户经理建档，联系人取自登记（{[record.contactName, record.contactPhone].filter(Boolean).join(' ') || '无'}）；同名或同一信用代码的客户已存在时不能建档。
      </Typography.Paragraph>
      {refusal && <Typography.Paragraph type="danger">{refusal}</Typography.Paragraph>}
      <Form form={form} layout="vertical" initialValues={{ kind: 'organization', name: record.prospectName ?? record.contactName ?? '' }} onFinish={(values) => convert.mutate(values)}>
        <Form.Item name="kind" label="客户类型">
          <Radio.Group options={[{ value: 'organization', label: '企业' }, { value: 'individual', label: '个人' }]} />
        </Form.Item>
        <Form.Item name="name" label="客户名称" rules={[{ required: true, min: 2, message: '客户名称至少 2 个字' }]}>
          <Input maxLength={100} />
        </Form.Item>
        {kind !== 'individual' && (
          <Form.Item name="uscc" label={<Tooltip title="可稍后在客户档案中补充">统一社会信用代码（可选）</Tooltip>}>
            <Input maxLength={18} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
