import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Modal, Radio, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { useState } from 'react';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import type { MessageKey } from '../../app/i18n/dictionary';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import { CallerPicker } from './CallerPicker';
import { complaintStatusColor, complaintStatuses, complaintsKey, listComplaints, subtypes, type Clock, type ComplaintDetail, type ComplaintFilters, type ComplaintStatus, type ComplaintSummary, type Family } from './complaints-api';
import { PersonPicker } from './PersonPicker';
import { channels } from './service-api';

type NewComplaint = {
  kind: 'complaint' | 'grievance';
  source: 'customer' | 'regulator' | 'association';
  forwardedBy?: string;
  customerId: number;
  complainantName: string;
  contactPhone?: string;
  channel: string;
  family: Family;
  subtype: string;
  targetUserId?: number | null;
  targetUnitId?: number | null;
  eventAt: Dayjs;
  facts: string;
  handlerId?: number | null;
};

/** A clock as a tag: done, paused, late or due (R-SVC-12). */
export function ClockTag({ clock }: { clock: Clock | null }) {
  const t = useT();
  if (!clock) return <Typography.Text type="secondary">—</Typography.Text>;
  const used = t('complaints.clock.used', { used: clock.usedMinutes, limit: clock.limitMinutes });
  if (clock.doneAt) return <Tooltip title={used}><Tag color={clock.breached ? 'red' : 'green'}>{clock.breached ? t('complaints.clock.late') : t('complaints.clock.done', { at: formatDateTime(clock.doneAt) })}</Tag></Tooltip>;
  if (clock.paused) return <Tag color="warning">{t('complaints.clock.paused')}</Tag>;
  return (
    <Tooltip title={used}>
      <Tag color={clock.breached ? 'red' : 'processing'}>{clock.breached ? `${t('complaints.clock.late')} · ${formatDateTime(clock.dueAt)}` : t('complaints.clock.due', { at: formatDateTime(clock.dueAt) })}</Tag>
    </Tooltip>
  );
}

