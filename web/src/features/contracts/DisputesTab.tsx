import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Radio, Skeleton, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { closeDispute, contractsKey, decideRenewal, listDisputes, openDispute, updateDispute, type ContractDetail, type Dispute } from './contracts-api';
import { businessToday } from '../../ui/business-date';

// 纠纷 (R-LEA-22): a contract's disputes — recorded, given the legal opinion and measures, closed
// with the outcome — and the executive's renewal decision for a customer in dispute (R-LEA-31).

interface OpenValues {
  openedOn: Dayjs;
  parties: string;
  claim: string;
  claimAmount?: string;
  legalOpinion?: string;
  measures?: string;
}

type Editing = { dispute: Dispute; mode: 'update' | 'close' };

export function DisputesTab({ contractId, canRecord }: { contractId: number; canRecord: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const disputes = useQuery({ queryKey: [...contractsKey, contractId, 'disputes'], queryFn: () => listDisputes(contractId) });
  const [opening, setOpening] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form] = Form.useForm<OpenValues>();
  const [editForm] = Form.useForm<{ legalOpinion?: string; measures?: string; outcome?: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: contractsKey });
  const open = useMutation({
    mutationFn: (values: OpenValues) => openDispute(contractId, { ...values, openedOn: values.openedOn.format('YYYY-MM-DD'), claimAmount: values.claimAmount || null }),
    onSuccess: async () => {
      message.success(t('contracts.dispute.opened'));
      setOpening(false);
      await refresh();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const edit = useMutation({
    mutationFn: (values: { legalOpinion?: string; measures?: string; outcome?: string }) =>
      editing!.mode === 'close' ? closeDispute(contractId, editing!.dispute.id, values.outcome ?? '') : updateDispute(contractId, editing!.dispute.id, { legalOpinion: values.legalOpinion, measures: values.measures }),
    onSuccess: async () => {
      setEditing(null);
      await refresh();
    },
    onError: (error) => applyServerFieldErrors(editForm, error),
  });
  if (!disputes.data) return <Skeleton active />;
  return (
    <Flex vertical gap={8}>
      {canRecord && (
        <Button onClick={() => setOpening(true)} style={{ alignSelf: 'flex-start' }} data-testid="dispute-open">
          {t('contracts.dispute.open')}
        </Button>
      )}
      {disputes.data.length === 0 && <Empty description={t('contracts.dispute.none')} />}
      {disputes.data.map((dispute) => (
        <Descriptions
          key={dispute.id}
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          title={<Tag color={dispute.status === 'open' ? 'red' : 'default'}>{t(dispute.status === 'open' ? 'contracts.dispute.status.open' : 'contracts.dispute.status.closed')}</Tag>}
          extra={
            canRecord &&
            dispute.status === 'open' && (
              <Flex gap={8}>
                <Button size="small" onClick={() => setEditing({ dispute, mode: 'update' })}>
                  {t('contracts.dispute.update')}
                </Button>
                <Button size="small" onClick={() => setEditing({ dispute, mode: 'close' })}>
                  {t('contracts.dispute.close')}
                </Button>
              </Flex>
            )
          }
        >
          <Descriptions.Item label={t('contracts.dispute.openedOn')}>{dispute.openedOn}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.dispute.parties')}>{dispute.parties}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.dispute.claim')}>{dispute.claim}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.dispute.claimAmount')}>{dispute.claimAmount ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.dispute.legalOpinion')}>{dispute.legalOpinion ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.dispute.measures')}>{dispute.measures ?? '—'}</Descriptions.Item>
          {dispute.outcome && <Descriptions.Item label={t('contracts.dispute.outcome')}>{dispute.outcome}</Descriptions.Item>}
        </Descriptions>
      ))}
      {opening && (
        <Modal open width={640} title={t('contracts.dispute.open')} confirmLoading={open.isPending} onOk={() => form.submit()} onCancel={() => setOpening(false)} destroyOnHidden>
          <Form<OpenValues> form={form} layout="vertical" initialValues={{ openedOn: businessToday() }} onFinish={(values) => open.mutate(values)}>
            <Flex gap={16}>
              <Form.Item name="openedOn" label={t('contracts.dispute.openedOn')} rules={[{ required: true }]}>
                <DatePicker aria-label={t('contracts.dispute.openedOn')} />
              </Form.Item>
              <Form.Item name="claimAmount" label={t('contracts.dispute.claimAmount')}>
                <Input />
              </Form.Item>
            </Flex>
            <Form.Item name="parties" label={t('contracts.dispute.parties')} rules={[{ required: true, min: 2 }]}>
              <Input maxLength={500} />
            </Form.Item>
            <Form.Item name="claim" label={t('contracts.dispute.claim')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="legalOpinion" label={t('contracts.dispute.legalOpinion')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="measures" label={t('contracts.dispute.measures')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {editing && (
        <Modal open title={t(editing.mode === 'close' ? 'contracts.dispute.close' : 'contracts.dispute.update')} confirmLoading={edit.isPending} onOk={() => editForm.submit()} onCancel={() => setEditing(null)} destroyOnHidden>
          <Form form={editForm} layout="vertical" initialValues={{ legalOpinion: editing.dispute.legalOpinion ?? '', measures: editing.dispute.measures ?? '' }} onFinish={(values) => edit.mutate(values)}>
            {editing.mode === 'close' ? (
              <Form.Item name="outcome" label={t('contracts.dispute.outcome')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            ) : (
              <>
                <Form.Item name="legalOpinion" label={t('contracts.dispute.legalOpinion')}>
                  <Input.TextArea rows={3} maxLength={4000} />
                </Form.Item>
                <Form.Item name="measures" label={t('contracts.dispute.measures')}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
              </>
            )}
          </Form>
        </Modal>
      )}
    </Flex>
  );
}

/** The executive's 续签决定 for a contract of a customer in dispute. */
export function RenewalDecisionDialog({ contract, onClose, onDone }: { contract: ContractDetail; onClose: () => void; onDone: (next: ContractDetail) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ decision: 'renew' | 'not_renew'; note: string }>();
  const decide = useMutation({ mutationFn: (values: { decision: 'renew' | 'not_renew'; note: string }) => decideRenewal(contract.id, values), onSuccess: onDone, onError: (error) => applyServerFieldErrors(form, error) });
  return (
    <Modal open title={t('contracts.renewalDecision.decide')} confirmLoading={decide.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ decision: 'renew' }} onFinish={(values) => decide.mutate(values)}>
        <Form.Item name="decision" label={t('contracts.renewalDecision.decide')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'renew', label: t('contracts.renewalDecision.renew') },
              { value: 'not_renew', label: t('contracts.renewalDecision.not_renew') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('contracts.renewalDecision.note')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
