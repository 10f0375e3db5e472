import { DownloadOutlined, PlusOutlined, ReloadOutlined, TagsOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Form, Modal, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { useT } from '../../../app/i18n/LocaleProvider';
import { formatDate, formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { ColumnChooser, type ChoosableColumn } from './ColumnChooser';
import { CustomerFilters } from './CustomerFilters';
import { gradeColor, useGradeOptions } from '../grading/grading-api';
import { admissionLabel, blacklistLabel, customerDictionaries, customerFieldLabel, lifecycleColor, useDictionaryLabels } from '../labels';
import {
  bulkTagCustomers,
  customerExportDownloadUrl,
  customerListQueryKey,
  getCustomerExport,
  listCustomers,
  startCustomerExport,
  type CustomerFilters as Filters,
  type SavedView,
} from './list-api';
import type { CustomerSummary } from '../archive/customers-api';
import { SavedViews } from '../../../ui/SavedViews';
import { TAG_SEPARATORS } from '../../../ui/tag-input';

const COLUMNS_STORAGE_KEY = 'zs_customer_list_columns';
const DEFAULT_SORT = 'updatedAt:desc';

const choosableColumns: ChoosableColumn[] = [
  { key: 'name', title: customerFieldLabel.name, fixed: true },
  { key: 'code', title: customerFieldLabel.code },
  { key: 'uscc', title: customerFieldLabel.uscc },
  { key: 'industryCode', title: customerFieldLabel.industryCode },
  { key: 'natureCode', title: customerFieldLabel.natureCode },
  { key: 'sourceCode', title: customerFieldLabel.sourceCode },
  { key: 'lifecycleCode', title: customerFieldLabel.lifecycleCode },
  { key: 'valueCode', title: customerFieldLabel.valueCode },
  { key: 'strategicCode', title: customerFieldLabel.strategicCode },
  { key: 'grade', title: customerFieldLabel.grade },
  { key: 'ownerName', title: customerFieldLabel.ownerName },
  { key: 'unitName', title: customerFieldLabel.unitName },
  { key: 'city', title: customerFieldLabel.region },
  { key: 'phone', title: customerFieldLabel.phone },
  { key: 'admissionStatus', title: customerFieldLabel.admissionStatus },
  { key: 'blacklistLevel', title: 'menu.blacklist' },
  { key: 'tags', title: customerFieldLabel.tags },
  { key: 'verifiedAt', title: customerFieldLabel.verifiedAt },
  { key: 'createdAt', title: customerFieldLabel.createdAt },
  { key: 'updatedAt', title: customerFieldLabel.updatedAt },
];
const DEFAULT_COLUMNS = ['name', 'code', 'industryCode', 'lifecycleCode', 'grade', 'ownerName', 'unitName', 'tags', 'updatedAt'];
const SORTABLE = ['name', 'code', 'grade', 'createdAt', 'updatedAt'];

function readStoredColumns(): string[] {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(COLUMNS_STORAGE_KEY) ?? 'null');
    if (Array.isArray(stored) && stored.every((key) => typeof key === 'string')) {
      const known = stored.filter((key) => choosableColumns.some((column) => column.key === key));
      if (known.length) return known;
    }
  } catch {
    // unreadable: fall back to the defaults
  }
  return DEFAULT_COLUMNS;
}

/** Columns sent to the export: the visible ones, 所在地区 as province + city. */
function exportColumnsOf(keys: string[]): string[] {
  return keys.flatMap((key) => (key === 'city' ? ['province', 'city'] : [key]));
}

export interface CustomersListPageProps {
  /** Export handler provided by the export feature; without it the page starts the export job itself. */
  onExport?: (filters: Filters, columns: string[], ids?: number[]) => void | Promise<void>;
}

