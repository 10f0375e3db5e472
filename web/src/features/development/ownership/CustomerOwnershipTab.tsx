import type { Translate } from '../../../app/i18n/dictionary';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Customer } from '../../customers/archive/customers-api';
import { formatDate, formatDateTime } from '../../../ui/format';
import { getCustomerOwnership, listOwnershipHistory, ownershipQueryKey, type OwnershipChange } from './ownership-api';
import { ReleaseCountdown } from './ReleaseCountdown';
import { AssignModal, ReleaseModal, TransferModal } from './OwnershipModals';
import { useT } from '../../../app/i18n/LocaleProvider';

const historyColumns = (t: Translate): TableColumnsType<OwnershipChange> => [
  { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 160, render: (v: string) => formatDateTime(v) },
  { title: t('development.ownership.change'), dataIndex: 'kindName', key: 'kind', width: 100 },
  {
    title: t('development.ownership.fromTo2'),
    key: 'route',
    render: (_, row) => (
      <span>
        {row.fromUserName ?? t('development.ownership.sharedPool')} → {row.toUserName ?? t('development.ownership.sharedPool')}
        {row.fromUnitName !== row.toUnitName && row.toUnitName ? `（${row.fromUnitName ?? ''} → ${row.toUnitName}）` : ''}
      </span>
    ),
  },
  { title: t('development.ownership.reason4'), dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '—' },
  { title: t('audit.actor'), dataIndex: 'actorName', key: 'actor', width: 110 },
];

/** 归属与转移 tab of the customer detail: owner, protection, history and the allowed actions. */
export function CustomerOwnershipTab({ customer }: { customer: Customer }) {
  const t = useT();
  const [action, setAction] = useState<'release' | 'assign' | 'transfer' | null>(null);
  const state = useQuery({ queryKey: [...ownershipQueryKey, 'customer', customer.id], queryFn: () => getCustomerOwnership(customer.id) });
  const history = useQuery({ queryKey: [...ownershipQueryKey, 'customer', customer.id, 'history'], queryFn: () => listOwnershipHistory(customer.id) });
  const data = state.data;
  const target = { id: customer.id, name: customer.name };

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('development.ownership.ownership')}
        loading={state.isLoading}
        extra={
          data && (
            <Flex gap={8}>
              {data.canTransfer && data.ownerId !== null && <Button onClick={() => setAction('transfer')}>{t('development.ownership.transferMove')}</Button>}
              {data.canAssign && <Button onClick={() => setAction('assign')}>{data.ownerId === null ? t('development.ownership.assign') : t('development.ownership.reassign')}</Button>}
              {data.canRelease && (
                <Button danger onClick={() => setAction('release')}>
                  {t('development.ownership.releaseToPool')}
                                  </Button>
              )}
            </Flex>
          )
        }
      >
        {data && (
          <Flex vertical gap={12}>
            {data.pendingTransferId && (
              <Alert type="info" showIcon title={<span>{t('development.ownership.thisCustomerHasATransfer')}{data.pendingTransferId}{t('development.ownership.see')}{' '}<Link to="/development/transfers">{t('menu.transfers')}</Link> {t('development.ownership.text')}</span>} />
            )}
            {data.exclusiveRight && (
              <Alert
                type="warning"
                showIcon
                title={t('development.ownership.registered', { holderName: data.exclusiveRight.holderName, unitName: data.exclusiveRight.unitName, number: data.exclusiveRight.number, v3: data.exclusiveRight.until ? t('development.ownership.exclusiveUntil', { v0: formatDate(data.exclusiveRight.until) }) : t('development.ownership.registrationInApproval') })}
              />
            )}
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('development.ownership.accountManager')}>{data.ownerName ?? <Typography.Text type="secondary">{t('development.ownership.sharedPoolNoOwner')}</Typography.Text>}</Descriptions.Item>
              <Descriptions.Item label={t('development.ownership.unit')}>{data.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('development.ownership.ownedSince')}>{formatDate(data.ownedSince)}</Descriptions.Item>
              <Descriptions.Item label={t('development.ownership.protectedUntil')}>{formatDate(data.protectedUntil)}</Descriptions.Item>
              <Descriptions.Item label={t('development.ownership.lastValidFollowUp')}>{data.lastFollowUpAt ? formatDateTime(data.lastFollowUpAt) : t('development.ownership.noneYet')}</Descriptions.Item>
              <Descriptions.Item label={t('development.ownership.releaseDue')}>
                {data.releaseDueAt ? (
                  <Flex gap={6} align="center">
                    {formatDate(data.releaseDueAt)} <ReleaseCountdown item={data} />
                  </Flex>
                ) : data.releasedAt ? (
                  t('development.ownership.releasedToThePoolOn', { v0: formatDate(data.releasedAt) })
                ) : (
                  '—'
                )}
              </Descriptions.Item>
            </Descriptions>
          </Flex>
        )}
      </Card>
      <Card size="small" title={t('development.ownership.ownershipHistory')}>
        <Table<OwnershipChange> rowKey="id" size="small" loading={history.isLoading} columns={historyColumns(t)} dataSource={history.data?.items ?? []} pagination={false} />
      </Card>
      {action === 'release' && <ReleaseModal customer={target} onClose={() => setAction(null)} />}
      {action === 'assign' && <AssignModal customer={target} onClose={() => setAction(null)} />}
      {action === 'transfer' && <TransferModal customer={target} onClose={() => setAction(null)} />}
    </Flex>
  );
}
