import type { MessageKey } from '../../app/i18n/dictionary';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Divider, Drawer, Flex, Form, Input, Modal, Popconfirm, Result, Skeleton } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../app/api-client';
import { applyServerFieldErrors } from '../../ui/form-errors';
import {
  approvalsQueryKey,
  approveApproval,
  getApproval,
  rejectApproval,
  resubmitApproval,
  returnApproval,
  withdrawApproval,
  type ApprovalDetail,
} from './approvals-api';
import { ApprovalTimeline } from './ApprovalTimeline';
import { AttachmentList } from '../attachments/AttachmentList';
import { useT } from '../../app/i18n/LocaleProvider';

type Decision = 'approve' | 'reject' | 'return';

const decisionText: Record<Decision, { title: MessageKey; label: MessageKey; required: MessageKey | null; ok: MessageKey }> = {
  approve: { title: 'approvals.approve', label: 'approvals.commentOptional', required: null, ok: 'approvals.confirmApproval' },
  reject: { title: 'approvals.reject', label: 'approvals.reasonForRejection', required: 'approvals.pleaseGiveAReasonFor', ok: 'approvals.confirmRejection' },
  return: { title: 'approvals.returnedForRevision', label: 'approvals.whatToRevise', required: 'approvals.pleaseSayWhatShouldBe', ok: 'approvals.confirmReturn' },
};

function DecisionModal({ approval, decision, onDone, onCancel }: { approval: ApprovalDetail; decision: Decision; onDone: (result: ApprovalDetail) => void; onCancel: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ comment?: string }>();
  const queryClient = useQueryClient();
  const text = decisionText[decision];
  const mutation = useMutation({
    mutationFn: ({ comment }: { comment?: string }) => {
      const trimmed = comment?.trim() ?? '';
      if (decision === 'approve') return approveApproval(approval.id, approval.currentStep, trimmed || undefined);
      if (decision === 'reject') return rejectApproval(approval.id, approval.currentStep, trimmed);
      return returnApproval(approval.id, approval.currentStep, trimmed);
    },
    onSuccess: onDone,
    onError: (error) => {
      if (applyServerFieldErrors(form, error)) return;
      // Someone else decided first, or the request changed: show the current state.
      void queryClient.invalidateQueries({ queryKey: approvalsQueryKey });
      onCancel();
    },
  });
  return (
    <Modal
      open
      title={`${t(text.title)}：${approval.title}`}
      okText={t(text.ok)}
      okButtonProps={{ danger: decision === 'reject' }}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 16 }}>
        <Form.Item
          name="comment"
          label={t(text.label)}
          rules={[...(text.required ? [{ required: true, whitespace: true, message: t(text.required) }] : []), { max: 1000, message: t('approvals.atMost1000Characters') }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ResubmitValues {
  title: string;
  comment?: string;
}

function ResubmitModal({ approval, onDone, onCancel }: { approval: ApprovalDetail; onDone: (result: ApprovalDetail) => void; onCancel: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ResubmitValues>();
  const mutation = useMutation({
    mutationFn: (values: ResubmitValues) =>
      resubmitApproval(approval.id, {
        title: values.title.trim(),
        ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
      }),
    onSuccess: onDone,
    onError: (error) => {
      if (!isApiError(error)) return;
      const known: (keyof ResubmitValues)[] = ['title', 'comment'];
      form.setFields(
        error.fieldErrors.flatMap((item) => {
          const name = known.find((field) => field === item.field.replace(/^data\./, '').split('.')[0]);
          return name ? [{ name, errors: [item.message] }] : [];
        }),
      );
    },
  });
  return (
    <Modal open title={t('approvals.reviseAndResubmit')} okText={t('approvals.resubmit')} confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      <Form<ResubmitValues>
        form={form}
        layout="vertical"
        initialValues={{ title: approval.title }}
        onFinish={(values) => mutation.mutate(values)}
        style={{ marginTop: 16 }}
      >
        <Form.Item name="title" label={t('approvals.title')} rules={[{ required: true, whitespace: true, message: t('approvals.pleaseEnterATitle') }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="comment" label={t('approvals.whatChangedOptional')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Detail of one approval with its steps, history and the actions the viewer may take. */
export function ApprovalDetailDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [resubmitting, setResubmitting] = useState(false);
  const detail = useQuery({
    queryKey: [...approvalsQueryKey, 'detail', id],
    queryFn: () => getApproval(id!),
    enabled: id !== null,
    meta: { silent: true },
  });

  const finished = async (result: ApprovalDetail, text: string) => {
    message.success(text);
    setDecision(null);
    setResubmitting(false);
    queryClient.setQueryData([...approvalsQueryKey, 'detail', result.id], result);
    await queryClient.invalidateQueries({ queryKey: approvalsQueryKey });
  };

  const withdraw = useMutation({
    mutationFn: (approvalId: number) => withdrawApproval(approvalId),
    onSuccess: (result) => finished(result, t('approvals.withdrawn')),
  });

  const approval = detail.data;
  const footer = approval && (approval.can.decide || approval.can.withdraw || approval.can.resubmit) && (
    <Flex gap={8} justify="flex-end" wrap>
      {approval.can.withdraw && (
        <Popconfirm title={t('approvals.withdrawThisRequest')} okText={t('approvals.withdraw')} cancelText={t('common.cancel')} onConfirm={() => withdraw.mutate(approval.id)}>
          <Button loading={withdraw.isPending} data-testid="approval-withdraw">
            {t('approvals.withdraw')}
                      </Button>
        </Popconfirm>
      )}
      {approval.can.resubmit && (
        <Button type="primary" onClick={() => setResubmitting(true)} data-testid="approval-resubmit">
          {t('approvals.reviseAndResubmit')}
                  </Button>
      )}
      {approval.can.decide && (
        <>
          <Button onClick={() => setDecision('return')} data-testid="approval-return">
            {t('approvals.returnedForRevision')}
                      </Button>
          <Button danger onClick={() => setDecision('reject')} data-testid="approval-reject">
            {t('approvals.reject')}
                      </Button>
          <Button type="primary" onClick={() => setDecision('approve')} data-testid="approval-approve">
            {t('approvals.approve')}
                      </Button>
        </>
      )}
    </Flex>
  );

  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={approval ? approval.title : t('approvals.approvalDetails')} footer={footer || undefined} destroyOnHidden>
      {detail.isLoading && <Skeleton active />}
      {detail.isError && <Result status="warning" title={detail.error instanceof Error ? detail.error.message : t('common.loadFailed')} />}
      {approval && <ApprovalTimeline approval={approval} />}
      {approval && (
        <>
          <Divider titlePlacement="start">{t('approvals.attachments')}</Divider>
          <AttachmentList
            recordType="approval"
            recordId={approval.id}
            canUpload={approval.status === 'pending' || approval.status === 'returned'}
          />
        </>
      )}
      {approval && decision && (
        <DecisionModal
          approval={approval}
          decision={decision}
          onCancel={() => setDecision(null)}
          onDone={(result) => void finished(result, t('approvals.text', { title: t(decisionText[decision].title) }))}
        />
      )}
      {approval && resubmitting && (
        <ResubmitModal approval={approval} onCancel={() => setResubmitting(false)} onDone={(result) => void finished(result, t('approvals.resubmitted'))} />
      )}
    </Drawer>
  );
}
