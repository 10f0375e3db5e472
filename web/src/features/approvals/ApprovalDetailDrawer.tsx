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

type Decision = 'approve' | 'reject' | 'return';

const decisionText: Record<Decision, { title: string; label: string; required: string | null; ok: string }> = {
  approve: { title: '同意', label: '审批意见（选填）', required: null, ok: '确认同意' },
  reject: { title: '驳回', label: '驳回理由', required: '请填写驳回理由', ok: '确认驳回' },
  return: { title: '退回修改', label: '修改意见', required: '请填写退回修改意见', ok: '确认退回' },
};

function DecisionModal({ approval, decision, onDone, onCancel }: { approval: ApprovalDetail; decision: Decision; onDone: (result: ApprovalDetail) => void; onCancel: () => void }) {
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
      title={`${text.title}：${approval.title}`}
      okText={text.ok}
      okButtonProps={{ danger: decision === 'reject' }}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 16 }}>
        <Form.Item
          name="comment"
          label={text.label}
          rules={[...(text.required ? [{ required: true, whitespace: true, message: text.required }] : []), { max: 1000, message: '不能超过 1000 个字符' }]}
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
    <Modal open title="修改后重新提交" okText="重新提交" confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={onCancel} destroyOnHidden>
      <Form<ResubmitValues>
        form={form}
        layout="vertical"
        initialValues={{ title: approval.title }}
        onFinish={(values) => mutation.mutate(values)}
        style={{ marginTop: 16 }}
      >
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="comment" label="修改说明（选填）">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Detail of one approval with its steps, history and the actions the viewer may take. */
export function ApprovalDetailDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
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
    onSuccess: (result) => finished(result, '已撤回'),
  });

  const approval = detail.data;
  const footer = approval && (approval.can.decide || approval.can.withdraw || approval.can.resubmit) && (
    <Flex gap={8} justify="flex-end" wrap>
      {approval.can.withdraw && (
        <Popconfirm title="确定撤回这条申请吗？" okText="撤回" cancelText="取消" onConfirm={() => withdraw.mutate(approval.id)}>
          <Button loading={withdraw.isPending} data-testid="approval-withdraw">
            撤回
          </Button>
        </Popconfirm>
      )}
      {approval.can.resubmit && (
        <Button type="primary" onClick={() => setResubmitting(true)} data-testid="approval-resubmit">
          修改后重新提交
        </Button>
      )}
      {approval.can.decide && (
        <>
          <Button onClick={() => setDecision('return')} data-testid="approval-return">
            退回修改
          </Button>
          <Button danger onClick={() => setDecision('reject')} data-testid="approval-reject">
            驳回
          </Button>
          <Button type="primary" onClick={() => setDecision('approve')} data-testid="approval-approve">
            同意
          </Button>
        </>
      )}
    </Flex>
  );

  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={approval ? approval.title : '审批详情'} footer={footer || undefined} destroyOnHidden>
      {detail.isLoading && <Skeleton active />}
      {detail.isError && <Result status="warning" title={detail.error instanceof Error ? detail.error.message : '加载失败'} />}
      {approval && <ApprovalTimeline approval={approval} />}
      {approval && (
        <>
          <Divider titlePlacement="start">附件</Divider>
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
          onDone={(result) => void finished(result, `已${decisionText[decision].title}`)}
        />
      )}
      {approval && resubmitting && (
        <ResubmitModal approval={approval} onCancel={() => setResubmitting(false)} onDone={(result) => void finished(result, '已重新提交')} />
      )}
    </Drawer>
  );
}
