import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Form, Input, Modal, Select, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../ui/format';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import {
  extendRegistration,
  listCandidates,
  reassignRegistration,
  registrationStatusTags,
  type Registration,
  type RegistrationStatus,
} from './registrations-api';
import { useT } from '../../../app/i18n/LocaleProvider';

export function StatusTag({ status }: { status: RegistrationStatus }) {
  const t = useT();
  const tag = registrationStatusTags[status];
  return <Tag color={tag.color}>{t(tag.label)}</Tag>;
}

/** Live countdown of an exclusive period (R-DEV-02); `data-testid="exclusive-countdown"`. */
export function ExclusiveCountdown({ until, status, size = 14 }: { until: string | null; status: 'pending' | 'active' | RegistrationStatus; size?: number }) {
  const t = useT();
  const [over, setOver] = useState(false);
  if (status === 'pending') return <Typography.Text type="secondary">{t('development.registrations.startsOnceApproved')}</Typography.Text>;
  if (status !== 'active' || !until) return <Typography.Text type="secondary">—</Typography.Text>;
  const end = new Date(until).getTime();
  return (
    <Tooltip title={t('development.registrations.exclusiveUntil2', { v0: formatDateTime(until) })}>
      <span data-testid="exclusive-countdown">
        {over || end <= Date.now() ? (
          <Typography.Text type="warning">{t('development.registrations.expiredTheSystemWillClose')}</Typography.Text>
        ) : (
          <Statistic.Timer
            type="countdown"
            value={end}
            format={t('development.registrations.dDHhMmSs')}
            onFinish={() => setOver(true)}
            styles={{ content: { fontSize: size, color: end - Date.now() < 7 * 86_400_000 ? '#ad4e00' : '#237804' } }}
          />
        )}
      </span>
    </Tooltip>
  );
}

type Action = 'extend' | 'reassign';

function ActionModal({ registration, action, onClose }: { registration: Registration; action: Action; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string; toUserId?: number }>();
  const [q, setQ] = useState('');
  const candidates = useQuery({ queryKey: ['development', 'owner-candidates', q], queryFn: () => listCandidates(q), enabled: action === 'reassign' });
  const mutation = useMutation({
    mutationFn: (values: { reason: string; toUserId?: number }) =>
      action === 'extend' ? extendRegistration(registration.id, values.reason.trim()) : reassignRegistration(registration.id, { toUserId: values.toUserId!, reason: values.reason.trim() }),
    meta: { silent: true },
    onSuccess: async (saved) => {
      message.success(action === 'extend' ? t('development.registrations.extendedExclusiveUntil', { v0: formatDateTime(saved.exclusiveUntil) }) : t('development.registrations.reassignedToNewRegistration', { holderName: saved.holderName, number: saved.number }));
      await queryClient.invalidateQueries({ queryKey: ['development'] });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal
      open
      title={action === 'extend' ? t('development.registrations.extendTheExclusivePeriod', { customerName: registration.customerName }) : t('development.registrations.reassignRegistration', { customerName: registration.customerName })}
      okText={action === 'extend' ? t('development.registrations.extend') : t('development.registrations.reassign')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {action === 'extend'
          ? t('development.registrations.aRegistrationCanBeExtended')
          : t('development.registrations.theCustomerAndTheExclusive')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        {action === 'reassign' && (
          <Form.Item name="toUserId" label={t('development.registrations.newDeveloper')} rules={[{ required: true, message: t('development.registrations.pleaseChooseTheNewDeveloper') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              loading={candidates.isFetching}
              options={(candidates.data?.items ?? []).filter((c) => c.id !== registration.holderId).map((c) => ({ value: c.id, label: `${c.name}（${c.unitName}）` }))}
              placeholder={t('development.registrations.typeANameToSearch')}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={action === 'extend' ? t('development.registrations.reasonForExtension') : t('development.registrations.reasonForReassignment')} rules={[{ required: true, message: t('development.registrations.pleaseGiveAReason') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 延期 / 改派 buttons for the managing unit (the server decides; the flags only hide buttons). */
export function RegistrationActions({ registration }: { registration: Registration }) {
  const t = useT();
  const [action, setAction] = useState<Action | null>(null);
  if (!registration.canExtend && !registration.canReassign) return null;
  return (
    <Space size={4}>
      {registration.canExtend && (
        <Button size="small" type="link" onClick={() => setAction('extend')}>
          {t('development.registrations.extend')}
                  </Button>
      )}
      {registration.canReassign && (
        <Button size="small" type="link" onClick={() => setAction('reassign')}>
          {t('development.registrations.reassign')}
                  </Button>
      )}
      {action && <ActionModal registration={registration} action={action} onClose={() => setAction(null)} />}
    </Space>
  );
}
