import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, Progress, Select, Switch, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDateTime } from '../../../ui/format';
import { addExpense, addProgress, formatMoney, projectKey, projectsPrefix, type BudgetItem, type Expense, type ProjectDetail } from './projects-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { businessToday } from '../../../ui/business-date';

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
  const t = useT();
  const rate = Math.round(project.overBudgetRate * 10000) / 100;
  const cap = Number(project.preBreakthroughCap);
  const preSpent = Number(project.preBreakthroughSpent);
  const columns: TableColumnsType<BudgetItem> = [
    { title: t('development.projects.item'), dataIndex: 'category', key: 'category', render: (value: string, row) => (row.note ? `${value}（${row.note}）` : value) },
    { title: t('development.projects.budget'), dataIndex: 'amount', key: 'amount', align: 'right', render: formatMoney },
    { title: t('development.projects.spent'), dataIndex: 'spent', key: 'spent', align: 'right', render: formatMoney },
    { title: t('development.projects.limit2', { rate }), dataIndex: 'limit', key: 'limit', align: 'right', render: formatMoney },
    { title: t('development.projects.remaining'), dataIndex: 'remaining', key: 'remaining', align: 'right', render: formatMoney },
    {
      title: t('development.projects.used'),
      key: 'usage',
      width: 160,
      render: (_, row) => {
        const percent = Number(row.amount) > 0 ? Math.round((Number(row.spent) / Number(row.amount)) * 1000) / 10 : 0;
        return <Progress aria-label={row.category} percent={percent} size="small" status={percent > 100 ? 'exception' : 'normal'} format={(value) => `${value}%`} />;
      },
    },
  ];
  return (
    <Card size="small" title={t('development.projects.budgetAndSpending')}>
      <Flex vertical gap={12}>
        <Flex vertical gap={4} data-testid="project-cap-meter">
          {project.breakthroughAt ? (
            <Typography.Text>
              <Tag color="green">{t('development.projects.breakthroughReached')}</Tag>
              {formatDateTime(project.breakthroughAt)} {t('development.projects.breakthroughReachedSpendingIsNo')}{' '}{formatMoney(project.preBreakthroughSpent)} {t('development.projects.cnyWasSpent')}
                          </Typography.Text>
          ) : (
            <>
              <Typography.Text>
                {t('development.projects.spendingBeforeBreakthrough')}{' '}{formatMoney(preSpent)} {t('development.projects.limit')}{' '}{formatMoney(cap)} {t('development.projects.cny')}
                                </Typography.Text>
              <Progress aria-label={t('development.projects.spendingBeforeBreakthrough')} percent={cap > 0 ? Math.round((preSpent / cap) * 1000) / 10 : 0} status={preSpent >= cap ? 'exception' : 'active'} />
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
              <Table.Summary.Cell index={0}>{t('development.projects.total')}</Table.Summary.Cell>
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
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ExpenseValues>();
  const refresh = useProjectRefresh(project);
  const mutation = useMutation({
    mutationFn: (values: ExpenseValues) =>
      addExpense(project.id, { budgetItemId: values.budgetItemId, amount: String(values.amount), spentOn: values.spentOn.format('YYYY-MM-DD'), note: values.note.trim() }),
    onSuccess: async (next) => {
      message.success(t('development.projects.expenseRecorded'));
      form.resetFields(['amount', 'note']);
      await refresh(next);
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const columns: TableColumnsType<Expense> = [
    { title: t('development.projects.date'), dataIndex: 'spentOn', key: 'spentOn', width: 110 },
    { title: t('development.projects.item'), dataIndex: 'category', key: 'category', width: 100 },
    { title: t('development.projects.amountCny'), dataIndex: 'amount', key: 'amount', width: 120, align: 'right', render: formatMoney },
    { title: t('roles.description'), dataIndex: 'note', key: 'note', ellipsis: true },
    { title: t('development.projects.beforeBreakthrough'), dataIndex: 'preBreakthrough', key: 'preBreakthrough', width: 80, render: (value: boolean) => (value ? t('development.projects.yes') : t('development.projects.no')) },
    { title: t('development.projects.recordedBy'), dataIndex: 'recordedByName', key: 'recordedByName', width: 100 },
  ];
  return (
    <Card size="small" title={t('development.projects.expenses', { length: project.expenses.length })}>
      {project.can.record && (
        <Form<ExpenseValues>
          form={form}
          layout="inline"
          initialValues={{ spentOn: businessToday(), budgetItemId: project.budgetItems[0]?.id }}
          onFinish={(values) => mutation.mutate(values)}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="budgetItemId" rules={[{ required: true, message: t('development.projects.pleaseChooseAnItem') }]}>
            <Select aria-label={t('development.projects.item')} style={{ width: 130 }} options={project.budgetItems.map((item) => ({ value: item.id, label: item.category }))} placeholder={t('development.projects.item')} />
          </Form.Item>
          <Form.Item name="amount" rules={[{ required: true, message: t('development.projects.pleaseEnterAnAmount') }]}>
            <InputNumber<string> aria-label={t('development.projects.amountCny')} stringMode min="0.01" precision={2} placeholder={t('development.projects.amountCny')} style={{ width: 140 }} data-testid="expense-amount" />
          </Form.Item>
          <Form.Item name="spentOn" rules={[{ required: true, message: t('development.projects.pleaseChooseADate') }]}>
            <DatePicker disabledDate={(day) => day.isAfter(businessToday(), 'day')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="note" rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseEnterADescription') }]} style={{ flex: 1, minWidth: 200 }}>
            <Input aria-label={t('development.projects.description')} placeholder={t('development.projects.description')} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            {t('development.projects.recordExpense')}
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
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ProgressValues>();
  const refresh = useProjectRefresh(project);
  const mutation = useMutation({
    mutationFn: (values: ProgressValues) =>
      addProgress(project.id, { reportedOn: values.reportedOn.format('YYYY-MM-DD'), content: values.content.trim(), breakthrough: Boolean(values.breakthrough) }),
    onSuccess: async (next, values) => {
      message.success(values.breakthrough && !project.breakthroughAt ? t('development.projects.breakthroughRecordedThePreBreakthrough') : t('development.projects.progressRecorded'));
      form.resetFields();
      await refresh(next);
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Card
      size="small"
      title={t('development.projects.progressReports')}
      extra={project.nextProgressDue && <Typography.Text type="secondary">{t('development.projects.nextReportDue')}{' '}{project.nextProgressDue} {t('development.projects.atLeastEvery30Days')}</Typography.Text>}
    >
      {project.can.record && (
        <Form<ProgressValues> form={form} layout="vertical" initialValues={{ reportedOn: businessToday(), breakthrough: false }} onFinish={(values) => mutation.mutate(values)}>
          <Form.Item name="content" rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseDescribeTheProgress') }]} style={{ marginBottom: 8 }}>
            <Input.TextArea rows={2} maxLength={4000} placeholder={t('development.projects.progressWhomYouMetThe')} data-testid="progress-content" />
          </Form.Item>
          <Flex gap={12} align="center" wrap>
            <Form.Item name="reportedOn" rules={[{ required: true, message: t('development.projects.pleaseChooseADate') }]} noStyle>
              <DatePicker disabledDate={(day) => day.isAfter(businessToday(), 'day')} />
            </Form.Item>
            {!project.breakthroughAt && (
              <Flex gap={6} align="center">
                <Form.Item name="breakthrough" valuePropName="checked" noStyle>
                  <Switch />
                </Form.Item>
                <span>{t('development.projects.breakthroughSpendingNoLongerCapped')}</span>
              </Flex>
            )}
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              {t('development.projects.submitProgress')}
                          </Button>
          </Flex>
        </Form>
      )}
      {project.progress.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.projects.noProgressYet')} />
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
                  {entry.breakthrough && <Tag color="green">{t('development.projects.breakthrough')}</Tag>}
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
