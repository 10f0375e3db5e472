import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, DatePicker, Flex, Form, Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDateTime } from '../../../ui/format';
import { CustomerSearchSelect } from './VisitDrawer';
import { planItemStatusLabels, planStatusLabels, submitVisitPlan, updateVisitPlan, visitPlansQueryKey, type PlanItem, type VisitPlanDetail } from './visits-api';

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
  return (
    <Flex gap={4}>
      <Tag color={planStatusLabels[plan.status].color}>{planStatusLabels[plan.status].label}</Tag>
      {plan.lateSubmission && <Tag color="red">逾期提交</Tag>}
    </Flex>
  );
}

export function PlanItemsTable({ items }: { items: PlanItem[] }) {
  const columns: TableColumnsType<PlanItem> = [
    { title: '计划日期', dataIndex: 'plannedDate', key: 'plannedDate', width: 110 },
    { title: '客户', key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: '拜访目的', dataIndex: 'purpose', key: 'purpose' },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_, row) => (
        <Flex gap={4}>
          <Tag color={planItemStatusLabels[row.status].color}>{planItemStatusLabels[row.status].label}</Tag>
          {row.visitId && <Link to={`/development/visits?id=${row.visitId}`}>记录</Link>}
        </Flex>
      ),
    },
  ];
  return <Table<PlanItem> rowKey="id" size="small" columns={columns} dataSource={items} pagination={false} />;
}

/** My plan of a month: items editor while draft / returned / rejected, read-only once submitted. */
export function VisitPlanEditor({ plan }: { plan: VisitPlanDetail }) {
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
      message.success('计划已保存');
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
      message.success(result.status === 'approved' ? '计划已批准' : result.lateSubmission ? '已提交审批（逾期提交）' : '已提交审批');
      await refresh();
    },
    onError: fail,
  });

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center" wrap>
        <PlanStatus plan={plan} />
        <Typography.Text type="secondary">
          共 {plan.itemCount} 次拜访，已完成 {plan.doneCount}
          {plan.missedCount ? `，未按期 ${plan.missedCount}` : ''}
          {plan.submittedAt ? `；提交于 ${formatDateTime(plan.submittedAt)}` : '；计划应于上月月底前提交'}
        </Typography.Text>
        {plan.approvalId && <Link to={`/approvals/mine?id=${plan.approvalId}`}>审批 #{plan.approvalId}</Link>}
      </Flex>
      {plan.status === 'returned' && <Alert type="warning" showIcon title="计划被退回修改，请按审批意见修改后重新提交" />}
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
                    <Form.Item name={[field.name, 'customerId']} rules={[{ required: true, message: '请选择客户' }]} style={{ flex: 3, marginBottom: 8 }}>
                      <CustomerSearchSelect
                        initial={(() => {
                          const id = form.getFieldValue(['items', field.name, 'customerId']) as number | undefined;
                          return id && names.has(id) ? { id, name: names.get(id)! } : undefined;
                        })()}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'plannedDate']} rules={[{ required: true, message: '请选择日期' }]} style={{ flex: 1, marginBottom: 8 }}>
                      <DatePicker
                        style={{ width: '100%' }}
                        defaultPickerValue={monthStart}
                        disabledDate={(day) => day.format('YYYY-MM') !== plan.month}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'purpose']} rules={[{ required: true, whitespace: true, message: '请填写拜访目的' }]} style={{ flex: 3, marginBottom: 8 }}>
                      <Input maxLength={200} placeholder="拜访目的" />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="删除" />
                  </Flex>
                ))}
                <Form.ErrorList errors={meta.errors} />
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="plan-add-item">
                  添加拜访
                </Button>
              </Flex>
            )}
          </Form.List>
          <Form.Item name="note" label="备注" style={{ marginTop: 12 }}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Flex gap={8} justify="flex-end">
            <Button htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()} data-testid="plan-submit">
              {plan.status === 'returned' ? '重新提交审批' : '提交审批'}
            </Button>
          </Flex>
        </Form>
      )}
    </Flex>
  );
}
