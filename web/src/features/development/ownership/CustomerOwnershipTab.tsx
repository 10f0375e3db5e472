import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Customer } from '../../customers/archive/customers-api';
import { formatDate, formatDateTime } from '../../../ui/format';
import { getCustomerOwnership, listOwnershipHistory, ownershipQueryKey, type OwnershipChange } from './ownership-api';
import { ReleaseCountdown } from './ReleaseCountdown';
import { AssignModal, ReleaseModal, TransferModal } from './OwnershipModals';

const historyColumns: TableColumnsType<OwnershipChange> = [
  { title: '时间', dataIndex: 'at', key: 'at', width: 160, render: (v: string) => formatDateTime(v) },
  { title: '变更', dataIndex: 'kindName', key: 'kind', width: 100 },
  {
    title: '从 → 到',
    key: 'route',
    render: (_, row) => (
      <span>
        {row.fromUserName ?? '公海'} → {row.toUserName ?? '公海'}
        {row.fromUnitName !== row.toUnitName && row.toUnitName ? `（${row.fromUnitName ?? ''} → ${row.toUnitName}）` : ''}
      </span>
    ),
  },
  { title: '原因', dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '—' },
  { title: '操作人', dataIndex: 'actorName', key: 'actor', width: 110 },
];

/** 归属与转移 tab of the customer detail: owner, protection, history and the allowed actions. */
export function CustomerOwnershipTab({ customer }: { customer: Customer }) {
  const [action, setAction] = useState<'release' | 'assign' | 'transfer' | null>(null);
  const state = useQuery({ queryKey: [...ownershipQueryKey, 'customer', customer.id], queryFn: () => getCustomerOwnership(customer.id) });
  const history = useQuery({ queryKey: [...ownershipQueryKey, 'customer', customer.id, 'history'], queryFn: () => listOwnershipHistory(customer.id) });
  const data = state.data;
  const target = { id: customer.id, name: customer.name };

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title="客户归属"
        loading={state.isLoading}
        extra={
          data && (
            <Flex gap={8}>
              {data.canTransfer && data.ownerId !== null && <Button onClick={() => setAction('transfer')}>转移 / 搬迁</Button>}
              {data.canAssign && <Button onClick={() => setAction('assign')}>{data.ownerId === null ? '分配' : '改派'}</Button>}
              {data.canRelease && (
                <Button danger onClick={() => setAction('release')}>
                  退回公海
                </Button>
              )}
            </Flex>
          )
        }
      >
        {data && (
          <Flex vertical gap={12}>
            {data.pendingTransferId && (
              <Alert type="info" showIcon title={<span>该客户有待审批的转移申请（#{data.pendingTransferId}），可在 <Link to="/development/transfers">客户转移</Link> 查看。</span>} />
            )}
            {data.exclusiveRight && (
              <Alert
                type="warning"
                showIcon
                title={`${data.exclusiveRight.holderName}（${data.exclusiveRight.unitName}）已报备 ${data.exclusiveRight.number}，${data.exclusiveRight.until ? `独家开发期至 ${formatDate(data.exclusiveRight.until)}` : '报备审批中'}`}
              />
            )}
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label="客户经理">{data.ownerName ?? <Typography.Text type="secondary">公海（无人负责）</Typography.Text>}</Descriptions.Item>
              <Descriptions.Item label="所属单位">{data.unitName}</Descriptions.Item>
              <Descriptions.Item label="取得时间">{formatDate(data.ownedSince)}</Descriptions.Item>
              <Descriptions.Item label="保护期至">{formatDate(data.protectedUntil)}</Descriptions.Item>
              <Descriptions.Item label="最近有效跟进">{data.lastFollowUpAt ? formatDateTime(data.lastFollowUpAt) : '尚无'}</Descriptions.Item>
              <Descriptions.Item label="预计释放">
                {data.releaseDueAt ? (
                  <Flex gap={6} align="center">
                    {formatDate(data.releaseDueAt)} <ReleaseCountdown item={data} />
                  </Flex>
                ) : data.releasedAt ? (
                  `已于 ${formatDate(data.releasedAt)} 退回公海`
                ) : (
                  '—'
                )}
              </Descriptions.Item>
            </Descriptions>
          </Flex>
        )}
      </Card>
      <Card size="small" title="归属变更历史">
        <Table<OwnershipChange> rowKey="id" size="small" loading={history.isLoading} columns={historyColumns} dataSource={history.data?.items ?? []} pagination={false} />
      </Card>
      {action === 'release' && <ReleaseModal customer={target} onClose={() => setAction(null)} />}
      {action === 'assign' && <AssignModal customer={target} onClose={() => setAction(null)} />}
      {action === 'transfer' && <TransferModal customer={target} onClose={() => setAction(null)} />}
    </Flex>
  );
}
