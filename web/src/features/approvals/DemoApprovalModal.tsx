import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { approvalsQueryKey, submitDemoApproval, type ApprovalDetail } from './approvals-api';

interface DemoValues {
  title: string;
  amount: number;
  reason?: string;
}

/** 发起演示审批 — a harmless request to try the whole flow. */
export function DemoApprovalModal({ onClose, onCreated }: { onClose: () => void; onCreated: (approval: ApprovalDetail) => void }) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DemoValues>();
  const mutation = useMutation({
    mutationFn: (values: DemoValues) =>
      submitDemoApproval({ title: values.title.trim(), amount: values.amount, ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}) }),
    onSuccess: async (approval) => {
      message.success(approval.status === 'approved' ? '已提交，无需审批直接通过' : `已提交，等待 ${approval.currentApprovers.map((p) => p.name).join('、')} 审批`);
      await queryClient.invalidateQueries({ queryKey: approvalsQueryKey });
      onCreated(approval);
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open title="发起演示审批" okText="提交" confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        演示审批用于体验审批流程：先由您的部门负责人审批，金额超过 500,000 元时还需总经理审批。
      </Typography.Paragraph>
      <Form<DemoValues> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 100, message: '不能超过 100 个字符' }]}>
          <Input maxLength={100} autoFocus data-testid="demo-title" />
        </Form.Item>
        <Form.Item name="amount" label="金额（元）" rules={[{ required: true, message: '请填写金额' }]}>
          <InputNumber min={0} max={1_000_000_000_000} precision={2} style={{ width: '100%' }} data-testid="demo-amount" />
        </Form.Item>
        <Form.Item name="reason" label="申请事由（选填）" rules={[{ max: 500, message: '不能超过 500 个字符' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
