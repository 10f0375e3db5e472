import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, Modal, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import { moveOpportunityStage, opportunitiesQueryKey, type Opportunity } from './opportunities-api';

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
      message.success(`「${moved.name}」已移至「${moved.stageLabel}」`);
      setLosing(null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opportunitiesQueryKey }),
  });

  const move = (opportunity: Opportunity, stageCode: string) => {
    if (opportunity.stageCode === stageCode) return;
    if (opportunity.status !== 'open') {
      message.warning('商机已关闭（赢单或输单），不能再变更阶段');
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
      title={losing ? `输单：${losing.name}` : '输单'}
      open={losing !== null}
      onCancel={() => setLosing(null)}
      onOk={() => form.submit()}
      okText="确认输单"
      okButtonProps={{ danger: true }}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => losing && mutation.mutate({ opportunity: losing, stageCode: LOST, lost: values })}>
        <Form.Item name="lostReasonCode" label="输单原因" rules={[{ required: true, message: '请选择输单原因' }]}>
          <Select options={(reasons.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} loading={reasons.isLoading} />
        </Form.Item>
        <Form.Item name="lostNote" label="说明">
          <Input.TextArea rows={3} maxLength={500} placeholder="如：竞争对手报价低 10%" />
        </Form.Item>
      </Form>
    </Modal>
  );

  return { move, pendingId: mutation.isPending ? (mutation.variables?.opportunity.id ?? null) : null, modal };
}
