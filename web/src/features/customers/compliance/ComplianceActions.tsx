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
import { useT } from '../../../app/i18n/LocaleProvider';

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
  const t = useT();
  return (
    <ActionModal<{ level: BlacklistLevel; reason: string; evidence?: string }>
      title={t('customers.compliance.requestBlacklisting2', { name: customer.name })}
      okText={t('customers.compliance.submitForApproval')}
      danger
      onClose={onClose}
      success={t('customers.compliance.blacklistingSubmittedForApprovalIt')}
      run={(values) => requestBlacklist(customer.id, { level: values.level, reason: values.reason.trim(), ...(values.evidence?.trim() ? { evidence: values.evidence.trim() } : {}) })}
    >
      <Form.Item name="level" label={t('customers.compliance.level')} initialValue="unit" rules={[{ required: true }]} extra={t('customers.compliance.aUnitBlacklistStopsNew2')}>
        <Radio.Group options={[{ value: 'unit', label: t('customers.compliance.thisUnit') }, { value: 'company', label: t('customers.compliance.companyWide') }]} />
      </Form.Item>
      <Form.Item name="reason" label={t('customers.compliance.reason')} rules={[{ required: true, whitespace: true, message: t('customers.compliance.pleaseGiveAReason') }, { max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="blacklist-reason" />
      </Form.Item>
      <Form.Item name="evidence" label={t('customers.compliance.evidenceUploadFilesAsCustomer')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </ActionModal>
  );
}

function RemovalModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const t = useT();
  const entries = useQuery({ queryKey: customerBlacklistQueryKey(customer.id), queryFn: () => listCustomerBlacklist(customer.id) });
  const active = (entries.data?.items ?? []).filter((entry) => entry.status === 'active');
  if (entries.isLoading) return null; // the form's initial value needs the entries
  return (
    <ActionModal<{ entryId: number; reason: string }>
      title={t('customers.compliance.requestRemovingFromTheBlacklist', { name: customer.name })}
      okText={t('customers.compliance.submitForApproval')}
      onClose={onClose}
      success={t('customers.compliance.removalSubmittedForApprovalThe')}
      run={(values) => requestBlacklistRemoval(values.entryId, values.reason.trim())}
    >
      <Form.Item name="entryId" label={t('customers.compliance.blacklistEntry')} initialValue={active[0]?.id} rules={[{ required: true, message: t('customers.compliance.noActiveBlacklistEntry') }]}>
        <Select
          loading={entries.isLoading}
          options={active.map((entry) => ({ value: entry.id, label: `${t(blacklistLevelLabels[entry.level])}${entry.unitName ? `（${entry.unitName}）` : ''}：${entry.reason}` }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('customers.compliance.reasonForRemoval')} rules={[{ required: true, whitespace: true, message: t('customers.compliance.pleaseGiveAReasonFor') }, { max: 500 }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </ActionModal>
  );
}

function LostModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const t = useT();
  const reasons = useDictionaryItems('lost_reason');
  return (
    <ActionModal<{ reasonCode: string; competitor?: string; note: string }>
      title={t('customers.compliance.markAsLost2', { name: customer.name })}
      okText={t('customers.compliance.markAsLost')}
      danger
      onClose={onClose}
      success={t('customers.compliance.markedAsLost')}
      run={(values) =>
        markLost(customer.id, { reasonCode: values.reasonCode, note: values.note.trim(), version: customer.version, ...(values.competitor?.trim() ? { competitor: values.competitor.trim() } : {}) })
      }
    >
      <Form.Item name="reasonCode" label={t('customers.compliance.reasonLost')} rules={[{ required: true, message: t('customers.compliance.pleaseChooseWhyItWas') }]}>
        <Select loading={reasons.isLoading} options={(reasons.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} data-testid="lost-reason" />
      </Form.Item>
      <Form.Item name="competitor" label={t('customers.compliance.wentToCompetitorOptional')} rules={[{ max: 120 }]}>
        <Input maxLength={120} />
      </Form.Item>
      <Form.Item name="note" label={t('roles.description')} rules={[{ required: true, whitespace: true, message: t('customers.compliance.pleaseDescribeTheLoss') }, { max: 1000 }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </ActionModal>
  );
}

function ReactivateModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const t = useT();
  const stages = useDictionaryItems('lifecycle_status');
  return (
    <ActionModal<{ lifecycleCode: string; note?: string }>
      title={t('customers.compliance.reactivate2', { name: customer.name })}
      okText={t('customers.compliance.reactivate')}
      onClose={onClose}
      success={t('customers.compliance.customerReactivated')}
      run={(values) => reactivate(customer.id, { lifecycleCode: values.lifecycleCode, version: customer.version, ...(values.note?.trim() ? { note: values.note.trim() } : {}) })}
    >
      <Form.Item name="lifecycleCode" label={t('customers.compliance.lifecycleStage')} initialValue="potential" rules={[{ required: true }]}>
        <Select options={(stages.data?.items ?? []).filter((item) => item.code !== 'lost').map((item) => ({ value: item.code, label: item.label }))} />
      </Form.Item>
      <Form.Item name="note" label={t('customers.compliance.noteOptional')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </ActionModal>
  );
}

function VerifyModal({ customer, onClose }: { customer: ComplianceCustomer; onClose: () => void }) {
  const t = useT();
  return (
    <ActionModal<{ note?: string }>
      title={t('customers.compliance.confirmTheDetailsOf', { name: customer.name })}
      okText={t('customers.compliance.confirmVerified')}
      onClose={onClose}
      success={t('customers.compliance.verifiedNoFurtherCheckNeeded')}
      run={(values) => verifyCustomer(customer.id, { version: customer.version, ...(values.note?.trim() ? { note: values.note.trim() } : {}) })}
    >
      <Typography.Paragraph type="secondary">{t('customers.compliance.confirmThatTheProfileContact')}</Typography.Paragraph>
      <Form.Item name="note" label={t('customers.compliance.verificationNoteOptional')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={3} maxLength={1000} placeholder={t('customers.compliance.eGCheckedByPhone')} />
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
  const t = useT();
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
      title={t('customers.compliance.mergeCustomer', { name: customer.name })}
      okText={t('customers.compliance.merge')}
      danger
      onClose={onClose}
      success={t('customers.compliance.merged')}
      run={async (values) => {
        const result = await mergeCustomer(customer.id, values.intoId);
        navigate(`/customers/${result.keptId}`);
      }}
    >
      <Typography.Paragraph type="warning">
        {t('customers.compliance.contactsKeyPersonsTimelineQualifications')}
              </Typography.Paragraph>
      <Form.Item name="intoId" label={t('customers.compliance.customerToKeep')} rules={[{ required: true, message: t('customers.compliance.pleaseChooseTheCustomerTo') }]}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          placeholder={t('customers.compliance.nameCodeOrPinyinAt')}
          loading={candidates.isFetching}
          notFoundContent={debounced.length < 2 ? t('customers.compliance.enterAtLeast2Characters') : t('customers.compliance.nothingFound')}
          options={(candidates.data?.items ?? [])
            .filter((item) => item.id !== customer.id)
            .map((item) => ({ value: item.id, label: `${item.name}（${item.code}，${item.ownerName ?? t('customers.compliance.sharedPool')}，${item.unitName}）` }))}
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
  const t = useT();
  const { hasPermission } = useAuth();
  const { message, modal } = AntdApp.useApp();
  const refresh = useRefresh();
  const [open, setOpen] = useState<Action | null>(null);
  const canUpdate = hasPermission('customer:update');
  const canMerge = hasPermission('customer:merge');
  const admission = useMutation({
    mutationFn: () => submitAdmission(customer.id),
    onSuccess: async () => {
      message.success(t('customers.compliance.admissionSubmittedWaitingForThe'));
      await refresh();
    },
  });
  const known = admissionStatusLabels[customer.admissionStatus];
  const status = { label: known ? t(known.label) : customer.admissionStatus, color: known?.color ?? 'default' };
  const lost = customer.lifecycleCode === 'lost';

  const items: MenuProps['items'] = [
    canUpdate && { key: 'admission', label: t('customers.compliance.submitForAdmission'), disabled: customer.admissionStatus === 'pending' || customer.admissionStatus === 'admitted' },
    canUpdate && { key: customer.blacklistLevel ? 'removal' : 'blacklist', label: customer.blacklistLevel ? t('customers.compliance.requestRemovalFromBlacklist') : t('customers.compliance.requestBlacklisting'), danger: !customer.blacklistLevel },
    canUpdate && (lost ? { key: 'reactivate', label: t('customers.compliance.reactivate') } : { key: 'lost', label: t('customers.compliance.markAsLost'), danger: true }),
    canMerge && { type: 'divider' as const },
    canMerge && { key: 'merge', label: t('customers.compliance.mergeIntoAnotherCustomer'), danger: true },
  ].filter(Boolean) as MenuProps['items'];

  const onMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'admission') {
      modal.confirm({
        title: t('customers.compliance.submitForAdmission'),
        content: t('customers.compliance.needsEveryRequiredDocumentUnexpired'),
        okText: t('customers.compliance.submit'),
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
      {customer.blacklistLevel && <Tag color="red">{t('customers.compliance.blacklist', { v0: t(blacklistLevelLabels[customer.blacklistLevel as BlacklistLevel]) ?? '' })}</Tag>}
      {lost && <Tag>{t('customers.compliance.lost')}</Tag>}
      {canUpdate && (
        <Button onClick={() => setOpen('verify')} data-testid="verify-customer">
          {t('customers.compliance.confirmVerified')}
                  </Button>
      )}
      {(items?.length ?? 0) > 0 && (
        <Dropdown menu={{ items, onClick: onMenu }} trigger={['click']}>
          <Button data-testid="compliance-actions">{t('customers.compliance.compliance')}</Button>
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
