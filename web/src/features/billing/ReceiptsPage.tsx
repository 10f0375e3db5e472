import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { listReceipts, money, receiptsKey, type Receipt, type ReceiptFilters, type ReceiptMethod, type ReceiptPage } from './billing-api';
import { ReceiptDrawer } from './ReceiptDrawer';
import { RecordReceiptModal } from './RecordReceiptModal';

/** 收款 (R-BIL-05): receipts in my billing scope with totals; finance records, applies and reverses them. */
export function ReceiptsPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ? Number(params.get('id')) : undefined;
  const [recording, setRecording] = useState(false);
  const { tableProps, filters, setFilters, sortOrderFor, refetch, query } = useServerTable<Receipt, ReceiptFilters>({ queryKey: receiptsKey, fetchPage: listReceipts, initialFilters: {} });
  const sums = (query.data as ReceiptPage | undefined)?.sums;
  const show = (id?: number) => setParams(id ? { id: String(id) } : {});
  const columns: TableColumnsType<Receipt> = [
    {
      title: t('receipts.number'),
      key: 'number',
      dataIndex: 'number',
      sorter: true,
      sortOrder: sortOrderFor('number'),
      render: (_, row) => (
        <Typography.Link onClick={() => show(row.id)} data-testid={`receipt-${row.id}`}>
          {row.number}
        </Typography.Link>
      ),
    },
    { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: t('receipts.method'), key: 'method', width: 110, render: (_, row) => t(`receipts.method.${row.method}`) },
    { title: t('receipts.receivedOn'), dataIndex: 'receivedOn', key: 'receivedOn', width: 110, sorter: true, sortOrder: sortOrderFor('receivedOn') },
    { title: t('billing.amount'), dataIndex: 'amount', key: 'amount', width: 120, align: 'right', sorter: true, sortOrder: sortOrderFor('amount'), render: money },
    { title: t('receipts.allocated'), dataIndex: 'allocated', key: 'allocated', width: 120, align: 'right', render: money },
    { title: t('receipts.unallocated'), dataIndex: 'unallocated', key: 'unallocated', width: 120, align: 'right', render: money },
    { title: t('receipts.reference'), dataIndex: 'reference', key: 'reference', width: 140, ellipsis: true },
    { title: t('bills.settlement'), key: 'status', width: 90, render: (_, row) => <Tag color={row.status === 'reversed' ? 'red' : 'green'}>{t(`receipts.status.${row.status}`)}</Tag> },
  ];
  return (
    <PageContainer
      title={t('receipts.title')}
      subtitle={t('receipts.subtitle')}
      extra={
        hasPermission('billing:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="receipt-record">
            {t('receipts.record')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search aria-label={t('billing.search')} allowClear placeholder={t('billing.search')} style={{ width: 240 }} maxLength={50} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select<ReceiptMethod>
            aria-label={t('receipts.method')}
            allowClear
            placeholder={t('receipts.method')}
            style={{ width: 140 }}
            value={filters.method}
            onChange={(method) => setFilters({ ...filters, method })}
            options={(['transfer', 'cash', 'cheque', 'deposit_offset'] as const).map((value) => ({ value, label: t(`receipts.method.${value}`) }))}
          />
          <Select<'recorded' | 'reversed'>
            aria-label={t('bills.settlement')}
            allowClear
            placeholder={t('bills.settlement')}
            style={{ width: 120 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={(['recorded', 'reversed'] as const).map((value) => ({ value, label: t(`receipts.status.${value}`) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
          </Button>
        </Flex>
      </Card>
      <Table<Receipt>
        {...tableProps}
        columns={columns}
        size="middle"
        summary={() =>
          sums && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={9}>
                <Typography.Text strong>{t('receipts.sums', { amount: money(sums.amount), unallocated: money(sums.unallocated) })}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
      <RecordReceiptModal open={recording} onClose={() => setRecording(false)} onRecorded={(receipt) => show(receipt.id)} />
      <ReceiptDrawer id={openId} onClose={() => show(undefined)} />
    </PageContainer>
  );
}
