import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, Progress, Select, Switch, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDateTime } from '../../../ui/format';
import { addExpense, addProgress, formatMoney, projectKey, projectsPrefix, type BudgetItem, type Expense, type ProjectDetail } from './projects-api';

// The budget, expense and progress panels of the project detail page (R-DEV-50).

function useProjectRefresh(project: ProjectDetail) {
  const queryClient = useQueryClient();
  return async (next: ProjectDetail) => {
    queryClient.setQueryData(projectKey(project.id), next);
    await queryClient.invalidateQueries({ queryKey: projectsPrefix });
  };
}

/** Budget vs spent per item with the 5 % allowance, and the pre-breakthrough cap meter. */
export function BudgetPanel({ project }: { project: ProjectDetail }) {
  const rate = Math.round(project.overBudgetRate * 10000) / 100;
  const cap = Number(project.preBreakthroughCap);
  const preSpent = Number(project.preBreakthroughSpent);
  const columns: TableColumnsType<BudgetItem> = [
    { title: '科目', dataIndex: 'category', key: 'category', render: (value: string, row) => (row.note ? `${value}（${row.note}）` : value) },
    { title: '预算', dataIndex: 'amount', key: 'amount', align: 'right', render: formatMoney },
    { title: '已用', dataIndex: 'spent', key: 'spent', align: 'right', render: formatMoney },
    { title: `上限（+${rate}%）`, dataIndex: 'limit', key: 'limit', align: 'right', render: formatMoney },
    { title: '尚可使用', dataIndex: 'remaining', key: 'remaining', align: 'right', render: formatMoney },
    {
      title: '使用率',
      key: 'usage',
      width: 160,
      render: (_, row) => {
        const percent = Number(row.amount) > 0 ? Math.round((Number(row.spent) / Number(row.amount)) * 1000) / 10 : 0;
        return <Progress percent={percent} size="small" status={percent > 100 ? 'exception' : 'normal'} format={(value) => `${value}%`} />;
      },
    },
  ];
  return (
    <Card size="small" title="预算与费用">
      <Flex vertical gap={12}>
        <Flex vertical gap={4} data-testid="project-cap-meter">
          {project.breakthroughAt ? (
            <Typography.Text>
              <Tag color="green">已突破</Tag>
              {formatDateTime(project.breakthroughAt)} 取得突破，此后费用不再受突破前上限限制（突破前共使用 {formatMoney(project.preBreakthroughSpent)} 元）。
            </Typography.Text>
          ) : (
            <>
              <Typography.Text>
                突破前费用：已用 {formatMoney(preSpent)} / 上限 {formatMoney(cap)} 元
              </Typography.Text>
              <Progress percent={cap > 0 ? Math.round((preSpent / cap) * 1000) / 10 : 0} status={preSpent >= cap ? 'exception' : 'active'} />
            </>
          )}
        </Flex>
        <Table<BudgetItem>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={project.budgetItems}
          columns={columns}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {formatMoney(project.budgetTotal)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {formatMoney(project.spentTotal)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} colSpan={3} />
            </Table.Summary.Row>
          )}
        />
      </Flex>
    </Card>
  );
}

interface ExpenseValues {
  budgetItemId: number;
  amount: string;
  spentOn: Dayjs;
  note: string;
}

