import type { MessageKey } from '../../app/i18n/dictionary';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../app/api-client';
import { PageContainer } from '../../ui/PageContainer';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { numberRulesQueryKey, previewNumberRule, updateNumberRule, useNumberRules, type NumberRule, type ResetPolicy } from './numbering-api';
import { useT } from '../../app/i18n/LocaleProvider';

const resetLabel: Record<ResetPolicy, MessageKey> = { never: 'numbering.neverReset', yearly: 'numbering.resetYearly', monthly: 'numbering.resetMonthly' };
const docTypeLabel: Record<string, MessageKey> = {
  customer: 'audit.entity.customer',
  registration: 'numbering.customerRegistration',
  contract: 'numbering.leaseContract',
  bill: 'numbering.bill',
  receipt: 'numbering.receipt',
  ticket: 'numbering.ticket',
  complaint: 'numbering.complaint',
  approval: 'menu.approvals',
  opportunity: 'numbering.opportunity',
  development_project: 'numbering.developmentProject',
};
const tokens: { token: string; help: MessageKey }[] = [
  { token: '{YYYY}', help: 'numbering.fourDigitYear' },
  { token: '{YY}', help: 'numbering.twoDigitYear' },
  { token: '{MM}', help: 'numbering.twoDigitMonth' },
  { token: '{DD}', help: 'numbering.twoDigitDay' },
  { token: '{unit}', help: 'numbering.codeOfTheUnit' },
  { token: '{seq:5}', help: 'numbering.sequence5DigitsZeroPadded' },
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
  const t = useT();
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
      message.success(t('numbering.numberRuleSaved'));
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
    <Modal open title={t('numbering.editNumberRule', { name: rule.name })} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={save.isPending} width={620}>
      {rule.issued && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('numbering.thisRuleHasIssuedNumbers')}
          description={t('numbering.toKeepNumbersUniqueIts')}
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ name: rule.name, pattern: rule.pattern, reset: rule.reset }} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="name" label={t('numbering.name')} rules={[{ required: true, whitespace: true, message: t('numbering.pleaseEnterAName') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="pattern" label={t('numbering.pattern')} rules={[{ required: true, whitespace: true, message: t('numbering.pleaseEnterAPattern') }]} extra={t('numbering.fixedPartsMayUseLetters')}>
          <Input maxLength={60} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Space wrap size={[4, 4]} style={{ marginTop: -8, marginBottom: 16 }}>
          {tokens.map(({ token, help }) => (
            <Button key={token} size="small" onClick={() => insertToken(token)} title={t(help)}>
              {token}
            </Button>
          ))}
        </Space>
        <Form.Item name="reset" label={t('numbering.sequenceReset')}>
          <Select
            disabled={rule.issued}
            options={(Object.keys(resetLabel) as ResetPolicy[]).map((value) => ({ value, label: t(resetLabel[value]) }))}
          />
        </Form.Item>
      </Form>
      <Card size="small" title={t('numbering.nextNumberPreviewNotIssued')}>
        {preview.isError ? (
          <Typography.Text type="danger">{isApiError(preview.error) ? preview.error.detail : t('numbering.invalidPattern')}</Typography.Text>
        ) : preview.data ? (
          <Flex vertical gap={4}>
            <Typography.Text strong style={{ fontFamily: 'monospace', fontSize: 18 }} copyable>
              {preview.data.next}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('numbering.period')}{' '}{preview.data.periodKey === 'all' ? t('numbering.neverReset') : preview.data.periodKey}
              {preview.data.unitCode && t('numbering.unit', { unitCode: preview.data.unitCode })}{t('numbering.issued2')}{' '}{preview.data.lastValue} {t('numbering.text')}
                            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('numbering.shownOnceAPatternIs')}</Typography.Text>
        )}
      </Card>
    </Modal>
  );
}

/** 编号规则 — number rules per document type, with live preview. */
export function NumberRulesPage() {
  const t = useT();
  const rules = useNumberRules();
  const [editing, setEditing] = useState<NumberRule | null>(null);

  const columns: TableColumnsType<NumberRule> = [
    { title: t('numbering.name'), dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    {
      title: t('numbering.documentType'),
      dataIndex: 'docType',
      key: 'docType',
      width: 120,
      render: (docType: string) => <Tag>{docTypeLabel[docType] ? t(docTypeLabel[docType]) : docType}</Tag>,
    },
    { title: t('numbering.pattern'), dataIndex: 'pattern', key: 'pattern', render: (pattern: string) => <Typography.Text code>{pattern}</Typography.Text> },
    { title: t('common.reset'), dataIndex: 'reset', key: 'reset', width: 100, render: (reset: ResetPolicy) => t(resetLabel[reset]) },
    {
      title: t('numbering.nextNumber'),
      dataIndex: 'nextPreview',
      key: 'nextPreview',
      render: (next: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{next}</Typography.Text>,
    },
    { title: t('numbering.issued'), dataIndex: 'issued', key: 'issued', width: 90, render: (issued: boolean) => (issued ? <Tag color="green">{t('numbering.yes')}</Tag> : <Tag>{t('numbering.no')}</Tag>) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_value, rule) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(rule)}>
          {t('common.edit')}
                  </Button>
      ),
    },
  ];

  return (
    <PageContainer title={t('menu.numberRules')} subtitle={t('numbering.numberPatternsOfEveryDocument')}>
      <Table<NumberRule> rowKey="id" columns={columns} dataSource={rules.data ?? []} loading={rules.isLoading} pagination={false} size="middle" />
      {editing && <RuleEditor rule={editing} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
