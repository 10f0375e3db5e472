import type { Translate } from '../../../app/i18n/dictionary';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Drawer, Flex, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { ExclusiveCountdown, RegistrationActions, StatusTag } from './RegistrationActions';
import { RegistrationFormDrawer } from './RegistrationFormDrawer';
import {
  getRegistration,
  listRegistrations,
  registrationsQueryKey,
  registrationStatusTags,
  type Registration,
  type RegistrationFilters,
  type RegistrationStatus,
} from './registrations-api';
import { useT } from '../../../app/i18n/LocaleProvider';

const money = (t: Translate, value: string | null) => (value === null ? '—' : t('development.registrations.yuanAmount', { amount: Number(value).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) }));

/** One registration in full (opened from a notification link `?id=`). */
function RegistrationDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const t = useT();
  const query = useQuery({ queryKey: [...registrationsQueryKey, 'detail', id], queryFn: () => getRegistration(id) });
  const reg = query.data;
  return (
    <Drawer open title={reg ? t('development.registrations.registration2', { number: reg.number }) : t('development.registrations.registration')} onClose={onClose} size={560} loading={query.isLoading}>
      {reg && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('audit.entity.customer')}>
              <Link to={`/customers/${reg.customerId}`}>{reg.customerName}</Link>（{reg.customerCode}）
            </Descriptions.Item>
            <Descriptions.Item label={t('users.status')}>
              <StatusTag status={reg.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('development.registrations.exclusiveTimeLeft')}>
              <ExclusiveCountdown until={reg.exclusiveUntil} status={reg.status} size={18} />
            </Descriptions.Item>
            <Descriptions.Item label={t('development.registrations.exclusiveUntil')}>{formatDateTime(reg.exclusiveUntil) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('development.registrations.registeredBy')}>
              {reg.holderName}（{reg.unitName}）
            </Descriptions.Item>
            <Descriptions.Item label={t('development.registrations.intendedBusiness')}>{reg.intendedBusiness}</Descriptions.Item>
            <Descriptions.Item label={t('development.registrations.plan')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{reg.plan}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('development.registrations.expectedValue')}>{money(t, reg.expectedValue)}</Descriptions.Item>
            <Descriptions.Item label={t('development.registrations.submitted')}>{formatDateTime(reg.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('menu.approvals')}>{reg.approvalId ? <Link to={`/approvals/mine?id=${reg.approvalId}`}>#{reg.approvalId}</Link> : t('development.registrations.noApprovalReassigned')}</Descriptions.Item>
            {reg.extendedAt && (
              <Descriptions.Item label={t('development.registrations.extend')}>
                {formatDateTime(reg.extendedAt)}（{reg.extendedByName}）
              </Descriptions.Item>
            )}
            {reg.endReason && <Descriptions.Item label={t('development.registrations.whyItEnded')}>{reg.endReason}</Descriptions.Item>}
          </Descriptions>
          <RegistrationActions registration={reg} />
        </Flex>
      )}
    </Drawer>
  );
}

/** 开发报备 (R-DEV-01…03): my registrations (or my units'), their approval and exclusive countdown. */
export function RegistrationsPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const detailId = Number(params.get('id')) || null;
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<Registration, RegistrationFilters>({
    queryKey: registrationsQueryKey,
    fetchPage: listRegistrations,
    initialFilters: {},
  });
  const open = (id: number | null) => setParams(id ? { id: String(id) } : {});

  const columns: TableColumnsType<Registration> = [
    {
      title: t('development.registrations.registrationNo'),
      dataIndex: 'number',
      key: 'number',
      width: 150,
      render: (number: string, row) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(row.id)}>
          {number}
        </Button>
      ),
    },
    {
      title: t('audit.entity.customer'),
      key: 'customer',
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.intendedBusiness}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('users.status'), dataIndex: 'status', key: 'status', width: 110, render: (status: RegistrationStatus) => <StatusTag status={status} /> },
    {
      title: t('development.registrations.exclusiveTimeLeft'),
      key: 'remaining',
      width: 170,
      render: (_, row) => <ExclusiveCountdown until={row.exclusiveUntil} status={row.status} />,
    },
    {
      title: t('development.registrations.exclusiveUntil'),
      dataIndex: 'exclusiveUntil',
      key: 'exclusiveUntil',
      width: 160,
      sorter: true,
      sortOrder: sortOrderFor('exclusiveUntil'),
      render: (value: string | null, row) => (value ? `${formatDateTime(value)}${row.extendedAt ? t('development.registrations.extended') : ''}` : '—'),
    },
    {
      title: t('development.registrations.registeredBy'),
      key: 'holder',
      width: 150,
      render: (_, row) => (
        <Flex vertical>
          <span>{row.holderName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.unitName}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('development.registrations.submitted'), dataIndex: 'submittedAt', key: 'submittedAt', width: 160, sorter: true, sortOrder: sortOrderFor('submittedAt'), render: (value: string) => formatDateTime(value) },
    { title: t('common.actions'), key: 'actions', width: 110, render: (_, row) => <RegistrationActions registration={row} /> },
  ];

  return (
    <PageContainer
      title={t('menu.registrations')}
      subtitle={t('development.registrations.anApprovedRegistrationGivesAn')}
      extra={
        hasPermission('development:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="registration-new">
            {t('development.registrations.newRegistration')}
                      </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search aria-label={t('development.registrations.customerNameCodeOrRegistration')}
            allowClear
            placeholder={t('development.registrations.customerNameCodeOrRegistration')}
            style={{ width: 260 }}
            maxLength={100}
            onSearch={(keyword) => setFilters({ ...filters, keyword: keyword.trim() || undefined })}
          />
          <Select<RegistrationStatus> aria-label={t('users.status')}
            allowClear
            placeholder={t('users.status')}
            style={{ width: 140 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(registrationStatusTags).map(([value, { label }]) => ({ value: value as RegistrationStatus, label: t(label) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
                      </Button>
        </Flex>
      </Card>
      <Table<Registration> {...tableProps} columns={columns} size="middle" scroll={{ x: 1100 }} />
      <RegistrationFormDrawer open={creating} onClose={() => setCreating(false)} onCreated={(created) => open(created.id)} />
      {detailId && <RegistrationDetail id={detailId} onClose={() => open(null)} />}
    </PageContainer>
  );
}