/** 投诉 (R-SVC-10…13): the complaints the reader needs to know of, with both clocks; taking a complaint. */
export function ComplaintsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [taking, setTaking] = useState(false);
  const [form] = Form.useForm<NewComplaint>();
  const family = Form.useWatch('family', form);
  const source = Form.useWatch('source', form);
  const kind = Form.useWatch('kind', form);
  const { tableProps, filters, setFilters } = useServerTable<ComplaintSummary, ComplaintFilters>({ queryKey: complaintsKey, fetchPage: listComplaints, initialFilters: {} });
  const create = useMutation({
    mutationFn: (values: NewComplaint) => api.post<ComplaintDetail>('/complaints', { ...values, eventAt: values.eventAt?.toISOString() }),
    onSuccess: async (complaint) => {
      message.success(t('common.saved'));
      setTaking(false);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: complaintsKey });
      navigate(`/service/complaints/${complaint.id}`);
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const columns: TableColumnsType<ComplaintSummary> = [
    {
      title: t('complaints.number'),
      key: 'number',
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/service/complaints/${row.id}`}>{row.number}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(row.receivedAt)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('complaints.customer'),
      key: 'customer',
      render: (_, row) => (
        <Flex vertical>
          <span>{row.customerName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.complainantName}
            {row.source !== 'customer' && <Tag color="magenta" style={{ marginInlineStart: 6 }}>{t(`complaints.source.${row.source}`)}</Tag>}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('complaints.subtype'), key: 'type', width: 170, render: (_, row) => (row.kind === 'grievance' ? <Tag>{t('complaints.kind.grievance')}</Tag> : `${t(`complaints.family.${row.family}`)}·${row.subtypeName}`) },
    { title: t('complaints.handler'), dataIndex: 'handlerName', width: 100 },
    { title: t('complaints.planClock'), key: 'plan', width: 190, render: (_, row) => <ClockTag clock={row.plan} /> },
    { title: t('complaints.resolveClock'), key: 'resolve', width: 190, render: (_, row) => <ClockTag clock={row.resolve} /> },
    {
      title: t('complaints.classification'),
      key: 'class',
      width: 100,
      render: (_, row) => (row.validity ? <Tag color={row.validity === 'valid' ? 'red' : 'default'}>{`${t(`complaints.validity.${row.validity}`)}·${t(`complaints.severity.${row.severity!}`)}`}</Tag> : '—'),
    },
    { title: t('complaints.status'), key: 'status', width: 100, render: (_, row) => <Tag color={complaintStatusColor[row.status]}>{t(`complaints.status.${row.status}`)}</Tag> },
  ];
  return (
    <PageContainer
      title={t('complaints.title')}
      subtitle={t('complaints.subtitle')}
      extra={
        hasPermission('service:write') && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="complaint-new" onClick={() => { form.setFieldsValue({ kind: 'complaint', source: 'customer', channel: 'phone', family: 'service' }); setTaking(true); }}>
            {t('complaints.new')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Input.Search aria-label={t('complaints.search')} allowClear placeholder={t('complaints.search')} style={{ width: 260 }} maxLength={50} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select<ComplaintStatus> aria-label={t('complaints.status')} allowClear placeholder={t('complaints.status')} style={{ width: 130 }} value={filters.status} onChange={(status) => setFilters({ ...filters, status })} options={complaintStatuses.map((value) => ({ value, label: t(`complaints.status.${value}`) }))} />
          <DatePicker picker="month" aria-label={t('complaints.month')} placeholder={t('complaints.month')} onChange={(month) => setFilters({ ...filters, month: month ? month.format('YYYY-MM') : undefined })} />
          <Checkbox checked={filters.breached === 'true'} onChange={(event) => setFilters({ ...filters, breached: event.target.checked ? 'true' : undefined })}>
            {t('complaints.onlyBreached')}
          </Checkbox>
        </Flex>
        <Table<ComplaintSummary> {...tableProps} size="small" columns={columns} />
      </Card>
      <Modal width={720} open={taking} title={t('complaints.new')} okButtonProps={{ loading: create.isPending }} onOk={() => form.validateFields().then((values) => create.mutate(values))} onCancel={() => setTaking(false)} destroyOnHidden>
        <Form<NewComplaint> form={form} layout="vertical">
          <Flex gap={12} wrap>
            <Form.Item name="kind" label={t('complaints.kind')}>
              <Radio.Group options={(['complaint', 'grievance'] as const).map((value) => ({ value, label: t(`complaints.kind.${value}`) }))} />
            </Form.Item>
            <Form.Item name="source" label={t('complaints.source')} style={{ minWidth: 160 }}>
              <Select aria-label={t('complaints.source')} options={(['customer', 'regulator', 'association'] as const).map((value) => ({ value, label: t(`complaints.source.${value}`) }))} />
            </Form.Item>
            {source && source !== 'customer' && (
              <Form.Item name="forwardedBy" label={t('complaints.forwardedBy')} rules={[{ required: true, message: t('common.required', { label: t('complaints.forwardedBy') }) }]} style={{ flex: 1 }}>
                <Input maxLength={100} />
              </Form.Item>
            )}
          </Flex>
          <Form.Item name="customerId" label={t('complaints.customer')} rules={[{ required: true, message: t('common.selectRequired', { label: t('complaints.customer') }) }]}>
            <CallerPicker />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="complainantName" label={t('complaints.complainant')} rules={[{ required: true, message: t('common.required', { label: t('complaints.complainant') }) }]} style={{ flex: 1 }}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('complaints.phone')} style={{ flex: 1 }}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="channel" label={t('complaints.channel')} style={{ flex: 1 }}>
              <Select aria-label={t('complaints.channel')} options={channels.map((value) => ({ value, label: t(`tickets.channel.${value}`) }))} />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="family" label={t('complaints.family')} style={{ flex: 1 }}>
              <Select aria-label={t('complaints.family')} onChange={() => form.setFieldValue('subtype', undefined)} options={(['service', 'business'] as const).map((value) => ({ value, label: t(`complaints.family.${value}`) }))} />
            </Form.Item>
            <Form.Item name="subtype" label={t('complaints.subtype')} rules={[{ required: true, message: t('common.selectRequired', { label: t('complaints.subtype') }) }]} style={{ flex: 1 }}>
              <Select aria-label={t('complaints.subtype')} data-testid="complaint-subtype" options={(subtypes[family ?? 'service'] ?? []).map((value) => ({ value, label: t(`complaints.subtype.${value}` as MessageKey) }))} />
            </Form.Item>
            <Form.Item name="eventAt" label={t('complaints.eventAt')} rules={[{ required: true, message: t('common.selectRequired', { label: t('complaints.eventAt') }) }]} style={{ flex: 1 }}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('complaints.eventAt')} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          {kind !== 'grievance' && (
            <Flex gap={12}>
              <Form.Item name="targetUserId" label={t('complaints.target')} extra={t('complaints.targetHint')} style={{ flex: 1 }}>
                <PersonPicker label={t('complaints.target')} allowClear testId="complaint-target" />
              </Form.Item>
              <Form.Item name="targetUnitId" label={t('complaints.targetUnit')} style={{ flex: 1 }}>
                <OrgUnitTreeSelect aria-label={t('complaints.targetUnit')} allowClear />
              </Form.Item>
            </Flex>
          )}
          <Form.Item name="facts" label={t('complaints.facts')} rules={[{ required: true, message: t('common.required', { label: t('complaints.facts') }) }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          {kind !== 'grievance' && (
            <Form.Item name="handlerId" label={t('complaints.handler')} extra={t('complaints.handlerHint')}>
              <PersonPicker label={t('complaints.handler')} allowClear />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </PageContainer>
  );
}
