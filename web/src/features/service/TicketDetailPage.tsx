import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Skeleton, Switch, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { AttachmentList } from '../attachments/AttachmentList';
import { useDictionaryItems } from '../dictionaries/dictionaries-api';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import { listAssignableUsers } from '../tasks/tasks-api';
import { getTicket, priorityColor, statusColor, ticketsKey, type TicketDetail, type WorkOrder } from './service-api';

type Action = { kind: 'transfer' } | { kind: 'resolve' } | { kind: 'dispatch' } | { kind: 'complete'; order: WorkOrder } | { kind: 'confirm'; order: WorkOrder };
const woColor: Record<WorkOrder['status'], string> = { open: 'processing', done: 'blue', confirmed: 'success', cancelled: 'default' };

/** 工单详情: the request, its owner and transfers, work orders with results and confirmation. */
export function TicketDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const key = [...ticketsKey, id];
  const ticket = useQuery({ queryKey: key, queryFn: () => getTicket(id), retry: false });
  const chargeItems = useDictionaryItems('charge_item');
  const [action, setAction] = useState<Action>();
  const [search, setSearch] = useState('');
  const users = useQuery({ queryKey: ['tasks', 'assignable', search], queryFn: () => listAssignableUsers(search || undefined), enabled: action?.kind === 'transfer' || action?.kind === 'dispatch' });
  const [form] = Form.useForm();
  const chargeable = Form.useWatch('chargeable', form);
  const submit = useMutation({
    mutationFn: async (values: Record<string, unknown>) => {
      switch (action!.kind) {
        case 'transfer':
          return api.post(`/tickets/${id}/transfer`, values);
        case 'resolve':
          return api.post(`/tickets/${id}/resolve`, values);
        case 'dispatch':
          return api.post(`/tickets/${id}/work-orders`, { ...values, dueAt: values.dueAt ? (values.dueAt as Dayjs).toISOString() : undefined });
        case 'complete':
          return api.post(`/work-orders/${action!.order.id}/complete`, values);
        case 'confirm':
          return api.post(`/work-orders/${action!.order.id}/confirm`, values);
      }
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      setAction(undefined);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ticketsKey });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  if (ticket.isError) return <Alert type="error" showIcon title={t('tickets.notFound')} />;
  if (!ticket.data) return <Skeleton active />;
  const d: TicketDetail = ticket.data;
  const write = hasPermission('service:write');
  const open = (next: Action, values: Record<string, unknown> = {}) => {
    form.resetFields();
    form.setFieldsValue(values);
    setAction(next);
  };
  const userOptions = (users.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.displayName} · ${user.unitName}` }));
  const titles: Record<Action['kind'], string> = { transfer: t('tickets.transfer'), resolve: t('tickets.resolve'), dispatch: t('tickets.dispatch'), complete: t('tickets.woComplete'), confirm: t('tickets.woConfirm') };
  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid="ticket-number">{d.number}</span>
          <Tag color={statusColor[d.status]}>{t(`tickets.status.${d.status}`)}</Tag>
          <Tag color={priorityColor[d.priority]}>{t(`tickets.priority.${d.priority}`)}</Tag>
          {d.overdue && <Tag color="red">{t('tickets.overdue')}</Tag>}
          {d.keyAccount && <Tag color="gold">{t('tickets.keyAccount')}</Tag>}
          {d.firstContactResolved && <Tag color="green">{t('tickets.firstContact')}</Tag>}
        </Flex>
      }
      extra={
        d.canHandle && (
          <Flex gap={8}>
            <Button onClick={() => open({ kind: 'dispatch' }, { unitId: d.responsibleUnitId ?? undefined })}>{t('tickets.dispatch')}</Button>
            <Button onClick={() => open({ kind: 'transfer' })}>{t('tickets.transfer')}</Button>
            <Button type="primary" data-testid="ticket-resolve" onClick={() => open({ kind: 'resolve' })}>
              {t('tickets.resolve')}
            </Button>
          </Flex>
        )
      }
    >
      <Flex vertical gap={16}>
        {d.repeatOfId && <Alert type="info" showIcon title={<Link to={`/service/tickets/${d.repeatOfId}`}>{t('tickets.repeatOf', { id: d.repeatOfId })}</Link>} />}
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('tickets.customer')}>
              <Link to={`/customers/${d.customerId}`}>{d.customerName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.contact')}>{[d.contactName, d.contactPhone].filter(Boolean).join(' ')}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.channel')}>{t(`tickets.channel.${d.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.category')}>{d.categoryName}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.owner')}>{d.ownerName}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.takenBy')}>{d.takenByName}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.createdAt')}>{formatDateTime(d.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.dueAt')}>{formatDateTime(d.dueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.resolution')}>{d.resolution ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.description')} span={3}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.description}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('tickets.workOrders')}>
          <Table<WorkOrder>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.workOrders}
            columns={[
              { title: t('tickets.woUnit'), key: 'unit', width: 160, render: (_, row) => [row.unitName, row.assigneeName].filter(Boolean).join(' · ') },
              { title: t('tickets.woInstructions'), dataIndex: 'instructions' },
              { title: t('tickets.dueAt'), key: 'due', width: 150, render: (_, row) => formatDateTime(row.dueAt) },
              { title: t('tickets.woResult'), key: 'result', render: (_, row) => row.result ?? '—' },
              { title: t('tickets.woCost'), key: 'cost', width: 130, align: 'right', render: (_, row) => (row.cost ? <Flex vertical align="end">{row.cost}{row.charged && <Tag color="green">{t('tickets.woCharged')}</Tag>}</Flex> : '—') },
              { title: t('tickets.status'), key: 'status', width: 110, render: (_, row) => <Tag color={woColor[row.status]}>{t(`tickets.woStatus.${row.status}`)}</Tag> },
              {
                title: '',
                key: 'actions',
                width: 110,
                render: (_, row) =>
                  write && row.status === 'open' ? (
                    <Button size="small" onClick={() => open({ kind: 'complete', order: row }, { cost: '0', chargeable: false })}>
                      {t('tickets.woComplete')}
                    </Button>
                  ) : d.canHandle && row.status === 'done' ? (
                    <Button size="small" onClick={() => open({ kind: 'confirm', order: row }, { satisfied: true, confirmedBy: d.contactName })}>
                      {t('tickets.woConfirm')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
        {d.transfers.length > 0 && (
          <Card size="small" title={t('tickets.transfers')}>
            <Timeline items={d.transfers.map((transfer) => ({ key: transfer.id, children: t('tickets.transferLine', { from: transfer.fromName, to: transfer.toName, reason: transfer.reason, by: transfer.byName, at: formatDateTime(transfer.createdAt) }) }))} />
          </Card>
        )}
        <Card size="small" title={t('customers.archive.attachments')}>
          <AttachmentList recordType="service_ticket" recordId={d.id} canUpload={d.canHandle} />
        </Card>
      </Flex>
      <Modal open={Boolean(action)} title={action ? titles[action.kind] : ''} okButtonProps={{ loading: submit.isPending }} onOk={() => form.validateFields().then((values) => submit.mutate(values))} onCancel={() => setAction(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical">
          {action?.kind === 'transfer' && (
            <>
              <Form.Item name="toUserId" label={t('tickets.transferTo')} rules={[{ required: true, message: t('common.selectRequired', { label: t('tickets.transferTo') }) }]}>
                <Select showSearch aria-label={t('tickets.transferTo')} filterOption={false} onSearch={setSearch} options={userOptions} />
              </Form.Item>
              <Form.Item name="reason" label={t('tickets.transferReason')} rules={[{ required: true, message: t('common.required', { label: t('tickets.transferReason') }) }]}>
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </>
          )}
          {action?.kind === 'resolve' && (
            <Form.Item name="resolution" label={t('tickets.resolution')} rules={[{ required: true, message: t('common.required', { label: t('tickets.resolution') }) }]}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
          )}
          {action?.kind === 'dispatch' && (
            <>
              <Form.Item name="unitId" label={t('tickets.woUnit')} rules={[{ required: true, message: t('common.selectRequired', { label: t('tickets.woUnit') }) }]}>
                <OrgUnitTreeSelect aria-label={t('tickets.woUnit')} />
              </Form.Item>
              <Form.Item name="assigneeId" label={t('tickets.woAssignee')}>
                <Select allowClear showSearch aria-label={t('tickets.woAssignee')} filterOption={false} onSearch={setSearch} options={userOptions} />
              </Form.Item>
              <Form.Item name="instructions" label={t('tickets.woInstructions')} rules={[{ required: true, message: t('common.required', { label: t('tickets.woInstructions') }) }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Form.Item name="dueAt" label={t('tickets.woDue')}>
                <DatePicker showTime aria-label={t('tickets.woDue')} />
              </Form.Item>
            </>
          )}
          {action?.kind === 'complete' && (
            <>
              <Form.Item name="result" label={t('tickets.woResult')} rules={[{ required: true, message: t('common.required', { label: t('tickets.woResult') }) }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Flex gap={12} align="center" wrap>
                <Form.Item name="cost" label={t('tickets.woCost')}>
                  <InputNumber<string> stringMode min="0" precision={2} style={{ width: 160 }} aria-label={t('tickets.woCost')} />
                </Form.Item>
                <Form.Item name="chargeable" valuePropName="checked" style={{ marginTop: 24 }}>
                  <Checkbox>{t('tickets.woChargeable')}</Checkbox>
                </Form.Item>
              </Flex>
              {chargeable && (
                <Form.Item name="chargeItem" label={t('tickets.woChargeItem')} rules={[{ required: true, message: t('common.selectRequired', { label: t('tickets.woChargeItem') }) }]}>
                  <Select aria-label={t('tickets.woChargeItem')} options={(chargeItems.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} />
                </Form.Item>
              )}
            </>
          )}
          {action?.kind === 'confirm' && (
            <>
              <Form.Item name="confirmedBy" label={t('tickets.woConfirmedBy')} rules={[{ required: true, message: t('common.required', { label: t('tickets.woConfirmedBy') }) }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="satisfied" label={t('tickets.woSatisfied')} valuePropName="checked">
                <Switch aria-label={t('tickets.woSatisfied')} />
              </Form.Item>
              <Form.Item name="note" label={t('tickets.woNote')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </PageContainer>
  );
}
