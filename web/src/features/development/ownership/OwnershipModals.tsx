import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, InputNumber, Modal, Radio, type FormInstance } from 'antd';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { OwnerCandidateSelect } from './OwnerCandidateSelect';
import { assignCustomer, createTransfer, ownershipQueryKey, releaseCustomer, type TransferKind } from './ownership-api';

// The three ownership actions as small modal forms: 退回公海, 分配/改派, 转移/搬迁.

interface Target {
  id: number;
  name: string;
}

function useOwnershipMutation<T>(form: FormInstance<T>, run: (values: T) => Promise<unknown>, done: string, onClose: () => void) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    meta: { silent: true },
    onSuccess: async () => {
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ownershipQueryKey });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
}

const reasonRules = [{ required: true, whitespace: true, min: 2, message: '请填写原因（至少 2 个字）' }];

export function ReleaseModal({ customer, onClose }: { customer: Target; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const save = useOwnershipMutation(form, (values) => releaseCustomer(customer.id, values.reason.trim()), '客户已退回公海', onClose);
  return (
    <Modal open title={`退回公海 — ${customer.name}`} okText="退回公海" okButtonProps={{ danger: true }} onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="reason" label="退回原因" rules={reasonRules}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="例如：客户已无租赁需求" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AssignModal({ customer, onClose }: { customer: Target; onClose: () => void }) {
  const [form] = Form.useForm<{ toUserId: number; reason: string }>();
  const save = useOwnershipMutation(form, (values) => assignCustomer(customer.id, { toUserId: values.toUserId, reason: values.reason.trim() }), '客户已分配', onClose);
  return (
    <Modal open title={`分配客户 — ${customer.name}`} okText="分配" onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="toUserId" label="新的客户经理" rules={[{ required: true, message: '请选择人员' }]} extra="只能分配给您管理范围内的人员，直接生效。">
          <OwnerCandidateSelect />
        </Form.Item>
        <Form.Item name="reason" label="分配原因" rules={reasonRules}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TransferValues {
  customerId?: number;
  toUserId: number;
  kind: TransferKind;
  reason: string;
}

/** 转移 / 搬迁: for a known customer, or (on the transfers page) with a customer id field. */
export function TransferModal({ customer, onClose }: { customer?: Target; onClose: () => void }) {
  const [form] = Form.useForm<TransferValues>();
  const save = useOwnershipMutation(
    form,
    (values) => createTransfer({ customerId: customer?.id ?? values.customerId!, toUserId: values.toUserId, kind: values.kind, reason: values.reason.trim() }),
    '已提交（管理单位直接办理的已完成，其余等待审批）',
    onClose,
  );
  return (
    <Modal open title={customer ? `客户转移 — ${customer.name}` : '新建客户转移'} okText="提交" onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form<TransferValues> form={form} layout="vertical" initialValues={{ kind: 'transfer' }} onFinish={(values) => save.mutate(values)}>
        {!customer && (
          <Form.Item name="customerId" label="客户 ID" rules={[{ required: true, message: '请填写客户 ID（客户详情页地址中的数字）' }]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder="客户详情页地址中的数字" />
          </Form.Item>
        )}
        <Form.Item name="kind" label="类型">
          <Radio.Group
            options={[
              { value: 'transfer', label: '转移（换客户经理）' },
              { value: 'relocation', label: '搬迁（换园区/单位）' },
            ]}
          />
        </Form.Item>
        <Form.Item name="toUserId" label="接收人" rules={[{ required: true, message: '请选择接收人' }]} extra="管理单位在本范围内办理时直接生效；否则提交「客户转移」审批，跨部门需上级部门负责人审批。">
          <OwnerCandidateSelect />
        </Form.Item>
        <Form.Item name="reason" label="转移原因" rules={reasonRules}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
