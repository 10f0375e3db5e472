import type { MessageKey, Translate } from '../../../app/i18n/dictionary';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Segmented, Statistic, Table, Tabs, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PageContainer } from '../../../ui/PageContainer';
import { getReceptionStats, percent, receptionStatsQueryKey, type ReceptionStats, type StatsMeasures, type StatsPeriod } from './reception-api';
import { useT } from '../../../app/i18n/LocaleProvider';

type Row<K extends 'buckets' | 'byReceiver' | 'bySource'> = ReceptionStats[K][number];

function measureColumns<T extends StatsMeasures>(t: Translate): TableColumnsType<T> {
  const count = (title: MessageKey, key: keyof StatsMeasures) => ({ title: t(title), dataIndex: key as string, key: key as string, align: 'right' as const, width: 90 });
  return [
    count('development.reception.visit', 'visits'),
    count('development.reception.call', 'calls'),
    count('development.reception.newVisitors', 'newProspects'),
    count('development.reception.tours', 'siteTours'),
    count('development.reception.converted', 'convertedCustomers'),
    { title: t('development.reception.conversion'), key: 'customerRate', align: 'right', width: 90, render: (_, row) => percent(row.customerRate) },
    count('development.reception.won', 'convertedDeals'),
    { title: t('development.reception.winRate'), key: 'dealRate', align: 'right', width: 90, render: (_, row) => percent(row.dealRate) },
  ];
}

/** 来人来电统计成交分析 (R-DEV-42): by day, week or month, per receiver and per source. */
export function ReceptionStatsPage() {
  const t = useT();
  const [period, setPeriod] = useState<StatsPeriod>('day');
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const query = { period, from: range?.[0].format('YYYY-MM-DD'), to: range?.[1].format('YYYY-MM-DD') };
  const stats = useQuery({ queryKey: receptionStatsQueryKey(query), queryFn: () => getReceptionStats(query) });
  const data = stats.data;
  const totals = data?.totals;

  return (
    <PageContainer
      title={t('menu.receptionStats')}
      subtitle={t('development.reception.visitsAndCallsToursAnd')}
      extra={
        <>
          <Segmented<StatsPeriod>
            value={period}
            onChange={setPeriod}
            options={[
              { value: 'day', label: t('development.reception.sun') },
              { value: 'week', label: t('development.reception.week') },
              { value: 'month', label: t('development.reception.month') },
            ]}
          />
          <DatePicker.RangePicker value={range} onChange={(value) => setRange(value && value[0] && value[1] ? [value[0], value[1]] : null)} allowClear />
        </>
      }
    >
      <Row gutter={[12, 12]}>
        {[
          [t('development.reception.visit'), totals?.visits],
          [t('development.reception.call'), totals?.calls],
          [t('development.reception.newVisitors'), totals?.newProspects],
          [t('development.reception.tours'), totals?.siteTours],
          [t('development.reception.converted'), totals?.convertedCustomers],
          [t('development.reception.conversion'), totals ? percent(totals.customerRate) : undefined],
          [t('development.reception.won'), totals?.convertedDeals],
          [t('development.reception.winRate'), totals ? percent(totals.dealRate) : undefined],
        ].map(([title, value]) => (
          <Col key={String(title)} xs={12} md={6} xl={3}>
            <Card size="small" loading={stats.isPending}>
              <Statistic title={title} value={value ?? '—'} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'period',
              label: t('development.reception.by2', { v0: { day: t('development.reception.sun'), week: t('development.reception.week'), month: t('development.reception.month') }[period] }),
              children: (
                <Table<Row<'buckets'>>
                  rowKey="start"
                  size="small"
                  loading={stats.isFetching}
                  dataSource={data?.buckets ?? []}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[{ title: data ? `${data.from} ~ ${data.to}` : t('development.reception.period'), dataIndex: 'label', key: 'label', fixed: 'left', width: 140 }, ...measureColumns<Row<'buckets'>>(t)]}
                  summary={() =>
                    totals ? (
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0}>{t('development.reception.total')}</Table.Summary.Cell>
                        {(['visits', 'calls', 'newProspects', 'siteTours', 'convertedCustomers', 'customerRate', 'convertedDeals', 'dealRate'] as const).map((key, index) => (
                          <Table.Summary.Cell key={key} index={index + 1} align="right">
                            {key.endsWith('Rate') ? percent(totals[key] as number | null) : totals[key]}
                          </Table.Summary.Cell>
                        ))}
                      </Table.Summary.Row>
                    ) : null
                  }
                />
              ),
            },
            {
              key: 'receiver',
              label: t('development.reception.byReceiver'),
              children: (
                <Table<Row<'byReceiver'>>
                  rowKey="receiverId"
                  size="small"
                  loading={stats.isFetching}
                  dataSource={data?.byReceiver ?? []}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[{ title: t('development.reception.receiver'), dataIndex: 'receiverName', key: 'receiverName', fixed: 'left', width: 140 }, ...measureColumns<Row<'byReceiver'>>(t)]}
                />
              ),
            },
            {
              key: 'source',
              label: t('development.reception.bySource'),
              children: (
                <Table<Row<'bySource'>>
                  rowKey={(row) => row.sourceCode ?? '-'}
                  size="small"
                  loading={stats.isFetching}
                  dataSource={data?.bySource ?? []}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[{ title: t('development.reception.source'), dataIndex: 'sourceLabel', key: 'sourceLabel', fixed: 'left', width: 140 }, ...measureColumns<Row<'bySource'>>(t)]}
                />
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
