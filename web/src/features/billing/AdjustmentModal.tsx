import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { api } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { billsKey } from './billing-api';

/** 申请坏账核销 (a bill) or 申请退还预收 (a customer): sent to 分管领导/总经理 for approval (R-BIL-05). */
export function AdjustmentModal({ kind, targetId, open, onClose }: { kind: 'write_off' | 'refund'; targetId: number; open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amount: string; reason: string; payee?: string }>();
  const save = useMutation({
    mutationFn: (values: { amount: string; reason: string; payee?: string }) => api.post(kind === 'write_off' ? `/bills/${targetId}/write-offs` : `/customers/${targetId}/refunds`, values),
    onSuccess: async () => {
      message.success(t('adjustments.submitted'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: billsKey });
      await queryClient.invalidateQueries({ queryKey: ['customer-account'] });
      await queryClient.invalidateQueries({ queryKey: ['billing-adjustments'] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  return (
    <Modal open={open} title={t(kind === 'write_off' ? 'adjustments.writeOff' : 'adjustments.refund')} okText={t('adjustments.submit')} okButtonProps={{ loading: save.isPending }} onOk={() => form.validateFields().then((values) => save.mutate(values))} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t(kind === 'write_off' ? 'adjustments.writeOffHelp' : 'adjustments.refundHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="amount" label={t('billing.amount')} rules={[{ required: true, message: t('common.required', { label: t('billing.amount') }) }]}>
          <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 200 }} aria-label={t('billing.amount')} />
        </Form.Item>
        {kind === 'refund' && (
          <Form.Item name="payee" label={t('adjustments.payee')} rules={[{ required: true, message: t('common.required', { label: t('adjustments.payee') }) }]}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('adjustments.reason')} rules={[{ required: true, message: t('common.required', { label: t('adjustments.reason') }) }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
