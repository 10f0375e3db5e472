import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Checkbox, Flex, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { useDictionaryItems } from '../dictionaries/dictionaries-api';
import { CallerPicker } from './CallerPicker';
import { channels, listTickets, priorities, priorityColor, statusColor, ticketsKey, type Channel, type Priority, type TicketDetail, type TicketFilters, type TicketStatus, type TicketSummary } from './service-api';

type NewTicket = { customerId: number; contactName: string; contactPhone?: string; channel: Channel; category: string; priority: Priority; description: string };

/** 服务工单 (R-SVC-01…04): my tickets and my scope's, overdue marked; quick entry of a request. */
export function TicketsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const categories = useDictionaryItems('ticket_category');
  const [taking, setTaking] = useState(false);
  const [form] = Form.useForm<NewTicket>();
  const { tableProps, filters, setFilters } = useServerTable<TicketSummary, TicketFilters>({ queryKey: ticketsKey, fetchPage: listTickets, initialFilters: { status: 'open' } });
  const create = useMutation({
    mutationFn: (values: NewTicket) => api.post<TicketDetail>('/tickets', values),
    onSuccess: async (ticket) => {
      message.success(t('common.saved'));
      setTaking(false);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ticketsKey });
      navigate(`/service/tickets/${ticket.id}`);
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const columns: TableColumnsType<TicketSummary> = [
    {
      title: t('tickets.number'),
      key: 'number',
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/service/tickets/${row.id}`}>{row.number}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(row.createdAt)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('tickets.customer'),
      key: 'customer',
      render: (_, row) => (
        <Flex gap={4} wrap>
          <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>
          {row.keyAccount && <Tag color="gold">{t('tickets.keyAccount')}</Tag>}
          {row.repeatOfId && <Tag color="purple">{t('tickets.repeat')}</Tag>}
        </Flex>
      ),
    },
    { title: t('tickets.category'), dataIndex: 'categoryName', width: 110 },
    { title: t('tickets.priority'), key: 'priority', width: 80, render: (_, row) => <Tag color={priorityColor[row.priority]}>{t(`tickets.priority.${row.priority}`)}</Tag> },
    { title: t('tickets.owner'), dataIndex: 'ownerName', width: 100 },
    { title: t('tickets.dueAt'), key: 'due', width: 190, render: (_, row) => <Flex gap={4}>{formatDateTime(row.dueAt)}{row.overdue && <Tag color="red">{t('tickets.overdue')}</Tag>}</Flex> },
    { title: t('tickets.status'), key: 'status', width: 90, render: (_, row) => <Tag color={statusColor[row.status]}>{t(`tickets.status.${row.status}`)}</Tag> },
  ];
  return (
    <PageContainer
      title={t('tickets.title')}
      subtitle={t('tickets.subtitle')}
      extra={
        hasPermission('service:write') && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="ticket-new" onClick={() => { form.setFieldsValue({ channel: 'phone', priority: 'normal' }); setTaking(true); }}>
            {t('tickets.new')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Input.Search aria-label={t('tickets.search')} allowClear placeholder={t('tickets.search')} style={{ width: 260 }} maxLength={50} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select<TicketStatus> aria-label={t('tickets.status')} allowClear placeholder={t('tickets.status')} style={{ width: 130 }} value={filters.status} onChange={(status) => setFilters({ ...filters, status })} options={(['open', 'resolved', 'closed'] as const).map((value) => ({ value, label: t(`tickets.status.${value}`) }))} />
          <Checkbox checked={filters.mine === 'true'} onChange={(event) => setFilters({ ...filters, mine: event.target.checked ? 'true' : undefined })}>
            {t('tickets.mine')}
          </Checkbox>
          <Checkbox checked={filters.overdue === 'true'} onChange={(event) => setFilters({ ...filters, overdue: event.target.checked ? 'true' : undefined })}>
            {t('tickets.onlyOverdue')}
          </Checkbox>
        </Flex>
        <Table<TicketSummary> {...tableProps} size="small" columns={columns} />
      </Card>
      <Modal width={640} open={taking} title={t('tickets.new')} okButtonProps={{ loading: create.isPending }} onOk={() => form.validateFields().then((values) => create.mutate(values))} onCancel={() => setTaking(false)} destroyOnHidden>
        <Form<NewTicket> form={form} layout="vertical">
          <Form.Item name="customerId" label={t('tickets.customer')} rules={[{ required: true, message: t('common.selectRequired', { label: t('tickets.customer') }) }]}>
            <CallerPicker />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="contactName" label={t('tickets.contact')} rules={[{ required: true, message: t('common.required', { label: t('tickets.contact') }) }]} style={{ flex: 1 }}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('tickets.phone')} style={{ flex: 1 }}>
              <Input maxLength={30} />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="channel" label={t('tickets.channel')} style={{ flex: 1 }}>
              <Select aria-label={t('tickets.channel')} options={channels.map((value) => ({ value, label: t(`tickets.channel.${value}`) }))} />
            </Form.Item>
            <Form.Item name="category" label={t('tickets.category')} rules={[{ required: true, message: t('common.selectRequired', { label: t('tickets.category') }) }]} style={{ flex: 1 }}>
              <Select aria-label={t('tickets.category')} data-testid="ticket-category" options={(categories.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} />
            </Form.Item>
            <Form.Item name="priority" label={t('tickets.priority')} style={{ flex: 1 }}>
              <Select aria-label={t('tickets.priority')} options={priorities.map((value) => ({ value, label: t(`tickets.priority.${value}`) }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={t('tickets.description')} rules={[{ required: true, message: t('common.required', { label: t('tickets.description') }) }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