/** 客户档案 list (R-PLT-62): server-side filters, sorting, paging, column choice, saved views, bulk tags and export. */
export function CustomersListPage({ onExport }: CustomersListPageProps = {}) {
  const [searchParams] = useSearchParams();
  const urlKeyword = searchParams.get('q') ?? undefined;
  const [columns, setColumnsState] = useState<string[]>(readStoredColumns);
  // Applying a saved view remounts the table with the view's filters and sort.
  const [tableState, setTableState] = useState<{ key: number; filters: Filters; sort: string }>(() => ({
    key: 0,
    filters: urlKeyword ? { q: urlKeyword } : {},
    sort: DEFAULT_SORT,
  }));
  const [activeViewId, setActiveViewId] = useState<number | undefined>();
  // The default view applies once, and not when the page was opened with a keyword.
  const [defaultDone, setDefaultDone] = useState(Boolean(urlKeyword));

  // The header search opens /customers?q=… — also while this page is already open.
  const shownKeyword = useRef(urlKeyword);
  useEffect(() => {
    if (!urlKeyword || urlKeyword === shownKeyword.current) return;
    shownKeyword.current = urlKeyword;
    setDefaultDone(true);
    setTableState((state) => ({ key: state.key + 1, filters: { q: urlKeyword }, sort: state.sort }));
  }, [urlKeyword]);

  const setColumns = useCallback((keys: string[]) => {
    setColumnsState(keys);
    try {
      window.localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(keys));
    } catch {
      // private mode: the choice lasts for this tab only
    }
  }, []);

  const applyView = useCallback(
    (view: SavedView) => {
      setDefaultDone(true);
      setActiveViewId(view.id);
      if (view.columns.length) setColumns(view.columns);
      setTableState((state) => ({ key: state.key + 1, filters: view.filters, sort: view.sort ?? DEFAULT_SORT }));
    },
    [setColumns],
  );

  return (
    <CustomerTable
      key={tableState.key}
      initialFilters={tableState.filters}
      initialSort={tableState.sort}
      columns={columns}
      setColumns={setColumns}
      applyView={applyView}
      activeViewId={activeViewId}
      clearView={() => setActiveViewId(undefined)}
      applyDefaultView={!defaultDone}
      onExport={onExport}
    />
  );
}

interface CustomerTableProps {
  initialFilters: Filters;
  initialSort: string;
  columns: string[];
  setColumns: (keys: string[]) => void;
  applyView: (view: SavedView) => void;
  activeViewId: number | undefined;
  clearView: () => void;
  applyDefaultView: boolean;
  onExport?: CustomersListPageProps['onExport'];
}

