import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, DatePicker, Flex, Form, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDateTime } from '../../../ui/format';
import { CustomerSearchSelect } from './VisitDrawer';
import { planItemStatusLabels, planStatusLabels, submitVisitPlan, updateVisitPlan, visitPlansQueryKey, type PlanItem, type VisitPlanDetail } from './visits-api';
import { useT } from '../../../app/i18n/LocaleProvider';

interface ItemValues {
  customerId?: number;
  plannedDate?: Dayjs;
  purpose?: string;
}
interface FormValues {
  note?: string;
  items: ItemValues[];
}

const editable = new Set(['draft', 'returned', 'rejected']);

export function PlanStatus({ plan }: { plan: VisitPlanDetail | Pick<VisitPlanDetail, 'status' | 'lateSubmission'> }) {
  const t = useT();
  return (
    <Flex gap={4}>
      <Tag color={planStatusLabels[plan.status].color}>{t(planStatusLabels[plan.status].label)}</Tag>
      {plan.lateSubmission && <Tag color="red">{t('development.visits.submittedLate')}</Tag>}
    </Flex>
  );
}

export function PlanItemsTable({ items }: { items: PlanItem[] }) {
  const t = useT();
  const columns: TableColumnsType<PlanItem> = [
    { title: t('development.visits.plannedDate'), dataIndex: 'plannedDate', key: 'plannedDate', width: 110 },
    { title: t('audit.entity.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: t('development.visits.purpose'), dataIndex: 'purpose', key: 'purpose' },
    {
      title: t('users.status'),
      key: 'status',
      width: 150,
      render: (_, row) => (
        <Flex gap={4}>
          <Tag color={planItemStatusLabels[row.status].color}>{t(planItemStatusLabels[row.status].label)}</Tag>
          {row.visitId && <Link to={`/development/visits?id=${row.visitId}`}>{t('development.visits.record')}</Link>}
        </Flex>
      ),
    },
  ];
  return <Table<PlanItem> rowKey="id" size="small" columns={columns} dataSource={items} pagination={false} />;
}

/** My plan of a month: items editor while draft / returned / rejected, read-only once submitted. */
export function VisitPlanEditor({ plan }: { plan: VisitPlanDetail }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const canEdit = editable.has(plan.status);
  const names = new Map(plan.items.map((item) => [item.customerId, item.customerName]));
  const monthStart = dayjs(`${plan.month}-01`);

  const toBody = (values: FormValues) => ({
    note: values.note?.trim() || null,
    items: (values.items ?? []).map((item) => ({
      customerId: item.customerId!,
      plannedDate: item.plannedDate!.format('YYYY-MM-DD'),
      purpose: item.purpose?.trim() ?? '',
    })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: visitPlansQueryKey });
  const fail = (error: unknown) => {
    if (typeof error === 'object' && error !== null && 'errorFields' in error) return; // the form shows these
    applyServerFieldErrors(form, error);
    message.error(error instanceof Error ? error.message : String(error));
  };
  const save = useMutation({
    mutationFn: (values: FormValues) => updateVisitPlan(plan.id, toBody(values)),
    onSuccess: async () => {
      message.success(t('development.visits.scheduleSaved'));
      await refresh();
    },
    onError: fail,
  });
  const submit = useMutation({
    mutationFn: async () => {
      await updateVisitPlan(plan.id, toBody(await form.validateFields()));
      return submitVisitPlan(plan.id);
    },
    onSuccess: async (result) => {
      message.success(result.status === 'approved' ? t('development.visits.planApproved') : result.lateSubmission ? t('development.visits.submittedForApprovalLate') : t('development.visits.submittedForApproval'));
      await refresh();
    },
    onError: fail,
  });

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center" wrap>
        <PlanStatus plan={plan} />
        <Typography.Text type="secondary">
          {t('development.visits.inAll')}{' '}{plan.itemCount} {t('development.visits.visitsDone')}{' '}{plan.doneCount}
          {plan.missedCount ? t('development.visits.missed', { missedCount: plan.missedCount }) : ''}
          {plan.submittedAt ? t('development.visits.submitted2', { v0: formatDateTime(plan.submittedAt) }) : t('development.visits.plansAreDueByThe')}
        </Typography.Text>
        {plan.approvalId && <Link to={`/approvals/mine?id=${plan.approvalId}`}>{t('development.visits.approval')}{plan.approvalId}</Link>}
      </Flex>
      {plan.status === 'returned' && <Alert type="warning" showIcon title={t('development.visits.thePlanWasReturnedRevise')} />}
      {!canEdit ? (
        <PlanItemsTable items={plan.items} />
      ) : (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{
            note: plan.note ?? '',
            items: plan.items
              .filter((item) => item.status !== 'removed')
              .map((item) => ({ customerId: item.customerId, plannedDate: dayjs(item.plannedDate), purpose: item.purpose })),
          }}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.List name="items">
            {(fields, { add, remove }, meta) => (
              <Flex vertical gap={4}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item name={[field.name, 'customerId']} rules={[{ required: true, message: t('development.visits.pleaseChooseACustomer') }]} style={{ flex: 3, marginBottom: 8 }}>
                      <CustomerSearchSelect
                        initial={(() => {
                          const id = form.getFieldValue(['items', field.name, 'customerId']) as number | undefined;
                          return id && names.has(id) ? { id, name: names.get(id)! } : undefined;
                        })()}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'plannedDate']} rules={[{ required: true, message: t('development.visits.pleaseChooseADate') }]} style={{ flex: 1, marginBottom: 8 }}>
                      <DatePicker
                        style={{ width: '100%' }}
                        defaultPickerValue={monthStart}
                        disabledDate={(day) => day.format('YYYY-MM') !== plan.month}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'purpose']} rules={[{ required: true, whitespace: true, message: t('development.visits.pleaseEnterThePurpose') }]} style={{ flex: 3, marginBottom: 8 }}>
                      <Input aria-label={t('development.visits.purpose')} maxLength={200} placeholder={t('development.visits.purpose')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  </Flex>
                ))}
                <Form.ErrorList errors={meta.errors} />
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="plan-add-item">
                  {t('development.visits.addVisit')}
                                    </Button>
              </Flex>
            )}
          </Form.List>
          <Form.Item name="note" label={t('development.visits.note')} style={{ marginTop: 12 }}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Flex gap={8} justify="flex-end">
            <Button htmlType="submit" loading={save.isPending}>
              {t('common.save')}
                            </Button>
            <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()} data-testid="plan-submit">
              {plan.status === 'returned' ? t('development.visits.resubmitForApproval') : t('development.visits.submitForApproval')}
            </Button>
          </Flex>
        </Form>
      )}
    </Flex>
  );
}
