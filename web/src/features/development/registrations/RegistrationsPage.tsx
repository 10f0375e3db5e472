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

const money = (value: string | null) => (value === null ? '—' : `${Number(value).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`);

/** One registration in full (opened from a notification link `?id=`). */
function RegistrationDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const query = useQuery({ queryKey: [...registrationsQueryKey, 'detail', id], queryFn: () => getRegistration(id) });
  const reg = query.data;
  return (
    <Drawer open title={reg ? `报备 ${reg.number}` : '报备详情'} onClose={onClose} size={560} loading={query.isLoading}>
      {reg && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="客户">
              <Link to={`/customers/${reg.customerId}`}>{reg.customerName}</Link>（{reg.customerCode}）
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <StatusTag status={reg.status} />
            </Descriptions.Item>
            <Descriptions.Item label="独家开发期剩余">
              <ExclusiveCountdown until={reg.exclusiveUntil} status={reg.status} size={18} />
            </Descriptions.Item>
            <Descriptions.Item label="独家开发期至">{formatDateTime(reg.exclusiveUntil) || '—'}</Descriptions.Item>
            <Descriptions.Item label="报备人">
              {reg.holderName}（{reg.unitName}）
            </Descriptions.Item>
            <Descriptions.Item label="意向业务">{reg.intendedBusiness}</Descriptions.Item>
            <Descriptions.Item label="开发计划">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{reg.plan}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="预计价值">{money(reg.expectedValue)}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{formatDateTime(reg.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label="审批">{reg.approvalId ? <Link to={`/approvals/mine?id=${reg.approvalId}`}>#{reg.approvalId}</Link> : '无需审批（改派）'}</Descriptions.Item>
            {reg.extendedAt && (
              <Descriptions.Item label="延期">
                {formatDateTime(reg.extendedAt)}（{reg.extendedByName}）
              </Descriptions.Item>
            )}
            {reg.endReason && <Descriptions.Item label="结束原因">{reg.endReason}</Descriptions.Item>}
          </Descriptions>
          <RegistrationActions registration={reg} />
        </Flex>
      )}
    </Drawer>
  );
}

/** 开发报备 (R-DEV-01…03): my registrations (or my units'), their approval and exclusive countdown. */
export function RegistrationsPage() {
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
      title: '报备单号',
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
      title: '客户',
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
    { title: '状态', dataIndex: 'status', key: 'status', width: 110, render: (status: RegistrationStatus) => <StatusTag status={status} /> },
    {
      title: '独家开发期剩余',
      key: 'remaining',
      width: 170,
      render: (_, row) => <ExclusiveCountdown until={row.exclusiveUntil} status={row.status} />,
    },
    {
      title: '独家开发期至',
      dataIndex: 'exclusiveUntil',
      key: 'exclusiveUntil',
      width: 160,
      sorter: true,
      sortOrder: sortOrderFor('exclusiveUntil'),
      render: (value: string | null, row) => (value ? `${formatDateTime(value)}${row.extendedAt ? '（已延期）' : ''}` : '—'),
    },
    {
      title: '报备人',
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
    { title: '提交时间', dataIndex: 'submittedAt', key: 'submittedAt', width: 160, sorter: true, sortOrder: sortOrderFor('submittedAt'), render: (value: string) => formatDateTime(value) },
    { title: '操作', key: 'actions', width: 110, render: (_, row) => <RegistrationActions registration={row} /> },
  ];

  return (
    <PageContainer
      title="开发报备"
      subtitle="报备经部门负责人审批后取得独家开发权：期内他人不能报备、认领、创建商机或邀请该客户。到期无实质进展自动失效，部门可延期一次或改派。"
      extra={
        hasPermission('development:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="registration-new">
            新建报备
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder="客户名称、编号或报备单号"
            style={{ width: 260 }}
            maxLength={100}
            onSearch={(keyword) => setFilters({ ...filters, keyword: keyword.trim() || undefined })}
          />
          <Select<RegistrationStatus>
            allowClear
            placeholder="状态"
            style={{ width: 140 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(registrationStatusTags).map(([value, { label }]) => ({ value: value as RegistrationStatus, label }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            刷新
          </Button>
        </Flex>
      </Card>
      <Table<Registration> {...tableProps} columns={columns} size="middle" scroll={{ x: 1100 }} />
      <RegistrationFormDrawer open={creating} onClose={() => setCreating(false)} onCreated={(created) => open(created.id)} />
      {detailId && <RegistrationDetail id={detailId} onClose={() => open(null)} />}
    </PageContainer>
  );
}
