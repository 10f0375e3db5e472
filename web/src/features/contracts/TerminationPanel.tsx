import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Collapse, DatePicker, Descriptions, Flex, Form, Input, Modal, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MessageKey } from '../../app/i18n/dictionary';
import { ApprovalHistory } from '../approvals/ApprovalHistory';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { applyForTermination, contractsKey, listTerminations, type Termination } from './contracts-api';
import { businessToday } from '../../ui/business-date';

interface Values {
  requestedOn: Dayjs;
  terminationDate: Dayjs;
  reason: string;
  negotiationResult: string;
  rentDue: string;
  penalty: string;
  depositRefund: string;
}

const statusColor: Record<Termination['status'], string> = { pending: 'processing', approved: 'volcano', rejected: 'default', withdrawn: 'default' };

/** 提前解除 (R-LEA-32): the applications of a contract and, for its owner, the application form. */
export function TerminationPanel({ contractId, canApply }: { contractId: number; canApply: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const key = [...contractsKey, contractId, 'terminations'];
  const list = useQuery({ queryKey: key, queryFn: () => listTerminations(contractId) });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const apply = useMutation({
    mutationFn: (values: Values) =>
      applyForTermination(contractId, { ...values, requestedOn: values.requestedOn.format('YYYY-MM-DD'), terminationDate: values.terminationDate.format('YYYY-MM-DD') }),
    onSuccess: async () => {
      message.success(t('contracts.termination.applied'));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: contractsKey });
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const pending = list.data?.some((item) => item.status === 'pending');
  return (
    <Flex vertical gap={8}>
      {canApply && !pending && (
        <Button onClick={() => setOpen(true)} style={{ alignSelf: 'flex-start' }} data-testid="termination-apply">
          {t('contracts.termination.apply')}
        </Button>
      )}
      {(list.data ?? []).map((item) => (
        <Descriptions key={item.id} size="small" bordered column={{ xs: 1, md: 3 }} title={<Tag color={statusColor[item.status]}>{t(`contracts.termination.status.${item.status}` as MessageKey)}</Tag>}>
          <Descriptions.Item label={t('contracts.termination.date')}>{item.terminationDate}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.termination.requestedOn')}>{item.requestedOn}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.termination.reason')}>{item.reason}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.termination.rentDue')}>{item.rentDue}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.termination.penalty')}>{item.penalty}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.termination.depositRefund')}>{item.depositRefund}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.termination.negotiation')} span={3}>
            {item.negotiationResult}
          </Descriptions.Item>
          {item.approvalId && (
            <Descriptions.Item label={t('contracts.tab.approvals')} span={3}>
              <Collapse size="small" ghost items={[{ key: 'approval', label: t('contracts.tab.approvals'), children: <ApprovalHistory businessType="contract_termination" businessId={item.id} /> }]} />
            </Descriptions.Item>
          )}
        </Descriptions>
      ))}
      {open && (
        <Modal open width={640} title={t('contracts.termination.apply')} confirmLoading={apply.isPending} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
          <Form<Values> form={form} layout="vertical" initialValues={{ requestedOn: businessToday(), rentDue: '0', penalty: '0', depositRefund: '0' }} onFinish={(values) => apply.mutate(values)}>
            <Flex gap={16}>
              <Form.Item name="requestedOn" label={t('contracts.termination.requestedOn')} rules={[{ required: true }]}>
                <DatePicker aria-label={t('contracts.termination.requestedOn')} />
              </Form.Item>
              <Form.Item name="terminationDate" label={t('contracts.termination.date')} rules={[{ required: true }]}>
                <DatePicker aria-label={t('contracts.termination.date')} />
              </Form.Item>
            </Flex>
            <Form.Item name="reason" label={t('contracts.termination.reason')} rules={[{ required: true, min: 2 }]}>
              <Input maxLength={1000} />
            </Form.Item>
            <Form.Item name="negotiationResult" label={t('contracts.termination.negotiation')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Flex gap={16}>
              <Form.Item name="rentDue" label={t('contracts.termination.rentDue')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="penalty" label={t('contracts.termination.penalty')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="depositRefund" label={t('contracts.termination.depositRefund')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
            </Flex>
          </Form>
        </Modal>
      )}
    </Flex>
  );
}
