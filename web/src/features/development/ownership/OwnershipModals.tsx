import { translatedRules } from '../../../app/i18n/dictionary';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, InputNumber, Modal, Radio, type FormInstance } from 'antd';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { OwnerCandidateSelect } from './OwnerCandidateSelect';
import { assignCustomer, createTransfer, ownershipQueryKey, releaseCustomer, type TransferKind } from './ownership-api';
import { useT } from '../../../app/i18n/LocaleProvider';

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

const reasonRules = [{ required: true, whitespace: true, min: 2, message: 'development.ownership.pleaseGiveAReasonAt' }];

export function ReleaseModal({ customer, onClose }: { customer: Target; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useOwnershipMutation(form, (values) => releaseCustomer(customer.id, values.reason.trim()), t('development.ownership.releasedToThePool'), onClose);
  return (
    <Modal open title={t('development.ownership.releaseToPool2', { name: customer.name })} okText={t('development.ownership.releaseToPool')} okButtonProps={{ danger: true }} onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="reason" label={t('development.ownership.reason3')} rules={translatedRules(t, reasonRules)}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('development.ownership.eGTheCustomerNo')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AssignModal({ customer, onClose }: { customer: Target; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ toUserId: number; reason: string }>();
  const save = useOwnershipMutation(form, (values) => assignCustomer(customer.id, { toUserId: values.toUserId, reason: values.reason.trim() }), t('development.ownership.customerAssigned'), onClose);
  return (
    <Modal open title={t('development.ownership.assignCustomer', { name: customer.name })} okText={t('development.ownership.assign')} onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="toUserId" label={t('development.ownership.newAccountManager')} rules={[{ required: true, message: t('development.ownership.pleaseChooseSomeone') }]} extra={t('development.ownership.onlyToPeopleWithinYour')}>
          <OwnerCandidateSelect />
        </Form.Item>
        <Form.Item name="reason" label={t('development.ownership.reason2')} rules={translatedRules(t, reasonRules)}>
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
  const t = useT();
  const [form] = Form.useForm<TransferValues>();
  const save = useOwnershipMutation(
    form,
    (values) => createTransfer({ customerId: customer?.id ?? values.customerId!, toUserId: values.toUserId, kind: values.kind, reason: values.reason.trim() }),
    t('development.ownership.submittedDoneAtOnceBy'),
    onClose,
  );
  return (
    <Modal open title={customer ? t('development.ownership.transfer2', { name: customer.name }) : t('development.ownership.newTransfer')} okText={t('development.ownership.submit')} onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form<TransferValues> form={form} layout="vertical" initialValues={{ kind: 'transfer' }} onFinish={(values) => save.mutate(values)}>
        {!customer && (
          <Form.Item name="customerId" label={t('development.ownership.customerId')} rules={[{ required: true, message: t('development.ownership.pleaseEnterTheCustomerId') }]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder={t('development.ownership.theNumberInTheCustomer')} />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('org.kind')}>
          <Radio.Group
            options={[
              { value: 'transfer', label: t('development.ownership.transferNewAccountManager') },
              { value: 'relocation', label: t('development.ownership.moveNewParkUnit') },
            ]}
          />
        </Form.Item>
        <Form.Item name="toUserId" label={t('development.ownership.receiver')} rules={[{ required: true, message: t('development.ownership.pleaseChooseTheReceiver') }]} extra={t('development.ownership.doneByTheManagingUnit')}>
          <OwnerCandidateSelect />
        </Form.Item>
        <Form.Item name="reason" label={t('development.ownership.reason')} rules={translatedRules(t, reasonRules)}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
