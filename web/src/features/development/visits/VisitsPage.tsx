import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Calendar, Card, Checkbox, DatePicker, Flex, Table, Tabs, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { VisitDetailModal, VisitFlags } from './VisitDetailModal';
import { VisitDrawer } from './VisitDrawer';
import { getVisitCalendar, listVisits, planItemStatusLabels, visitMethodLabels, visitsQueryKey, type CalendarDay, type Visit, type VisitFilters } from './visits-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { businessToday } from '../../../ui/business-date';

const planBadge = { planned: 'processing', done: 'success', missed: 'error', removed: 'default' } as const;

/** 拜访日历: planned visits (plan items) and visit records per day. */
function VisitCalendar({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useT();
  const [month, setMonth] = useState(() => businessToday());
  const key = month.format('YYYY-MM');
  const calendar = useQuery({ queryKey: [...visitsQueryKey, 'calendar', key], queryFn: () => getVisitCalendar(key) });
  const byDate = new Map<string, CalendarDay>((calendar.data?.days ?? []).map((day) => [day.date, day]));

  const cell = (date: Dayjs) => {
    const day = byDate.get(date.format('YYYY-MM-DD'));
    if (!day || date.format('YYYY-MM') !== key) return null;
    return (
      <Flex vertical gap={2} style={{ fontSize: 12 }}>
        {day.planned.map((item) => (
          <Tooltip key={`p${item.itemId}`} title={`${item.userName}：${item.purpose}（${t(planItemStatusLabels[item.status].label)}）`}>
            <Badge status={planBadge[item.status]} text={<span style={{ fontSize: 12 }}>{t('development.visits.schedule')}{' '}{item.customerName}</span>} />
          </Tooltip>
        ))}
        {day.records.map((record) => (
          <Typography.Link key={`r${record.id}`} style={{ fontSize: 12 }} onClick={() => onOpen(record.id)} type={record.late ? 'danger' : undefined}>
            {t(visitMethodLabels[record.method])} {record.customerName}
            {record.late ? t('development.visits.late') : ''}
          </Typography.Link>
        ))}
      </Flex>
    );
  };

  return (
    <Card size="small" loading={calendar.isPending}>
      <Calendar
        value={month}
        onPanelChange={(value) => setMonth(value)}
        onSelect={(value) => setMonth(value)}
        cellRender={(date, info) => (info.type === 'date' ? cell(date) : info.originNode)}
      />
    </Card>
  );
}

function VisitList({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useT();
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<Visit, VisitFilters>({
    queryKey: [...visitsQueryKey, 'list'],
    fetchPage: listVisits,
    initialFilters: {},
  });
  const columns: TableColumnsType<Visit> = [
    { title: t('development.visits.visitDate'), dataIndex: 'visitDate', key: 'visitDate', width: 110, sorter: true, sortOrder: sortOrderFor('visitDate') },
    { title: t('audit.entity.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: t('development.visits.method'), dataIndex: 'method', key: 'method', width: 70, render: (method: Visit['method']) => t(visitMethodLabels[method]) },
    {
      title: t('development.visits.content'),
      dataIndex: 'content',
      key: 'content',
      ellipsis: true,
      render: (content: string, row) => <Typography.Link onClick={() => onOpen(row.id)}>{content}</Typography.Link>,
    },
    { title: t('development.visits.recordedBy'), dataIndex: 'userName', key: 'userName', width: 100 },
    { title: t('development.visits.submitted'), dataIndex: 'reportedAt', key: 'reportedAt', width: 150, sorter: true, sortOrder: sortOrderFor('reportedAt'), render: (value: string) => formatDateTime(value) },
    { title: t('development.visits.flags'), key: 'flags', width: 170, render: (_, row) => <VisitFlags visit={row} /> },
  ];
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <DatePicker.RangePicker
            onChange={(range) =>
              setFilters({ ...filters, dateFrom: range?.[0]?.format('YYYY-MM-DD') ?? undefined, dateTo: range?.[1]?.format('YYYY-MM-DD') ?? undefined })
            }
          />
          <Checkbox checked={filters.late === 'true'} onChange={(e) => setFilters({ ...filters, late: e.target.checked ? 'true' : undefined })} data-testid="visit-filter-late">
            {t('development.visits.lateReportsOnly')}
                      </Checkbox>
          <Checkbox checked={filters.unreviewed === 'true'} onChange={(e) => setFilters({ ...filters, unreviewed: e.target.checked ? 'true' : undefined })}>
            {t('development.visits.notReviewedOnly')}
                      </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
                      </Button>
        </Flex>
      </Card>
      <Table<Visit> {...tableProps} columns={columns} size="middle" data-testid="visit-table" />
    </Flex>
  );
}

/** 拜访记录 (R-DEV-31): month calendar, list with late / unreviewed filters, 记录拜访 and review. */
export function VisitsPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [params, setParams] = useSearchParams();
  const [drawer, setDrawer] = useState(false);
  const openId = Number(params.get('id')) || null;
  const open = (id: number) => setParams({ id: String(id) });

  return (
    <PageContainer
      title={t('menu.visits')}
      subtitle={t('development.visits.visitReportsAreDueWithin')}
      extra={
        hasPermission('development:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer(true)} data-testid="new-visit">
            {t('development.visits.recordVisit')}
                      </Button>
        )
      }
    >
      <Tabs
        items={[
          { key: 'calendar', label: t('development.visits.calendar'), children: <VisitCalendar onOpen={open} /> },
          { key: 'list', label: t('development.visits.list'), children: <VisitList onOpen={open} /> },
        ]}
      />
      <VisitDrawer open={drawer} onClose={() => setDrawer(false)} />
      <VisitDetailModal id={openId} onClose={() => setParams({})} />
    </PageContainer>
  );
}