function CustomerTable(props: CustomerTableProps) {
  const { initialFilters, initialSort, columns, setColumns, applyView, activeViewId, clearView, applyDefaultView, onExport } = props;
  const { hasPermission } = useAuth();
  const { message, modal } = AntdApp.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const [tagging, setTagging] = useState(false);
  const [tagForm] = Form.useForm<{ add: string[]; remove: string[] }>();
  const industry = useDictionaryLabels(customerDictionaries.industryCode);
  const nature = useDictionaryLabels(customerDictionaries.natureCode);
  const source = useDictionaryLabels(customerDictionaries.sourceCode);
  const lifecycle = useDictionaryLabels(customerDictionaries.lifecycleCode);
  const value = useDictionaryLabels(customerDictionaries.valueCode);
  const strategic = useDictionaryLabels(customerDictionaries.strategicCode);

  const t = useT();
  const { tableProps, filters, setFilters, sortOrderFor, refetch, query } = useServerTable<CustomerSummary, Filters>({
    queryKey: customerListQueryKey,
    fetchPage: listCustomers,
    initialFilters,
    defaultSort: initialSort,
  });
  // The server counts at most 10,000 matches (totalCapped): 「共 10,000+ 条」, digits grouped.
  const pagination = tableProps.pagination
    ? {
        ...tableProps.pagination,
        showTotal: (total: number) => t('table.total', { total: `${total.toLocaleString('en-US')}${query.data?.totalCapped ? '+' : ''}` }),
      }
    : tableProps.pagination;
  const currentSort = SORTABLE.map((field) => {
    const order = sortOrderFor(field);
    return order ? `${field}:${order === 'ascend' ? 'asc' : 'desc'}` : null;
  }).find(Boolean);

  const bulkTags = useMutation({
    mutationFn: (body: { add: string[]; remove: string[] }) => bulkTagCustomers({ ids: selectedIds, add: body.add ?? [], remove: body.remove ?? [] }),
    onSuccess: async (result) => {
      message.success(t('customers.search.updatedCustomers', { changed: result.changed, v1: result.unchanged ? t('customers.search.unchanged', { unchanged: result.unchanged }) : '', v2: result.skipped ? t('customers.search.skippedNoRightToEdit', { skipped: result.skipped }) : '' }));
      setTagging(false);
      tagForm.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });

  const exportList = useMutation({
    mutationFn: async () => {
      const ids = selectedIds.length ? selectedIds : undefined;
      if (onExport) return onExport(filters, exportColumnsOf(columns), ids);
      let run = await startCustomerExport({ filters, columns: exportColumnsOf(columns), ids });
      const progress = message.loading({ content: t('customers.search.exporting'), duration: 0, key: 'customer-export' });
      try {
        while (run.status === 'running') {
          await new Promise((resolve) => window.setTimeout(resolve, 1000));
          run = await getCustomerExport(run.id);
          message.loading({ content: t('customers.search.exportingRowsWritten', { progress: run.progress, v1: run.total ? ` / ${run.total}` : '' }), duration: 0, key: 'customer-export' });
        }
      } finally {
        progress();
      }
      if (run.status === 'failed') {
        modal.error({ title: t('customers.search.exportFailed'), content: run.message || t('customers.search.pleaseTryAgainLater') });
        return;
      }
      const link = document.createElement('a');
      link.href = customerExportDownloadUrl(run.id);
      link.download = run.fileName ?? t('customers.search.customersXlsx');
      link.click();
      message.success(t('customers.search.exportedCustomers', { v0: run.rowCount ?? 0 }));
    },
  });

  const gradeOptions = useGradeOptions();
  const gradeNames = useMemo(() => new Map(gradeOptions.map((option) => [option.value, option.label])), [gradeOptions]);
  const renderers: Record<string, TableColumnsType<CustomerSummary>[number]> = useMemo(
    () => ({
      name: {
        render: (_: unknown, row: CustomerSummary) => (
          <Flex vertical gap={0}>
            <Link to={`/customers/${row.id}`}>{row.name}</Link>
            {row.shortName && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {row.shortName}
              </Typography.Text>
            )}
          </Flex>
        ),
        width: 260,
        fixed: 'left',
      },
      code: { width: 150 },
      uscc: { width: 190 },
      industryCode: { render: (code: string | null) => industry(code) },
      natureCode: { render: (code: string | null) => nature(code) },
      sourceCode: { render: (code: string | null) => source(code) },
      lifecycleCode: { render: (code: string) => <Tag color={lifecycleColor[code] ?? 'default'}>{lifecycle(code)}</Tag>, width: 100 },
      valueCode: { render: (code: string | null) => value(code) },
      strategicCode: { render: (code: string | null) => strategic(code) },
      grade: { render: (grade: string | null) => (grade ? <Tag color={gradeColor[grade] ?? 'default'}>{gradeNames.get(grade) ?? grade}</Tag> : '—'), width: 100 },
      ownerName: { render: (name: string | null) => name ?? <Tag>{t('customers.search.sharedPool')}</Tag> },
      city: { render: (_: unknown, row: CustomerSummary) => [row.province, row.city].filter(Boolean).join(' ') || '—' },
      phone: { render: (phone: string | null) => phone ?? '—' },
      admissionStatus: {
        render: (status: string) => <Tag color={admissionLabel[status]?.color}>{admissionLabel[status]?.text ? t(admissionLabel[status]?.text) : status}</Tag>,
      },
      blacklistLevel: { render: (level: string | null) => (level ? <Tag color="red">{blacklistLabel[level] ? t(blacklistLabel[level]) : level}</Tag> : '—') },
      tags: { render: (tags: string[]) => (tags.length ? tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—') },
      verifiedAt: { render: (at: string | null) => formatDate(at), width: 110 },
      createdAt: { render: (at: string) => formatDate(at), width: 110 },
      updatedAt: { render: (at: string) => formatDateTime(at), width: 150 },
    }),
    [industry, nature, source, lifecycle, value, strategic, gradeNames],
  );

  const tableColumns: TableColumnsType<CustomerSummary> = choosableColumns
    .filter((column) => column.fixed || columns.includes(column.key))
    .map((column) => ({
      title: t(column.title),
      dataIndex: column.key,
      key: column.key,
      ...(SORTABLE.includes(column.key) ? { sorter: true, sortOrder: sortOrderFor(column.key) } : {}),
      ...renderers[column.key],
    }));

  const canUpdate = hasPermission('customer:update');
  const canExport = hasPermission('customer:export');

  return (
    <PageContainer
      title={t('menu.customerList')}
      subtitle={t('customers.search.filterByClassificationAccountManager')}
      extra={
        <>
          {hasPermission('customer:read') && <Button onClick={() => navigate('/customers/duplicate-check')}>{t('customers.search.duplicateCheck')}</Button>}
          {hasPermission('customer:create') && (
            <Link to="/customers/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="customer-create">
                {t('customers.search.newCustomer')}
                              </Button>
            </Link>
          )}
        </>
      }
    >
      <Card variant="borderless">
        <Flex vertical gap={12}>
          <CustomerFilters value={filters} onChange={setFilters} />
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Flex gap={8} align="center" wrap>
              <SavedViews
                path="/customer-views"
                testId="customer-views"
                current={{ filters, columns, sort: currentSort ?? null }}
                activeId={activeViewId}
                onApply={applyView}
                onClear={clearView}
                applyDefault={applyDefaultView}
              />
              <Button onClick={() => setFilters({})}>{t('customers.search.clearFilters')}</Button>
            </Flex>
            <Flex gap={8} align="center" wrap>
              {selectedIds.length > 0 && <Typography.Text type="secondary">{t('customers.search.selected')}{' '}{selectedIds.length} {t('customers.search.text')}</Typography.Text>}
              {canUpdate && (
                <Button icon={<TagsOutlined />} disabled={selectedIds.length === 0} onClick={() => setTagging(true)}>
                  {t('customers.search.tag')}
                                  </Button>
              )}
              {canExport && (
                <Button icon={<DownloadOutlined />} loading={exportList.isPending} onClick={() => exportList.mutate()} data-testid="customer-export">
                  {selectedIds.length ? t('customers.search.exportSelected') : t('audit.action.export')}
                </Button>
              )}
              <ColumnChooser columns={choosableColumns} value={columns} onChange={setColumns} defaultKeys={DEFAULT_COLUMNS} />
              <Tooltip title={t('common.refresh')}>
                <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
              </Tooltip>
            </Flex>
          </Flex>
          <Table<CustomerSummary>
            {...tableProps}
            pagination={pagination}
            columns={tableColumns}
            size="middle"
            scroll={{ x: 'max-content' }}
            rowSelection={
              canUpdate || canExport
                ? {
                    selectedRowKeys: selectedIds,
                    preserveSelectedRowKeys: true,
                    onChange: (keys) => setSelectedIds(keys.map(Number)),
                  }
                : undefined
            }
          />
        </Flex>
      </Card>
      <Modal
        open={tagging}
        title={t('customers.search.tagCustomers', { length: selectedIds.length })}
        okText={t('common.ok')}
        confirmLoading={bulkTags.isPending}
        onOk={() => tagForm.submit()}
        onCancel={() => setTagging(false)}
        destroyOnHidden
      >
        <Form form={tagForm} layout="vertical" initialValues={{ add: [], remove: [] }} onFinish={(values) => bulkTags.mutate(values)}>
          <Form.Item name="add" label={t('customers.search.addTags')} extra={t('customers.search.typeAndPressEnterOnly')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={TAG_SEPARATORS} placeholder={t('customers.search.eGKeyAccount')} />
          </Form.Item>
          <Form.Item name="remove" label={t('customers.search.removeTags')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={TAG_SEPARATORS} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
