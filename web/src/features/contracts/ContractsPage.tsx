import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDate } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { SavedViews, type SavedView } from '../../ui/SavedViews';
import { useServerTable } from '../../ui/use-server-table';
import {
  contractStatusLabels,
  contractsKey,
  contractTypeLabels,
  listContracts,
  type ContractFilters,
  type ContractStatus,
  type ContractSummary,
  type ContractType,
} from './contracts-api';
import { businessToday } from '../../ui/business-date';

/** 交财务 state of an effective contract: done, due, or overdue (R-LEA-14). */
export function FinanceTag({ contract }: { contract: Pick<ContractSummary, 'financeDueDate' | 'handedToFinanceAt'> }) {
  const t = useT();
  if (contract.handedToFinanceAt) return <Tag color="green">{t('contracts.handedToFinance')}</Tag>;
  if (!contract.financeDueDate) return null;
  const overdue = contract.financeDueDate < businessToday().format('YYYY-MM-DD');
  return <Tag color={overdue ? 'red' : 'orange'}>{overdue ? t('contracts.financeOverdue') : `${t('contracts.financeDue')} ${contract.financeDueDate}`}</Tag>;
}

/** 合同 (R-LEA-10, 20): contracts in my scope with status, term, units and the hand-over to finance. */
export function ContractsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const { tableProps, filters, setFilters, sort, setSort, sortOrderFor, refetch } = useServerTable<ContractSummary, ContractFilters>({
    queryKey: contractsKey,
    fetchPage: listContracts,
    initialFilters: {},
  });
  // 保存的视图 (R-PLT-62): the default view applies once, when the page opens.
  const [activeViewId, setActiveViewId] = useState<number>();
  const [defaultDone, setDefaultDone] = useState(false);
  const applyView = useCallback(
    (view: SavedView<ContractFilters>) => {
      setDefaultDone(true);
      setActiveViewId(view.id);
      setFilters(view.filters);
      setSort(view.sort ?? undefined);
    },
    [setFilters, setSort],
  );
  const columns: TableColumnsType<ContractSummary> = [
    {
      title: t('contracts.number'),
      key: 'number',
      dataIndex: 'number',
      sorter: true,
      sortOrder: sortOrderFor('number'),
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/contracts/${row.id}`}>{row.number}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.title}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('contracts.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    {
      title: t('contracts.status'),
      key: 'status',
      width: 190,
      render: (_, row) => (
        <Flex gap={4} wrap>
          <Tag color={contractStatusLabels[row.status].color}>{t(contractStatusLabels[row.status].label)}</Tag>
          {row.status === 'effective' && <FinanceTag contract={row} />}
        </Flex>
      ),
    },
    { title: t('contracts.type'), key: 'type', width: 120, render: (_, row) => t(contractTypeLabels[row.contractType]) },
    { title: t('contracts.units'), dataIndex: 'units', key: 'units', ellipsis: true },
    { title: t('contracts.area'), dataIndex: 'totalArea', key: 'area', width: 110, align: 'right' },
    {
      title: t('contracts.term'),
      key: 'endDate',
      dataIndex: 'endDate',
      width: 200,
      sorter: true,
      sortOrder: sortOrderFor('endDate'),
      render: (_, row) => `${row.startDate} ~ ${row.endDate}`,
    },
    { title: t('contracts.owner'), dataIndex: 'ownerName', key: 'owner', width: 100 },
    { title: t('contracts.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 110, sorter: true, sortOrder: sortOrderFor('createdAt'), render: (value: string) => formatDate(value) },
  ];
  return (
    <PageContainer
      title={t('contracts.title')}
      subtitle={t('contracts.subtitle')}
      extra={
        hasPermission('contract:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/contracts/new')} data-testid="contract-create">
            {t('contracts.new')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <SavedViews<ContractFilters>
            path="/contract-views"
            testId="contract-views"
            current={{ filters, columns: [], sort: sort ?? null }}
            activeId={activeViewId}
            onApply={applyView}
            onClear={() => setActiveViewId(undefined)}
            applyDefault={!defaultDone}
          />
          <Input.Search key={activeViewId ?? 'none'} defaultValue={filters.q} aria-label={t('contracts.search')} allowClear placeholder={t('contracts.search')} style={{ width: 260 }} maxLength={50} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select<ContractStatus>
            aria-label={t('contracts.status')}
            allowClear
            placeholder={t('contracts.status')}
            style={{ width: 130 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(contractStatusLabels).map(([value, { label }]) => ({ value: value as ContractStatus, label: t(label) }))}
          />
          <Select<ContractType>
            aria-label={t('contracts.type')}
            allowClear
            placeholder={t('contracts.type')}
            style={{ width: 150 }}
            value={filters.contractType}
            onChange={(contractType) => setFilters({ ...filters, contractType })}
            options={Object.entries(contractTypeLabels).map(([value, label]) => ({ value: value as ContractType, label: t(label) }))}
          />
          <DatePicker
            aria-label={t('contracts.endingBy')}
            placeholder={t('contracts.endingBy')}
            value={filters.endingBy ? dayjs(filters.endingBy) : null}
            onChange={(day) => setFilters({ ...filters, endingBy: day ? day.format('YYYY-MM-DD') : undefined })}
          />
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
          </Button>
        </Flex>
      </Card>
      <Table<ContractSummary> {...tableProps} columns={columns} size="middle" />
    </PageContainer>
  );
}
