import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, buildQueryString } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable, type PageParams, type PageResult } from '../../ui/use-server-table';

interface LedgerRow {
  id: number;
  number: string;
  customerName: string;
  contractType: string;
  term: string;
  charges: string;
  location: string;
  area: string;
  changes: string;
  breaches: string;
  execution: string;
  remarks: string;
}
interface LedgerFilters {
  from?: string;
  to?: string;
}
interface LedgerReport {
  id: number;
  quarter: string;
  version: number;
  fromDate: string;
  toDate: string;
  contracts: number;
  createdByName: string | null;
  createdAt: string;
}

const listLedger = (params: PageParams & LedgerFilters) => api.get<PageResult<LedgerRow>>('/contract-ledger', { ...params });
const quarters = (() => {
  const now = new Date();
  const list: string[] = [];
  for (let i = 1; i <= 8; i++) {
    const q = Math.floor(now.getMonth() / 3) - i;
    const year = now.getFullYear() + Math.floor(q / 4);
    list.push(`${year}Q${(((q % 4) + 4) % 4) + 1}`);
  }
  return list;
})();

/** 季度合同台账 (R-LEA-21): archived versions; shown to company-wide contract readers only. */
function QuarterlyReports() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [quarter, setQuarter] = useState(quarters[0]!);
  const reports = useQuery({ queryKey: ['contract-ledger-reports'], queryFn: () => api.get<LedgerReport[]>('/contract-ledger/reports'), meta: { silent: true }, retry: false });
  const produce = useMutation({
    mutationFn: () => api.post<LedgerReport>('/contract-ledger/reports', { quarter }),
    onSuccess: async () => {
      message.success(t('contracts.ledger.produced'));
      await queryClient.invalidateQueries({ queryKey: ['contract-ledger-reports'] });
    },
  });
  if (!reports.data) return null;
  return (
    <Card size="small" title={t('contracts.ledger.quarterly')} extra={
      <Flex gap={8}>
        <Select aria-label={t('contracts.ledger.quarter')} value={quarter} onChange={setQuarter} options={quarters.map((q) => ({ value: q, label: q }))} style={{ width: 110 }} />
        <Button loading={produce.isPending} onClick={() => produce.mutate()}>{t('contracts.ledger.produce')}</Button>
      </Flex>
    }>
      <Typography.Paragraph type="secondary">{t('contracts.ledger.quarterlyHint')}</Typography.Paragraph>
      <Table<LedgerReport>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={reports.data}
        columns={[
          { title: t('contracts.ledger.quarter'), dataIndex: 'quarter', key: 'quarter', width: 100 },
          { title: t('contracts.templates.version'), dataIndex: 'version', key: 'version', width: 70 },
          { title: t('contracts.term'), key: 'range', render: (_, row) => `${row.fromDate} ~ ${row.toDate}` },
          { title: t('contracts.ledger.count'), dataIndex: 'contracts', key: 'contracts', width: 90 },
          { title: t('contracts.createdAt'), key: 'createdAt', render: (_, row) => `${formatDateTime(row.createdAt)} ${row.createdByName ?? t('contracts.breach.automatic')}` },
          { title: t('common.actions'), key: 'file', width: 80, render: (_, row) => <Button size="small" icon={<DownloadOutlined />} href={`/api/v1/contract-ledger/reports/${row.id}/file`} aria-label={`${row.quarter} ${row.version}`} /> },
        ]}
      />
    </Card>
  );
}

/** 合同台账 (R-LEA-20): signed contracts in my scope with every ledger column; .xlsx export. */
export function ContractLedgerPage() {
  const t = useT();
  const { tableProps, filters, setFilters } = useServerTable<LedgerRow, LedgerFilters>({ queryKey: ['contract-ledger'], fetchPage: listLedger, initialFilters: {} });
  const columns: TableColumnsType<LedgerRow> = [
    { title: t('contracts.number'), key: 'number', width: 170, fixed: 'left', render: (_, row) => <Link to={`/contracts/${row.id}`}>{row.number}</Link> },
    { title: t('contracts.ledger.party'), dataIndex: 'customerName', key: 'customer', width: 200 },
    { title: t('contracts.ledger.term'), dataIndex: 'term', key: 'term', width: 200 },
    { title: t('contracts.ledger.charges'), dataIndex: 'charges', key: 'charges', width: 320 },
    { title: t('contracts.ledger.location'), dataIndex: 'location', key: 'location', width: 220 },
    { title: t('contracts.ledger.changes'), dataIndex: 'changes', key: 'changes', width: 100 },
    { title: t('contracts.ledger.breaches'), dataIndex: 'breaches', key: 'breaches', width: 150 },
    { title: t('contracts.ledger.execution'), dataIndex: 'execution', key: 'execution', width: 260 },
    { title: t('contracts.ledger.remarks'), dataIndex: 'remarks', key: 'remarks', width: 200 },
  ];
  const exportHref = `/api/v1/contract-ledger/export${buildQueryString({ from: filters.from, to: filters.to })}`;
  return (
    <PageContainer
      title={t('contracts.ledger.title')}
      subtitle={t('contracts.ledger.subtitle')}
      extra={
        <Button icon={<DownloadOutlined />} href={exportHref} data-testid="ledger-export">
          {t('contracts.ledger.export')}
        </Button>
      }
    >
      <Card size="small">
        <DatePicker.RangePicker
          aria-label={t('contracts.ledger.inForce')}
          placeholder={[t('contracts.ledger.inForce'), t('contracts.ledger.inForce')]}
          onChange={(range) => setFilters({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        />
      </Card>
      <Table<LedgerRow> {...tableProps} columns={columns} size="small" scroll={{ x: 1800 }} />
      <QuarterlyReports />
    </PageContainer>
  );
}
