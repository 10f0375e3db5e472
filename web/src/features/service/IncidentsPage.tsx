import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import { CustomerMultiPicker } from './CustomerMultiPicker';
import { incidentStatusColor, incidentStatuses, incidentsKey, listIncidents, type Incident, type IncidentFilters, type IncidentStatus, type IncidentSummary } from './incidents-api';

type NewIncident = { title: string; description: string; occurredAt: Dayjs; unitId: number; customerIds: number[]; expectedFixAt: Dayjs };

/** 重大故障 (R-SVC-05): the list with fix times, and recording one. */
export function IncidentsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [recording, setRecording] = useState(false);
  const [form] = Form.useForm<NewIncident>();
  const { tableProps, filters, setFilters } = useServerTable<IncidentSummary, IncidentFilters>({ queryKey: incidentsKey, fetchPage: listIncidents, initialFilters: {} });
  const create = useMutation({
    mutationFn: (values: NewIncident) => api.post<Incident>('/incidents', { ...values, occurredAt: values.occurredAt.toISOString(), expectedFixAt: values.expectedFixAt.toISOString() }),
    onSuccess: async (incident) => {
      message.success(t('common.saved'));
      setRecording(false);
      await queryClient.invalidateQueries({ queryKey: incidentsKey });
      navigate(`/service/incidents/${incident.id}`);
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const columns: TableColumnsType<IncidentSummary> = [
    { title: t('incidents.number'), key: 'number', width: 130, render: (_, row) => <Link to={`/service/incidents/${row.id}`}>{row.number}</Link> },
    { title: t('incidents.name'), dataIndex: 'title' },
    { title: t('incidents.occurredAt'), key: 'occurredAt', width: 150, render: (_, row) => formatDateTime(row.occurredAt) },
    { title: t('incidents.unit'), key: 'unit', width: 160, render: (_, row) => `${row.unitName} · ${row.managerName}` },
    { title: t('incidents.customers'), dataIndex: 'customerCount', width: 100, align: 'right' },
    {
      title: t('incidents.expectedFixAt'),
      key: 'fix',
      width: 190,
      render: (_, row) => (row.fixedAt ? `${t('incidents.fixedAt')} ${formatDateTime(row.fixedAt)}` : <Tag color={row.late ? 'red' : 'processing'}>{row.late ? `${t('incidents.late')} · ${formatDateTime(row.expectedFixAt)}` : formatDateTime(row.expectedFixAt)}</Tag>),
    },
    { title: t('incidents.status'), key: 'status', width: 150, render: (_, row) => <Tag color={incidentStatusColor[row.status]}>{t(`incidents.status.${row.status}`)}</Tag> },
  ];
  const required = (label: string) => [{ required: true, message: t('common.required', { label }) }];
  return (
    <PageContainer
      title={t('incidents.title')}
      subtitle={t('incidents.subtitle')}
      extra={
        hasPermission('service:write') && (
          <Button type="primary" danger icon={<PlusOutlined />} data-testid="incident-new" onClick={() => { form.resetFields(); setRecording(true); }}>
            {t('incidents.new')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={12} style={{ marginBottom: 12 }}>
          <Select<IncidentStatus> aria-label={t('incidents.status')} allowClear placeholder={t('incidents.status')} style={{ width: 180 }} value={filters.status} onChange={(status) => setFilters({ ...filters, status })} options={incidentStatuses.map((value) => ({ value, label: t(`incidents.status.${value}`) }))} />
        </Flex>
        <Table<IncidentSummary> {...tableProps} size="small" columns={columns} />
      </Card>
      <Modal width={680} open={recording} title={t('incidents.new')} okButtonProps={{ loading: create.isPending }} onOk={() => form.validateFields().then((values) => create.mutate(values))} onCancel={() => setRecording(false)} destroyOnHidden>
        <Form<NewIncident> form={form} layout="vertical">
          <Form.Item name="title" label={t('incidents.name')} rules={required(t('incidents.name'))}><Input maxLength={100} /></Form.Item>
          <Form.Item name="description" label={t('incidents.description')} rules={required(t('incidents.description'))}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="occurredAt" label={t('incidents.occurredAt')} rules={required(t('incidents.occurredAt'))}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('incidents.occurredAt')} />
            </Form.Item>
            <Form.Item name="expectedFixAt" label={t('incidents.expectedFixAt')} rules={required(t('incidents.expectedFixAt'))}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('incidents.expectedFixAt')} />
            </Form.Item>
            <Form.Item name="unitId" label={t('incidents.unit')} rules={required(t('incidents.unit'))} style={{ flex: 1, minWidth: 200 }}>
              <OrgUnitTreeSelect aria-label={t('incidents.unit')} />
            </Form.Item>
          </Flex>
          <Form.Item name="customerIds" label={t('incidents.customers')} rules={required(t('incidents.customers'))}>
            <CustomerMultiPicker label={t('incidents.customers')} />
          </Form.Item>
          <Typography.Text type="secondary">{t('incidents.subtitle')}</Typography.Text>
        </Form>
      </Modal>
    </PageContainer>
  );
}
