import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../app/api-client';
import { PageContainer } from '../../ui/PageContainer';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { numberRulesQueryKey, previewNumberRule, updateNumberRule, useNumberRules, type NumberRule, type ResetPolicy } from './numbering-api';

const resetLabel: Record<ResetPolicy, string> = { never: '不重置', yearly: '每年重置', monthly: '每月重置' };
const docTypeLabel: Record<string, string> = {
  customer: '客户',
  registration: '客户报备',
  contract: '招商合同',
  bill: '账单',
  receipt: '收款',
  ticket: '工单',
  complaint: '投诉',
  approval: '审批',
};
const tokens: { token: string; help: string }[] = [
  { token: '{YYYY}', help: '四位年份' },
  { token: '{YY}', help: '两位年份' },
  { token: '{MM}', help: '两位月份' },
  { token: '{DD}', help: '两位日期' },
  { token: '{unit}', help: '所属单位编码' },
  { token: '{seq:5}', help: '流水号，5 位补零（位数可改）' },
];

/** Waits until the value has been stable for `delay` ms. */
function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

interface RuleFormValues {
  name: string;
  pattern: string;
  reset: ResetPolicy;
}

function RuleEditor({ rule, onClose }: { rule: NumberRule; onClose: () => void }) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleFormValues>();
  const pattern = Form.useWatch('pattern', form) ?? rule.pattern;
  const reset = Form.useWatch('reset', form) ?? rule.reset;
  const draft = useDebounced({ pattern: pattern.trim(), reset }, 300);

  const preview = useQuery({
    queryKey: ['number-rules', rule.id, 'preview', draft],
    queryFn: () => previewNumberRule(rule.id, draft),
    enabled: draft.pattern.length > 0,
    retry: false,
    meta: { silent: true },
  });

  const save = useMutation({
    mutationFn: (values: RuleFormValues) => updateNumberRule(rule.id, { name: values.name.trim(), pattern: values.pattern.trim(), reset: values.reset }),
    meta: { silent: true },
    onSuccess: async () => {
      message.success('编号规则已保存');
      await queryClient.invalidateQueries({ queryKey: numberRulesQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });

  const insertToken = (token: string) => {
    const current = form.getFieldValue('pattern') ?? '';
    form.setFieldValue('pattern', `${current}${token}`);
  };

  return (
    <Modal open title={`编辑编号规则：${rule.name}`} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={620}>
      {rule.issued && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="该规则已经发出编号"
          description="为避免编号重复，不能再修改重置周期，也不能增删 {unit}；可以修改前缀、分隔符和流水号位数。"
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ name: rule.name, pattern: rule.pattern, reset: rule.reset }} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="pattern" label="编号格式" rules={[{ required: true, whitespace: true, message: '请填写编号格式' }]} extra="固定部分可用字母、数字和 - _ / . 符号；必须包含一个流水号 {seq:N}。">
          <Input maxLength={60} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Space wrap size={[4, 4]} style={{ marginTop: -8, marginBottom: 16 }}>
          {tokens.map(({ token, help }) => (
            <Button key={token} size="small" onClick={() => insertToken(token)} title={help}>
              {token}
            </Button>
          ))}
        </Space>
        <Form.Item name="reset" label="流水号重置">
          <Select
            disabled={rule.issued}
            options={(Object.keys(resetLabel) as ResetPolicy[]).map((value) => ({ value, label: resetLabel[value] }))}
          />
        </Form.Item>
      </Form>
      <Card size="small" title="预览下一个编号（不占用编号）">
        {preview.isError ? (
          <Typography.Text type="danger">{isApiError(preview.error) ? preview.error.detail : '格式有误'}</Typography.Text>
        ) : preview.data ? (
          <Flex vertical gap={4}>
            <Typography.Text strong style={{ fontFamily: 'monospace', fontSize: 18 }} copyable>
              {preview.data.next}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              周期 {preview.data.periodKey === 'all' ? '不重置' : preview.data.periodKey}
              {preview.data.unitCode && `，单位 ${preview.data.unitCode}`}，已发 {preview.data.lastValue} 个
            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">输入格式后显示</Typography.Text>
        )}
      </Card>
    </Modal>
  );
}

/** 编号规则 — number rules per document type, with live preview. */
export function NumberRulesPage() {
  const rules = useNumberRules();
  const [editing, setEditing] = useState<NumberRule | null>(null);

  const columns: TableColumnsType<NumberRule> = [
    { title: '名称', dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    {
      title: '单据类型',
      dataIndex: 'docType',
      key: 'docType',
      width: 120,
      render: (docType: string) => <Tag>{docTypeLabel[docType] ?? docType}</Tag>,
    },
    { title: '编号格式', dataIndex: 'pattern', key: 'pattern', render: (pattern: string) => <Typography.Text code>{pattern}</Typography.Text> },
    { title: '重置', dataIndex: 'reset', key: 'reset', width: 100, render: (reset: ResetPolicy) => resetLabel[reset] },
    {
      title: '下一个编号',
      dataIndex: 'nextPreview',
      key: 'nextPreview',
      render: (next: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{next}</Typography.Text>,
    },
    { title: '已发号', dataIndex: 'issued', key: 'issued', width: 90, render: (issued: boolean) => (issued ? <Tag color="green">是</Tag> : <Tag>否</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_value, rule) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(rule)}>
          编辑
        </Button>
      ),
    },
  ];

  return (
    <PageContainer title="编号规则" subtitle="各类单据的编号格式。编号在单据保存时按顺序发放，保存失败的单据会退回编号，确保连续不重复。">
      <Table<NumberRule> rowKey="id" columns={columns} dataSource={rules.data ?? []} loading={rules.isLoading} pagination={false} size="middle" />
      {editing && <RuleEditor rule={editing} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
