import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
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
  if (!grade) return <Typography.Text type="secondary">未分级</Typography.Text>;
  return <Tag color={gradeColor[grade] ?? 'blue'}>{name ?? grade}</Tag>;
}

function RegradeModal({ customer, grading, onClose }: { customer: GradeTabProps['customer']; grading: CustomerGrading; onClose: () => void }) {
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
      message.success('客户等级已调整');
      await queryClient.invalidateQueries({ queryKey: [...gradingQueryKey, 'customer', customer.id] });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal open title={`调整等级 — ${customer.name}`} okText="确认调整" onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form<RegradeFormValues> form={form} layout="vertical" initialValues={{ serious: false }} onFinish={(values) => save.mutate(values)}>
        {grading.quota && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`本单位按配额分级：共 ${grading.quota.total} 个客户，VIP ${grading.quota.vipUsed}/${grading.quota.vip}，优选 ${grading.quota.preferredUsed}/${grading.quota.preferred}（名额向下取整）`}
          />
        )}
        <Form.Item name="grade" label="新等级" rules={[{ required: true, message: '请选择新等级' }]}>
          <Select
            options={grading.grades.map((g) => ({ value: g.code, label: g.name, disabled: g.code === grading.grade }))}
            placeholder="选择等级"
          />
        </Form.Item>
        <Form.Item name="reason" label="调整原因" rules={[{ required: true, whitespace: true, message: '请填写调整原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="例如：年度合作评估优秀 / 发生重大安全事故" />
        </Form.Item>
        <Form.Item name="serious" valuePropName="checked">
          <Checkbox>因严重问题降级（须在评估后 5 天内执行）</Checkbox>
        </Form.Item>
        {serious && (
          <Form.Item
            name="evaluatedAt"
            label="评估日期"
            rules={[{ required: true, message: '请选择严重问题的评估日期' }]}
            extra="超过评估日 5 天将无法提交，需要重新评估"
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 等级 tab of the customer detail page: current grade, 12-month revenue, history, manual change. */
export function GradeTab({ customer }: GradeTabProps) {
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
    { title: '时间', dataIndex: 'at', width: 150, render: (value: string) => formatDateTime(value) },
    {
      title: '等级变化',
      key: 'change',
      width: 180,
      render: (_, row) => (
        <Flex gap={4} align="center">
          <GradeTag grade={row.fromGrade} name={row.fromGradeName} />→<GradeTag grade={row.toGrade} name={row.toGradeName} />
        </Flex>
      ),
    },
    { title: '方式', dataIndex: 'method', width: 110, render: (value: string) => methodLabel[value] ?? value },
    { title: '原因', dataIndex: 'reason' },
    { title: '评估日', dataIndex: 'evaluatedAt', width: 110, render: (value: string | null) => value ?? '—' },
    { title: '操作人', dataIndex: 'changedByName', width: 110, render: (value: string | null) => value ?? '—' },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title="当前等级"
        loading={grading.isLoading}
        extra={
          canChange && data ? (
            <Button type="primary" onClick={() => setEditing(true)}>
              调整等级
            </Button>
          ) : null
        }
      >
        {data && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label="等级">
              <GradeTag grade={data.grade} name={data.gradeName} />
            </Descriptions.Item>
            <Descriptions.Item label="评定时间">{formatDateTime(data.gradedAt)}</Descriptions.Item>
            <Descriptions.Item label="分级方式">
              {data.method === 'quota' ? '配额分级（VIP ≤ 15%，优选 ≤ 30%）' : `收入分级，门槛系数 ${data.coefficient.toFixed(2)}`}
            </Descriptions.Item>
            <Descriptions.Item label={`近 12 个月收入（${data.window.from} 至 ${data.window.to}）`}>{formatYuan(data.rollingRevenue)}</Descriptions.Item>
            {data.method === 'revenue' && (
              <Descriptions.Item label="按当前收入应为">
                <GradeTag grade={data.computedGrade} name={data.computedGradeName} />
                {data.computedGrade !== data.grade && <Typography.Text type="secondary">（下次重新分级时调整）</Typography.Text>}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      {data && (
        <Card size="small" title="月度收入">
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
      <Card size="small" title="等级变更记录">
        <Table<GradeChange>
          size="small"
          rowKey="id"
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          columns={columns}
          pagination={{ current: page, pageSize: 10, total: history.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无等级变更' }}
        />
      </Card>
      {editing && data && <RegradeModal customer={customer} grading={data} onClose={() => setEditing(false)} />}
    </Flex>
  );
}
