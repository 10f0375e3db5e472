import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Skeleton, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { UserSelect } from '../users/UserSelect';
import { addMilestone, completeMilestone, contractsKey, getExecutionReport, listMilestones, type Milestone } from './contracts-api';
import { businessToday } from '../../ui/business-date';

// 履约跟踪 (R-LEA-24): the execution report as of a chosen day, and the obligation milestones whose
// owners are reminded ahead to remind the customer.

interface Values {
  kind: Milestone['kind'];
  title: string;
  dueDate: Dayjs;
  ownerId?: number;
  remindDays: number;
}

export function ExecutionTab({ contractId, canEdit }: { contractId: number; canEdit: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [asOf, setAsOf] = useState<Dayjs>(businessToday());
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<Values>();
  const report = useQuery({ queryKey: [...contractsKey, contractId, 'execution', asOf.format('YYYY-MM-DD')], queryFn: () => getExecutionReport(contractId, asOf.format('YYYY-MM-DD')) });
  const milestones = useQuery({ queryKey: [...contractsKey, contractId, 'milestones'], queryFn: () => listMilestones(contractId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...contractsKey, contractId] });
  const add = useMutation({
    mutationFn: (values: Values) => addMilestone(contractId, { ...values, dueDate: values.dueDate.format('YYYY-MM-DD') }),
    onSuccess: async () => {
      setAdding(false);
      await refresh();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const done = useMutation({ mutationFn: (milestone: Milestone) => completeMilestone(contractId, milestone.id), onSuccess: refresh, onError: (error: Error) => message.error(error.message) });
  const data = report.data;
  return (
    <Flex vertical gap={16}>
      <Flex gap={8} align="center">
        {t('contracts.execution.asOf')}
        <DatePicker aria-label={t('contracts.execution.asOf')} value={asOf} allowClear={false} onChange={(value) => value && setAsOf(value)} />
      </Flex>
      {!data ? (
        <Skeleton active />
      ) : (
        <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('contracts.execution.scheduled')}>{data.billing?.scheduledTotal ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.due')}>{data.billing?.dueToDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.paid')}>{data.billing?.paidToDate ?? t('contracts.execution.paidUnknown')}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.breaches')}>{`${data.breaches.open}/${data.breaches.total}`}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.disputes')}>{`${data.disputes.open}/${data.disputes.total}`}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.moveIn')}>{`${data.moveIn.done}/${data.moveIn.total}`}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.milestones')}>{`${data.milestones.done}/${data.milestones.total}`}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.overdue')} span={2}>
            {data.milestones.overdue.map((m) => `${m.dueDate} ${m.title}`).join(t('contracts.listSeparator')) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('contracts.execution.amendments')} span={3}>
            {data.amendments.map((a) => t('contracts.execution.amendmentLine', { seq: a.seq, date: a.effectiveDate, summary: a.summary })).join(t('contracts.listSeparator')) || '—'}
          </Descriptions.Item>
        </Descriptions>
      )}
      {canEdit && (
        <Button onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }}>
          {t('contracts.milestone.add')}
        </Button>
      )}
      <Table<Milestone>
        size="small"
        rowKey="id"
        pagination={false}
        loading={milestones.isLoading}
        dataSource={milestones.data ?? []}
        columns={[
          { title: t('contracts.milestone.kind'), dataIndex: 'kindName', width: 90 },
          { title: t('contracts.milestone.title'), dataIndex: 'title' },
          { title: t('contracts.milestone.due'), key: 'due', width: 150, render: (_, m) => (m.overdue ? <Tag color="red">{`${m.dueDate} ${t('contracts.milestone.overdue')}`}</Tag> : m.dueDate) },
          { title: t('contracts.milestone.owner'), dataIndex: 'ownerName', width: 120 },
          {
            title: t('contracts.milestone.done'),
            key: 'done',
            width: 130,
            render: (_, m) =>
              m.status === 'done' ? (
                <Tag color="green">{dayjs(m.doneAt).format('YYYY-MM-DD')}</Tag>
              ) : (
                <Button size="small" loading={done.isPending && done.variables?.id === m.id} onClick={() => done.mutate(m)}>
                  {t('contracts.milestone.done')}
                </Button>
              ),
          },
        ]}
      />
      {adding && (
        <Modal open title={t('contracts.milestone.add')} confirmLoading={add.isPending} onOk={() => form.submit()} onCancel={() => setAdding(false)} destroyOnHidden>
          <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'payment', remindDays: 7 }} onFinish={(values) => add.mutate(values)}>
            <Form.Item name="kind" label={t('contracts.milestone.kind')} rules={[{ required: true }]}>
              <Select aria-label={t('contracts.milestone.kind')} options={(['payment', 'delivery', 'inspection', 'other'] as const).map((kind) => ({ value: kind, label: t(`contracts.milestone.kind.${kind}`) }))} />
            </Form.Item>
            <Form.Item name="title" label={t('contracts.milestone.title')} rules={[{ required: true, min: 2 }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Flex gap={16}>
              <Form.Item name="dueDate" label={t('contracts.milestone.due')} rules={[{ required: true }]}>
                <DatePicker aria-label={t('contracts.milestone.due')} />
              </Form.Item>
              <Form.Item name="remindDays" label={t('contracts.milestone.remindDays')} rules={[{ required: true }]}>
                <InputNumber min={0} max={90} />
              </Form.Item>
            </Flex>
            <Form.Item name="ownerId" label={t('contracts.milestone.owner')}>
              <UserSelect aria-label={t('contracts.milestone.owner')} allowClear />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Flex>
  );
}
