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
import { useT } from '../../../app/i18n/LocaleProvider';
import { normalizeCodeInput } from '../../customers/labels';
import { businessToday } from '../../../ui/business-date';

const time = (value: string | null) => (value ? dayjs(value).format('HH:mm') : '');

/** Today's reception log with the leave and convert-to-customer actions; other days via the date picker. */
export function TodayLog() {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [day, setDay] = useState<Dayjs>(businessToday());
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
      message.success(t('development.reception.departureRecorded'));
      await queryClient.invalidateQueries({ queryKey: receptionQueryKey });
    },
  });

  const columns: TableColumnsType<ReceptionRecord> = [
    {
      title: t('audit.at'),
      key: 'time',
      width: 110,
      render: (_, row) => (
        <Flex vertical>
          <span>
            <Tag color={row.kind === 'visit' ? 'cyan' : 'geekblue'}>{t(kindLabels[row.kind])}</Tag>
            {time(row.timeIn)}
          </span>
          {row.timeOut && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('development.reception.to')}{' '}{time(row.timeOut)}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('development.reception.visitor'),
      key: 'visitor',
      render: (_, row) => (
        <Flex vertical>
          {row.customerId ? <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> : <span>{row.prospectName ?? row.contactName}</span>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[row.contactName, row.contactPhone, row.companions ? t('development.reception.companions2', { companions: row.companions }) : null].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('development.reception.wantsSource'),
      key: 'interest',
      render: (_, row) => (
        <Flex vertical>
          <span>{[row.spaceTypeLabel, row.area ? `${row.area} ㎡` : null].filter(Boolean).join(' ') || '—'}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.sourceLabel ?? ''}
            {row.siteTour ? t('development.reception.toured2') : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('development.reception.receiver'),
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
    { title: t('audit.summary'), dataIndex: 'summary', key: 'summary', ellipsis: true, render: (value: string | null) => value ?? '' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, row) => (
        <Space size={4} wrap>
          {!row.timeOut && (
            <Button size="small" onClick={() => leave.mutate(row.id)} loading={leave.isPending && leave.variables === row.id}>
              {t('development.reception.left')}
                          </Button>
          )}
          {row.convertedCustomerId ? (
            <Tag color="success">{t('development.reception.converted2')}</Tag>
          ) : row.customerId ? null : (
            <Button size="small" type="primary" ghost onClick={() => setConverting(row)}>
              {t('development.reception.convertToCustomer')}
                            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('development.reception.log2', { v0: day.isSame(businessToday(), 'day') ? t('development.reception.today') : date, v1: list.data?.total ?? 0 })}
      extra={
        <Space>
          <Input.Search aria-label={t('development.reception.nameContactPhone')} allowClear size="small" placeholder={t('development.reception.nameContactPhone')} onSearch={setKeyword} style={{ width: 180 }} />
          <DatePicker size="small" value={day} allowClear={false} onChange={(value) => value && setDay(value)} disabledDate={(value) => value.isAfter(businessToday(), 'day')} />
        </Space>
      }
    >
      {/* A scrollable region that keyboard users can reach (WCAG 2.1.1). */}
      <div tabIndex={0} role="region" aria-label={t('development.reception.todayLog')} style={{ overflowX: 'auto' }}>
        <Table<ReceptionRecord> rowKey="id" size="small" columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching} pagination={false} style={{ minWidth: 900 }} />
      </div>
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
  const t = useT();
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
      message.success(t('development.reception.filedAccountManager', { convertedCustomerName: result.convertedCustomerName, receiverName: result.receiverName }));
      await queryClient.invalidateQueries({ queryKey: receptionQueryKey });
      onClose();
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'DUPLICATE') setRefusal(error.detail);
      else if (!applyServerFieldErrors(form, error)) setRefusal(error.message);
    },
  });
  return (
    <Modal open title={t('development.reception.convertToCustomer')} okText={t('development.reception.fileCustomer')} onOk={() => form.submit()} confirmLoading={convert.isPending} onCancel={onClose}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('development.reception.filesItWith')}{' '}{record.receiverName} {t('development.reception.asAccountManagerTheContact')}{[record.contactName, record.contactPhone].filter(Boolean).join(' ') || t('development.reception.none')}{t('development.reception.refusedIfACustomerWith')}
              </Typography.Paragraph>
      {refusal && <Typography.Paragraph type="danger">{refusal}</Typography.Paragraph>}
      <Form form={form} layout="vertical" initialValues={{ kind: 'organization', name: record.prospectName ?? record.contactName ?? '' }} onFinish={(values) => convert.mutate(values)}>
        <Form.Item name="kind" label={t('development.reception.customerType')}>
          <Radio.Group options={[{ value: 'organization', label: t('development.reception.company') }, { value: 'individual', label: t('development.reception.individual') }]} />
        </Form.Item>
        <Form.Item name="name" label={t('development.reception.customerName')} rules={[{ required: true, min: 2, message: t('development.reception.theCustomerNameNeedsAt') }]}>
          <Input maxLength={100} />
        </Form.Item>
        {kind !== 'individual' && (
          <Form.Item name="uscc" normalize={normalizeCodeInput} label={<Tooltip title={t('development.reception.canBeAddedLaterIn')}>{t('development.reception.unifiedSocialCreditCodeOptional')}</Tooltip>}>
            <Input maxLength={18} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
