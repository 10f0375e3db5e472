import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, Modal, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import { moveOpportunityStage, opportunitiesQueryKey, type Opportunity } from './opportunities-api';
import { useT } from '../../../app/i18n/LocaleProvider';

const LOST = 'lost';

interface LostValues {
  lostReasonCode: string;
  lostNote?: string;
}

/**
 * Moves an opportunity to a stage via the server; 输单 first asks for the reason in a modal.
 * Refusals show the server's message and nothing moves (the board simply reloads its data).
 */
export function useStageMove(): { move: (opportunity: Opportunity, stageCode: string) => void; pendingId: number | null; modal: ReactNode } {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const reasons = useDictionaryItems('lost_reason');
  const [form] = Form.useForm<LostValues>();
  const [losing, setLosing] = useState<Opportunity | null>(null);

  const mutation = useMutation({
    mutationFn: ({ opportunity, stageCode, lost }: { opportunity: Opportunity; stageCode: string; lost?: LostValues }) =>
      moveOpportunityStage(opportunity.id, {
        stageCode,
        version: opportunity.version,
        ...(lost ? { lostReasonCode: lost.lostReasonCode, lostNote: lost.lostNote?.trim() || null } : {}),
      }),
    onSuccess: (moved) => {
      message.success(t('development.opportunities.movedTo', { name: moved.name, stageLabel: moved.stageLabel }));
      setLosing(null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opportunitiesQueryKey }),
  });

  const move = (opportunity: Opportunity, stageCode: string) => {
    if (opportunity.stageCode === stageCode) return;
    if (opportunity.status !== 'open') {
      message.warning(t('development.opportunities.theOpportunityIsClosedWon'));
      return;
    }
    if (stageCode === LOST) {
      form.resetFields();
      setLosing(opportunity);
      return;
    }
    mutation.mutate({ opportunity, stageCode });
  };

  const modal = (
    <Modal
      title={losing ? t('development.opportunities.lost2', { name: losing.name }) : t('development.opportunities.lost')}
      open={losing !== null}
      onCancel={() => setLosing(null)}
      onOk={() => form.submit()}
      okText={t('development.opportunities.confirmLost')}
      okButtonProps={{ danger: true }}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => losing && mutation.mutate({ opportunity: losing, stageCode: LOST, lost: values })}>
        <Form.Item name="lostReasonCode" label={t('development.opportunities.reasonLost')} rules={[{ required: true, message: t('development.opportunities.pleaseChooseWhyItWas') }]}>
          <Select options={(reasons.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} loading={reasons.isLoading} />
        </Form.Item>
        <Form.Item name="lostNote" label={t('roles.description')}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('development.opportunities.eGCompetitor10Cheaper')} />
        </Form.Item>
      </Form>
    </Modal>
  );

  return { move, pendingId: mutation.isPending ? (mutation.variables?.opportunity.id ?? null) : null, modal };
}
