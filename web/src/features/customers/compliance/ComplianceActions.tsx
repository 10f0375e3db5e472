import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Dropdown, Form, Input, Modal, Radio, Select, Space, Tag, Typography, type MenuProps } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../../app/api-client';
import { useAuth } from '../../../app/auth-context';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import type { PageResult } from '../../../ui/use-server-table';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import {
  admissionStatusLabels,
  blacklistLevelLabels,
  blacklistQueryKey,
  customerBlacklistQueryKey,
  customersPrefix,
  listCustomerBlacklist,
  markLost,
  mergeCustomer,
  reactivate,
  requestBlacklist,
  requestBlacklistRemoval,
  submitAdmission,
  verifyCustomer,
  type BlacklistLevel,
  type ComplianceCustomer,
} from './compliance-api';

type Action = 'blacklist' | 'removal' | 'lost' | 'reactivate' | 'verify' | 'merge';

function useRefresh() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: customersPrefix }), queryClient.invalidateQueries({ queryKey: blacklistQueryKey })]);
  };
}

/** Shared modal shell: a form whose submit runs `run`, with server field errors under the fields. */
function ActionModal<T extends object>({
  title,
  okText,
  danger,
  onClose,
  run,
  success,
  children,
}: {
  title: string;
  okText: string;
  danger?: boolean;
  onClose: () => void;
  run: (values: T) => Promise<unknown>;
  success: string;
  children: ReactNode;
}) {
  const { message } = AntdApp.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<T>();
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: async () => {
      message.success(success);
      await refresh();
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open title={title} okText={okText} okButtonProps={{ danger }} confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<T> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 12 }}>
        {children}
      </Form>
    </Modal>
  );
}

function BlacklistModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  return (
    <ActionModal<{ level: BlacklistLevel; reason: string; evidence?: string }>
      title={`申请将「${customer.name}」列入黑名单`}
      okText="提交审批"
      danger
      onClose={onClose}
      success="已提交列入黑名单的审批，审批通过后生效"
      run={(values) => requestBlacklist(customer.id, { level: values.level, reason: values.reason.trim(), ...(values.evidence?.trim() ? { evidence: values.evidence.trim() } : {}) })}
    >
      <Form.Item name="level" label="级别" initialValue="unit" rules={[{ required: true }]} extra="本单位黑名单禁止本单位及下级单位新建商机、合同与授信；全公司黑名单在所有单位生效。">
        <Radio.Group options={[{ value: 'unit', label: '本单位' }, { value: 'company', label: '全公司' }]} />
      </Form.Item>
      <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: '请填写原因' }, { max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="blacklist-reason" />
      </Form.Item>
      <Form.Item name="evidence" label="证据说明（附件可在客户附件中上传）" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </ActionModal>
  );
}

function RemovalModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const entries = useQuery({ queryKey: customerBlacklistQueryKey(customer.id), queryFn: () => listCustomerBlacklist(customer.id) });
  const active = (entries.data?.items ?? []).filter((entry) => entry.status === 'active');
  if (entries.isLoading) return null; // the form's initial value needs the entries
  return (
    <ActionModal<{ entryId: number; reason: string }>
      title={`申请将「${customer.name}」移出黑名单`}
      okText="提交审批"
      onClose={onClose}
      success="已提交移出黑名单的审批，审批通过前黑名单仍然有效"
      run={(values) => requestBlacklistRemoval(values.entryId, values.reason.trim())}
    >
      <Form.Item name="entryId" label="黑名单记录" initialValue={active[0]?.id} rules={[{ required: true, message: '没有生效中的黑名单记录' }]}>
        <Select
          loading={entries.isLoading}
          options={active.map((entry) => ({ value: entry.id, label: `${blacklistLevelLabels[entry.level]}${entry.unitName ? `（${entry.unitName}）` : ''}：${entry.reason}` }))}
        />
      </Form.Item>
      <Form.Item name="reason" label="移出理由" rules={[{ required: true, whitespace: true, message: '请填写移出理由' }, { max: 500 }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </ActionModal>
  );
}

function LostModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const reasons = useDictionaryItems('lost_reason');
  return (
    <ActionModal<{ reasonCode: string; competitor?: string; note: string }>
      title={`标记「${customer.name}」为流失客户`}
      okText="标记流失"
      danger
      onClose={onClose}
      success="已标记为流失客户"
      run={(values) =>
        markLost(customer.id, { reasonCode: values.reasonCode, note: values.note.trim(), version: customer.version, ...(values.competitor?.trim() ? { competitor: values.competitor.trim() } : {}) })
      }
    >
      <Form.Item name="reasonCode" label="流失原因" rules={[{ required: true, message: '请选择流失原因' }]}>
        <Select loading={reasons.isLoading} options={(reasons.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} data-testid="lost-reason" />
      </Form.Item>
      <Form.Item name="competitor" label="去向竞争对手（选填）" rules={[{ max: 120 }]}>
        <Input maxLength={120} />
      </Form.Item>
      <Form.Item name="note" label="说明" rules={[{ required: true, whitespace: true, message: '请填写流失说明' }, { max: 1000 }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </ActionModal>
  );
}

function ReactivateModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const stages = useDictionaryItems('lifecycle_status');
  return (
    <ActionModal<{ lifecycleCode: string; note?: string }>
      title={`重新激活「${customer.name}」`}
      okText="重新激活"
      onClose={onClose}
      success="客户已重新激活"
      run={(values) => reactivate(customer.id, { lifecycleCode: values.lifecycleCode, version: customer.version, ...(values.note?.trim() ? { note: values.note.trim() } : {}) })}
    >
      <Form.Item name="lifecycleCode" label="生命周期状态" initialValue="potential" rules={[{ required: true }]}>
        <Select options={(stages.data?.items ?? []).filter((item) => item.code !== 'lost').map((item) => ({ value: item.code, label: item.label }))} />
      </Form.Item>
      <Form.Item name="note" label="说明（选填）" rules={[{ max: 1000 }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </ActionModal>
  );
}

function VerifyModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  return (
    <ActionModal<{ note?: string }>
      title={`确认核实「${customer.name}」的资料`}
      okText="确认核实"
      onClose={onClose}
      success="已确认核实，本季度无需再次核实"
      run={(values) => verifyCustomer(customer.id, { version: customer.version, ...(values.note?.trim() ? { note: values.note.trim() } : {}) })}
    >
      <Typography.Paragraph type="secondary">请确认客户的基本情况、联系方式与联系人仍然准确（每季度至少核实一次）。</Typography.Paragraph>
      <Form.Item name="note" label="核实说明（选填）" rules={[{ max: 1000 }]}>
        <Input.TextArea rows={3} maxLength={1000} placeholder="如：电话核实，地址已更新" />
      </Form.Item>
    </ActionModal>
  );
}

interface CustomerOption {
  id: number;
  code: string;
  name: string;
  ownerName: string | null;
  unitName: string;
}

function MergeModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);
  const candidates = useQuery({
    queryKey: ['customers', 'merge-targets', debounced],
    queryFn: () => api.get<PageResult<CustomerOption>>('/customers', { q: debounced, pageSize: 20 }),
    enabled: debounced.length >= 2,
  });
  return (
    <ActionModal<{ intoId: number }>
      title={`合并客户「${customer.name}」`}
      okText="合并"
      danger
      onClose={onClose}
      success="已合并"
      run={async (values) => {
        const result = await mergeCustomer(customer.id, values.intoId);
        navigate(`/customers/${result.keptId}`);
      }}
    >
      <Typography.Paragraph type="warning">
        本客户的联系人、关键人、时间线、资质文件、附件、收入、分级与黑名单记录将转到保留的客户，本客户标记为已合并并从列表中隐藏。此操作不可撤销。
      </Typography.Paragraph>
      <Form.Item name="intoId" label="保留的客户" rules={[{ required: true, message: '请选择要保留的客户' }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          placeholder="输入名称、编号或拼音（至少 2 个字）"
          loading={candidates.isFetching}
          notFoundContent={debounced.length < 2 ? '请输入至少 2 个字' : '没有找到'}
          options={(candidates.data?.items ?? [])
            .filter((item) => item.id !== customer.id)
            .map((item) => ({ value: item.id, label: `${item.name}（${item.code}，${item.ownerName ?? '公海'}，${item.unitName}）` }))}
          data-testid="merge-target"
        />
      </Form.Item>
    </ActionModal>
  );
}

/**
 * 合规操作 on the customer detail header: 提交准入审核, 申请列入/移出黑名单, 标记流失/重新激活,
 * 确认核实 and (with customer:merge) 合并. Every action is checked again by the server.
 */
export function ComplianceActions({ customer }: { customer: ComplianceCustomer }) {
  const { hasPermission } = useAuth();
  const { message, modal } = AntdApp.useApp();
  const refresh = useRefresh();
  const [open, setOpen] = useState<Action | null>(null);
  const canUpdate = hasPermission('customer:update');
  const canMerge = hasPermission('customer:merge');
  const admission = useMutation({
    mutationFn: () => submitAdmission(customer.id),
    onSuccess: async () => {
      message.success('已提交准入审核，等待部门负责人与财务审批');
      await refresh();
    },
  });
  const status = admissionStatusLabels[customer.admissionStatus] ?? { label: customer.admissionStatus, color: 'default' };
  const lost = customer.lifecycleCode === 'lost';

  const items: MenuProps['items'] = [
    canUpdate && { key: 'admission', label: '提交准入审核', disabled: customer.admissionStatus === 'pending' || customer.admissionStatus === 'admitted' },
    canUpdate && { key: customer.blacklistLevel ? 'removal' : 'blacklist', label: customer.blacklistLevel ? '申请移出黑名单' : '申请列入黑名单', danger: !customer.blacklistLevel },
    canUpdate && (lost ? { key: 'reactivate', label: '重新激活' } : { key: 'lost', label: '标记流失', danger: true }),
    canMerge && { type: 'divider' as const },
    canMerge && { key: 'merge', label: '合并到其他客户', danger: true },
  ].filter(Boolean) as MenuProps['items'];

  const onMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'admission') {
      modal.confirm({
        title: '提交准入审核',
        content: '需要的资质文件齐全且在有效期内才能提交；审批流程：部门负责人 → 财务。',
        okText: '提交',
        onOk: () => admission.mutateAsync(),
      });
      return;
    }
    setOpen(key as Action);
  };

  const close = () => setOpen(null);
  return (
    <Space wrap>
      <Tag color={status.color}>{status.label}</Tag>
      {customer.blacklistLevel && <Tag color="red">{`${blacklistLevelLabels[customer.blacklistLevel as BlacklistLevel] ?? ''}黑名单`}</Tag>}
      {lost && <Tag>流失</Tag>}
      {canUpdate && (
        <Button onClick={() => setOpen('verify')} data-testid="verify-customer">
          确认核实
        </Button>
      )}
      {(items?.length ?? 0) > 0 && (
        <Dropdown menu={{ items, onClick: onMenu }} trigger={['click']}>
          <Button data-testid="compliance-actions">合规操作</Button>
        </Dropdown>
      )}
      {open === 'blacklist' && <BlacklistModal customer={customer} onClose={close} />}
      {open === 'removal' && <RemovalModal customer={customer} onClose={close} />}
      {open === 'lost' && <LostModal customer={customer} onClose={close} />}
      {open === 'reactivate' && <ReactivateModal customer={customer} onClose={close} />}
      {open === 'verify' && <VerifyModal customer={customer} onClose={close} />}
      {open === 'merge' && <MergeModal customer={customer} onClose={close} />}
    </Space>
  );
}