/** 费用明细 with the quick-entry form (only while the project is active). */
export function ExpensesPanel({ project }: { project: ProjectDetail }) {
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ExpenseValues>();
  const refresh = useProjectRefresh(project);
  const mutation = useMutation({
    mutationFn: (values: ExpenseValues) =>
      addExpense(project.id, { budgetItemId: values.budgetItemId, amount: String(values.amount), spentOn: values.spentOn.format('YYYY-MM-DD'), note: values.note.trim() }),
    onSuccess: async (next) => {
      message.success('费用已记录');
      form.resetFields(['amount', 'note']);
      await refresh(next);
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const columns: TableColumnsType<Expense> = [
    { title: '日期', dataIndex: 'spentOn', key: 'spentOn', width: 110 },
    { title: '科目', dataIndex: 'category', key: 'category', width: 100 },
    { title: '金额（元）', dataIndex: 'amount', key: 'amount', width: 120, align: 'right', render: formatMoney },
    { title: '说明', dataIndex: 'note', key: 'note', ellipsis: true },
    { title: '突破前', dataIndex: 'preBreakthrough', key: 'preBreakthrough', width: 80, render: (value: boolean) => (value ? '是' : '否') },
    { title: '记录人', dataIndex: 'recordedByName', key: 'recordedByName', width: 100 },
  ];
  return (
    <Card size="small" title={`费用明细（${project.expenses.length} 笔）`}>
      {project.can.record && (
        <Form<ExpenseValues>
          form={form}
          layout="inline"
          initialValues={{ spentOn: dayjs(), budgetItemId: project.budgetItems[0]?.id }}
          onFinish={(values) => mutation.mutate(values)}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="budgetItemId" rules={[{ required: true, message: '请选择科目' }]}>
            <Select style={{ width: 130 }} options={project.budgetItems.map((item) => ({ value: item.id, label: item.category }))} placeholder="科目" />
          </Form.Item>
          <Form.Item name="amount" rules={[{ required: true, message: '请填写金额' }]}>
            <InputNumber<string> stringMode min="0.01" precision={2} placeholder="金额（元）" style={{ width: 140 }} data-testid="expense-amount" />
          </Form.Item>
          <Form.Item name="spentOn" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabledDate={(day) => day.isAfter(dayjs(), 'day')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="note" rules={[{ required: true, whitespace: true, message: '请填写说明' }]} style={{ flex: 1, minWidth: 200 }}>
            <Input placeholder="费用说明" maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            记录费用
          </Button>
        </Form>
      )}
      <Table<Expense> rowKey="id" size="small" dataSource={project.expenses} columns={columns} pagination={project.expenses.length > 10 ? { pageSize: 10 } : false} />
    </Card>
  );
}

interface ProgressValues {
  reportedOn: Dayjs;
  content: string;
  breakthrough: boolean;
}

/** 进展 timeline with the report form and the breakthrough switch. */
export function ProgressPanel({ project }: { project: ProjectDetail }) {
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ProgressValues>();
  const refresh = useProjectRefresh(project);
  const mutation = useMutation({
    mutationFn: (values: ProgressValues) =>
      addProgress(project.id, { reportedOn: values.reportedOn.format('YYYY-MM-DD'), content: values.content.trim(), breakthrough: Boolean(values.breakthrough) }),
    onSuccess: async (next, values) => {
      message.success(values.breakthrough && !project.breakthroughAt ? '已记录突破，突破前费用上限不再适用' : '进展已记录');
      form.resetFields();
      await refresh(next);
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Card
      size="small"
      title="进展汇报"
      extra={project.nextProgressDue && <Typography.Text type="secondary">下次应于 {project.nextProgressDue} 前汇报（至少每 30 天一次）</Typography.Text>}
    >
      {project.can.record && (
        <Form<ProgressValues> form={form} layout="vertical" initialValues={{ reportedOn: dayjs(), breakthrough: false }} onFinish={(values) => mutation.mutate(values)}>
          <Form.Item name="content" rules={[{ required: true, whitespace: true, message: '请填写进展内容' }]} style={{ marginBottom: 8 }}>
            <Input.TextArea rows={2} maxLength={4000} placeholder="本次进展：接触了谁、客户反馈、下一步计划" data-testid="progress-content" />
          </Form.Item>
          <Flex gap={12} align="center" wrap>
            <Form.Item name="reportedOn" rules={[{ required: true, message: '请选择日期' }]} noStyle>
              <DatePicker disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
            </Form.Item>
            {!project.breakthroughAt && (
              <Flex gap={6} align="center">
                <Form.Item name="breakthrough" valuePropName="checked" noStyle>
                  <Switch />
                </Form.Item>
                <span>取得突破（此后不再受突破前费用上限限制）</span>
              </Flex>
            )}
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              提交进展
            </Button>
          </Flex>
        </Form>
      )}
      {project.progress.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无进展" />
      ) : (
        <Timeline
          style={{ marginTop: 16 }}
          items={project.progress.map((entry) => ({
            key: entry.id,
            color: entry.breakthrough ? 'green' : 'blue',
            title: entry.reportedOn,
            content: (
              <Flex vertical gap={2}>
                <span>
                  {entry.breakthrough && <Tag color="green">突破</Tag>}
                  {entry.content}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {entry.recordedByName} · {formatDateTime(entry.createdAt)}
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}
