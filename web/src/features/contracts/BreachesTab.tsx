import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Checkbox, DatePicker, Empty, Flex, Form, Input, List, Modal, Select, Skeleton, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { breachMeasureOptions, breachTypeOptions, closeBreach, contractsKey, listBreaches, recordBreach, type Breach } from './contracts-api';
import { businessToday } from '../../ui/business-date';

interface BreachValues {
  breachType: string;
  occurredOn: Dayjs;
  description: string;
  amount?: string;
  measures: string[];
}

/** 违约 (R-LEA-22): the contract's breaches; recording one reports it to legal and the executives. */
export function BreachesTab({ contractId, canRecord }: { contractId: number; canRecord: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const key = [...contractsKey, contractId, 'breaches'];
  const breaches = useQuery({ queryKey: key, queryFn: () => listBreaches(contractId) });
  const [recording, setRecording] = useState(false);
  const [closing, setClosing] = useState<Breach | null>(null);
  const [form] = Form.useForm<BreachValues>();
  const [closeForm] = Form.useForm<{ result: string }>();
  const record = useMutation({
    mutationFn: (values: BreachValues) => recordBreach(contractId, { ...values, occurredOn: values.occurredOn.format('YYYY-MM-DD'), amount: values.amount || null }),
    onSuccess: async () => {
      message.success(t('contracts.breach.recorded'));
      setRecording(false);
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const close = useMutation({
    mutationFn: (values: { result: string }) => closeBreach(contractId, closing!.id, values.result),
    onSuccess: async () => {
      setClosing(null);
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => applyServerFieldErrors(closeForm, error),
  });
  if (!breaches.data) return <Skeleton active />;
  return (
    <Flex vertical gap={8}>
      {canRecord && (
        <Button onClick={() => setRecording(true)} style={{ alignSelf: 'flex-start' }} data-testid="breach-record">
          {t('contracts.breach.record')}
        </Button>
      )}
      {breaches.data.length === 0 ? (
        <Empty description={t('contracts.breach.none')} />
      ) : (
        <List
          bordered
          dataSource={breaches.data}
          renderItem={(breach) => (
            <List.Item
              actions={canRecord && breach.status === 'open' ? [<Button key="close" size="small" onClick={() => setClosing(breach)}>{t('contracts.breach.close')}</Button>] : []}
            >
              <Flex vertical gap={2}>
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong>{breach.breachTypeName}</Typography.Text>
                  <Tag color={breach.status === 'open' ? 'red' : 'green'}>{breach.status === 'open' ? t('contracts.breach.open') : t('contracts.breach.closed')}</Tag>
                  <Typography.Text type="secondary">
                    {breach.occurredOn} · {breach.measureNames.join(t('common.listSeparator'))}
                    {breach.amount ? ` · ${breach.amount}` : ''} · {breach.automatic ? t('contracts.breach.automatic') : breach.createdByName}
                  </Typography.Text>
                </Flex>
                <span>{breach.description}</span>
                {breach.result && <Typography.Text type="secondary">{t('contracts.breach.result')}：{breach.result}</Typography.Text>}
              </Flex>
            </List.Item>
          )}
        />
      )}
      {recording && (
        <Modal open title={t('contracts.breach.record')} confirmLoading={record.isPending} onOk={() => form.submit()} onCancel={() => setRecording(false)} destroyOnHidden>
          <Form<BreachValues> form={form} layout="vertical" initialValues={{ occurredOn: businessToday(), measures: ['warning'] }} onFinish={(values) => record.mutate(values)}>
            <Form.Item name="breachType" label={t('contracts.breach.type')} rules={[{ required: true, message: t('contracts.breach.type') }]}>
              <Select aria-label={t('contracts.breach.type')} options={breachTypeOptions.map((o) => ({ value: o.value, label: t(o.label) }))} />
            </Form.Item>
            <Form.Item name="occurredOn" label={t('contracts.breach.date')} rules={[{ required: true }]}>
              <DatePicker aria-label={t('contracts.breach.date')} />
            </Form.Item>
            <Form.Item name="description" label={t('contracts.breach.description')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="amount" label={t('contracts.breach.amount')}>
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item name="measures" label={t('contracts.breach.measures')} rules={[{ required: true, message: t('contracts.breach.measures') }]}>
              <Checkbox.Group options={breachMeasureOptions.map((o) => ({ value: o.value, label: t(o.label) }))} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {closing && (
        <Modal open title={`${t('contracts.breach.close')}：${closing.breachTypeName}`} confirmLoading={close.isPending} onOk={() => closeForm.submit()} onCancel={() => setClosing(null)} destroyOnHidden>
          <Form form={closeForm} layout="vertical" onFinish={(values) => close.mutate(values)}>
            <Form.Item name="result" label={t('contracts.breach.result')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Flex>
  );
}
