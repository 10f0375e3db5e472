import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, DatePicker, Flex, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { recordDeposit, type DepositInput } from './contracts-api';
import { businessToday } from '../../ui/business-date';

type Values = Omit<DepositInput, 'receivedOn'> & { receivedOn: Dayjs };

/** 收定金 (R-LEA-34): finance records the 定金 of a reservation and the subscription's terms, locked from then on. */
export function DepositModal({ reservationId, onClose }: { reservationId: number; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const record = useMutation({
    mutationFn: (values: Values) => recordDeposit(reservationId, { ...values, receivedOn: values.receivedOn.format('YYYY-MM-DD') }),
    onSuccess: async () => {
      message.success(t('deposits.recorded'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['reservation-deposits'] });
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open width={600} title={t('deposits.record')} confirmLoading={record.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Alert type="warning" showIcon title={t('deposits.lockHint')} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'small', receivedOn: businessToday(), onSigning: 'rent', onWithdrawal: 'forfeit' }} onFinish={(values) => record.mutate(values)}>
        <Flex gap={16} wrap>
          <Form.Item name="kind" label={t('deposits.kind')} rules={[{ required: true }]}>
            <Radio.Group options={[{ value: 'small', label: t('deposits.kind.small') }, { value: 'large', label: t('deposits.kind.large') }]} />
          </Form.Item>
          <Form.Item name="amount" label={t('deposits.amount')} rules={[{ required: true }]}>
            <Input aria-label={t('deposits.amount')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="receivedOn" label={t('deposits.receivedOn')} rules={[{ required: true }]}>
            <DatePicker aria-label={t('deposits.receivedOn')} />
          </Form.Item>
        </Flex>
        <Form.Item name="onSigning" label={t('deposits.onSigning')} rules={[{ required: true }]}>
          <Radio.Group options={[{ value: 'rent', label: t('deposits.onSigning.rent') }, { value: 'deposit', label: t('deposits.onSigning.deposit') }]} />
        </Form.Item>
        <Form.Item name="onWithdrawal" label={t('deposits.onWithdrawal')} rules={[{ required: true }]}>
          <Radio.Group options={[{ value: 'forfeit', label: t('deposits.onWithdrawal.forfeit') }, { value: 'refund', label: t('deposits.onWithdrawal.refund') }]} />
        </Form.Item>
        <Form.Item name="terms" label={t('deposits.terms')} rules={[{ required: true, min: 10 }]}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
