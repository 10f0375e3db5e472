import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDateTime } from '../../../ui/format';
import {
  changeCustomerGrade,
  formatYuan,
  getCustomerGrading,
  gradeColor,
  gradingQueryKey,
  listGradeChanges,
  methodLabel,
  type CustomerGrading,
  type GradeChange,
} from './grading-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { businessToday } from '../../../ui/business-date';

interface GradeTabProps {
  customer: { id: number; name: string; grade: string | null; unitId: number };
}

interface RegradeFormValues {
  grade: string;
  reason: string;
  serious: boolean;
  evaluatedAt?: Dayjs;
}

export function GradeTag({ grade, name }: { grade: string | null; name: string | null }) {
  const t = useT();
  if (!grade) return <Typography.Text type="secondary">{t('customers.grading.notGraded')}</Typography.Text>;
  return <Tag color={gradeColor[grade] ?? 'blue'}>{name ?? grade}</Tag>;
}

function RegradeModal({ customer, grading, onClose }: { customer: GradeTabProps['customer']; grading: CustomerGrading; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegradeFormValues>();
  const serious = Form.useWatch('serious', form) ?? false;
  const save = useMutation({
    mutationFn: (values: RegradeFormValues) =>
      changeCustomerGrade(customer.id, {
        grade: values.grade,
        reason: values.reason.trim(),
        serious: values.serious,
        evaluatedAt: values.serious ? values.evaluatedAt?.format('YYYY-MM-DD') : undefined,
      }),
    meta: { silent: true },
    onSuccess: async () => {
      message.success(t('customers.grading.gradeChanged'));
      await queryClient.invalidateQueries({ queryKey: [...gradingQueryKey, 'customer', customer.id] });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal open title={t('customers.grading.changeGrade2', { name: customer.name })} okText={t('customers.grading.confirmChange')} onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form<RegradeFormValues> form={form} layout="vertical" initialValues={{ serious: false }} onFinish={(values) => save.mutate(values)}>
        {grading.quota && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('customers.grading.thisUnitGradesByQuota', { total: grading.quota.total, vipUsed: grading.quota.vipUsed, vip: grading.quota.vip, preferredUsed: grading.quota.preferredUsed, preferred: grading.quota.preferred })}
          />
        )}
        <Form.Item name="grade" label={t('customers.grading.newGrade')} rules={[{ required: true, message: t('customers.grading.pleaseChooseTheNewGrade') }]}>
          <Select
            options={grading.grades.map((g) => ({ value: g.code, label: g.name, disabled: g.code === grading.grade }))}
            placeholder={t('customers.grading.chooseAGrade')}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('customers.grading.reason2')} rules={[{ required: true, whitespace: true, message: t('customers.grading.pleaseGiveAReason') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('customers.grading.eGExcellentAnnualReview')} />
        </Form.Item>
        <Form.Item name="serious" valuePropName="checked">
          <Checkbox>{t('customers.grading.downgradeForASeriousProblem')}</Checkbox>
        </Form.Item>
        {serious && (
          <Form.Item
            name="evaluatedAt"
            label={t('customers.grading.evaluatedOn')}
            rules={[{ required: true, message: t('customers.grading.pleaseChooseTheEvaluationDate') }]}
            extra={t('customers.grading.moreThan5DaysAfter')}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(businessToday(), 'day')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 等级 tab of the customer detail page: current grade, 12-month revenue, history, manual change. */
export function GradeTab({ customer }: GradeTabProps) {
  const t = useT();
  const { hasPermission } = useAuth();
  const [editing, setEditing] = useState(false);
  const [page, setPage] = useState(1);
  const grading = useQuery({ queryKey: [...gradingQueryKey, 'customer', customer.id], queryFn: () => getCustomerGrading(customer.id) });
  const history = useQuery({
    queryKey: [...gradingQueryKey, 'customer', customer.id, 'changes', page],
    queryFn: () => listGradeChanges(customer.id, page, 10),
  });
  const canChange = hasPermission('development:assign') || hasPermission('system:manage');
  const data = grading.data;

  const columns: TableColumnsType<GradeChange> = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: (value: string) => formatDateTime(value) },
    {
      title: t('customers.grading.change'),
      key: 'change',
      width: 180,
      render: (_, row) => (
        <Flex gap={4} align="center">
          <GradeTag grade={row.fromGrade} name={row.fromGradeName} />→<GradeTag grade={row.toGrade} name={row.toGradeName} />
        </Flex>
      ),
    },
    { title: t('customers.grading.method'), dataIndex: 'method', width: 110, render: (value: string) => (methodLabel[value] ? t(methodLabel[value]) : value) },
    { title: t('customers.grading.reason'), dataIndex: 'reason' },
    { title: t('customers.grading.evaluated'), dataIndex: 'evaluatedAt', width: 110, render: (value: string | null) => value ?? '—' },
    { title: t('audit.actor'), dataIndex: 'changedByName', width: 110, render: (value: string | null) => value ?? '—' },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('customers.grading.currentGrade')}
        loading={grading.isLoading}
        extra={
          canChange && data ? (
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('customers.grading.changeGrade')}
                          </Button>
          ) : null
        }
      >
        {data && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('customers.grading.grade')}>
              <GradeTag grade={data.grade} name={data.gradeName} />
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.grading.graded')}>{formatDateTime(data.gradedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('customers.grading.gradingMethod')}>
              {data.method === 'quota' ? t('customers.grading.byQuotaVip15Preferred') : t('customers.grading.byRevenueThresholdFactor', { v0: data.coefficient.toFixed(2) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.grading.revenueOver12MonthsTo', { from: data.window.from, to: data.window.to })}>{formatYuan(data.rollingRevenue)}</Descriptions.Item>
            {data.method === 'revenue' && (
              <Descriptions.Item label={t('customers.grading.byCurrentRevenueItWould')}>
                <GradeTag grade={data.computedGrade} name={data.computedGradeName} />
                {data.computedGrade !== data.grade && <Typography.Text type="secondary">{t('customers.grading.changesAtTheNextRegrading')}</Typography.Text>}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      {data && (
        <Card size="small" title={t('customers.grading.monthlyRevenue')}>
          <Table
            size="small"
            rowKey="month"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={[{ month: 'amount' }]}
            columns={data.months.map((m) => ({
              title: m.month,
              key: m.month,
              align: 'right' as const,
              render: () => formatYuan(m.amount),
            }))}
          />
        </Card>
      )}
      <Card size="small" title={t('customers.grading.gradeHistory')}>
        <Table<GradeChange>
          size="small"
          rowKey="id"
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          columns={columns}
          pagination={{ current: page, pageSize: 10, total: history.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          locale={{ emptyText: t('customers.grading.noGradeChanges') }}
        />
      </Card>
      {editing && data && <RegradeModal customer={customer} grading={data} onClose={() => setEditing(false)} />}
    </Flex>
  );
}
