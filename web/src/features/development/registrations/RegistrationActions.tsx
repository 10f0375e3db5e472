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

export function StatusTag({ status }: { status: RegistrationStatus }) {
  const tag = registrationStatusTags[status];
  return <Tag color={tag.color}>{tag.label}</Tag>;
}

/** Live countdown of an exclusive period (R-DEV-02); `data-testid="exclusive-countdown"`. */
export function ExclusiveCountdown({ until, status, size = 14 }: { until: string | null; status: 'pending' | 'active' | RegistrationStatus; size?: number }) {
  const [over, setOver] = useState(false);
  if (status === 'pending') return <Typography.Text type="secondary">审批通过后开始计时</Typography.Text>;
  if (status !== 'active' || !until) return <Typography.Text type="secondary">—</Typography.Text>;
  const end = new Date(until).getTime();
  return (
    <Tooltip title={`独家开发期至 ${formatDateTime(until)}`}>
      <span data-testid="exclusive-countdown">
        {over || end <= Date.now() ? (
          <Typography.Text type="warning">已到期，待系统处理</Typography.Text>
        ) : (
          <Statistic.Timer
            type="countdown"
            value={end}
            format="D 天 HH:mm:ss"
            onFinish={() => setOver(true)}
            styles={{ content: { fontSize: size, color: end - Date.now() < 7 * 86_400_000 ? '#d46b08' : '#389e0d' } }}
          />
        )}
      </span>
    </Tooltip>
  );
}

type Action = 'extend' | 'reassign';

function ActionModal({ registration, action, onClose }: { registration: Registration; action: Action; onClose: () => void }) {
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
      message.success(action === 'extend' ? `已延期，独家开发期至 ${formatDateTime(saved.exclusiveUntil)}` : `已改派给 ${saved.holderName}（新报备 ${saved.number}）`);
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
      title={action === 'extend' ? `延期独家开发期：${registration.customerName}` : `改派报备：${registration.customerName}`}
      okText={action === 'extend' ? '延期' : '改派'}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {action === 'extend'
          ? '每份报备只能延期一次，延长一个独家开发期（从现在或原到期日较晚者起算）。'
          : '客户与独家开发权转给新的开发人，立即生效，无需再审批；原报备记为「已改派」。'}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        {action === 'reassign' && (
          <Form.Item name="toUserId" label="新的开发人" rules={[{ required: true, message: '请选择新的开发人' }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              loading={candidates.isFetching}
              options={(candidates.data?.items ?? []).filter((c) => c.id !== registration.holderId).map((c) => ({ value: c.id, label: `${c.name}（${c.unitName}）` }))}
              placeholder="输入姓名搜索"
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={action === 'extend' ? '延期理由' : '改派理由'} rules={[{ required: true, message: '请填写理由' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 延期 / 改派 buttons for the managing unit (the server decides; the flags only hide buttons). */
export function RegistrationActions({ registration }: { registration: Registration }) {
  const [action, setAction] = useState<Action | null>(null);
  if (!registration.canExtend && !registration.canReassign) return null;
  return (
    <Space size={4}>
      {registration.canExtend && (
        <Button size="small" type="link" onClick={() => setAction('extend')}>
          延期
        </Button>
      )}
      {registration.canReassign && (
        <Button size="small" type="link" onClick={() => setAction('reassign')}>
          改派
        </Button>
      )}
      {action && <ActionModal registration={registration} action={action} onClose={() => setAction(null)} />}
    </Space>
  );
}
