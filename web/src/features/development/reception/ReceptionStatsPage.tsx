import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Segmented, Statistic, Table, Tabs, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PageContainer } from '../../../ui/PageContainer';
import { getReceptionStats, percent, receptionStatsQueryKey, type ReceptionStats, type StatsMeasures, type StatsPeriod } from './reception-api';

type Row<K extends 'buckets' | 'byReceiver' | 'bySource'> = ReceptionStats[K][number];

function measureColumns<T extends StatsMeasures>(): TableColumnsType<T> {
  const count = (title: string, key: keyof StatsMeasures) => ({ title, dataIndex: key as string, key: key as string, align: 'right' as const, width: 90 });
  return [
    count('来访', 'visits'),
    count('来电', 'calls'),
    count('新访客', 'newProspects'),
    count('带看', 'siteTours'),
    count('转客户', 'convertedCustomers'),
    { title: '转客户率', key: 'customerRate', align: 'right', width: 90, render: (_, row) => percent(row.customerRate) },
    count('成交', 'convertedDeals'),
    { title: '成交率', key: 'dealRate', align: 'right', width: 90, render: (_, row) => percent(row.dealRate) },
  ];
}

/** 来人来电统计成交分析 (R-DEV-42): by day, week or month, per receiver and per source. */
export function ReceptionStatsPage() {
  const [period, setPeriod] = useState<StatsPeriod>('day');
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const query = { period, from: range?.[0].format('YYYY-MM-DD'), to: range?.[1].format('YYYY-MM-DD') };
  const stats = useQuery({ queryKey: receptionStatsQueryKey(query), queryFn: () => getReceptionStats(query) });
  const data = stats.data;
  const totals = data?.totals;

  return (
    <PageContainer
      title="来访统计"
      subtitle="来人来电数量、带看与转化（转客户：新访客一键建档；成交：关联客户在登记后赢单）"
      extra={
        <>
          <Segmented<StatsPeriod>
            value={period}
            onChange={setPeriod}
            options={[
              { value: 'day', label: '日' },
              { value: 'week', label: '周' },
              { value: 'month', label: '月' },
            ]}
          />
          <DatePicker.RangePicker value={range} onChange={(value) => setRange(value && value[0] && value[1] ? [value[0], value[1]] : null)} allowClear />
        </>
      }
    >
      <Row gutter={[12, 12]}>
        {[
          ['来访', totals?.visits],
          ['来电', totals?.calls],
          ['新访客', totals?.newProspects],
          ['带看', totals?.siteTours],
          ['转客户', totals?.convertedCustomers],
          ['转客户率', totals ? percent(totals.customerRate) : undefined],
          ['成交', totals?.convertedDeals],
          ['成交率', totals ? percent(totals.dealRate) : undefined],
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
              label: `按${{ day: '日', week: '周', month: '月' }[period]}`,
              children: (
                <Table<Row<'buckets'>>
                  rowKey="start"
                  size="small"
                  loading={stats.isFetching}
                  dataSource={data?.buckets ?? []}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[{ title: data ? `${data.from} ~ ${data.to}` : '期间', dataIndex: 'label', key: 'label', fixed: 'left', width: 140 }, ...measureColumns<Row<'buckets'>>()]}
                  summary={() =>
                    totals ? (
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
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
              label: '按接待人',
              children: (
                <Table<Row<'byReceiver'>>
                  rowKey="receiverId"
                  size="small"
                  loading={stats.isFetching}
                  dataSource={data?.byReceiver ?? []}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[{ title: '接待人', dataIndex: 'receiverName', key: 'receiverName', fixed: 'left', width: 140 }, ...measureColumns<Row<'byReceiver'>>()]}
                />
              ),
            },
            {
              key: 'source',
              label: '按信息来源',
              children: (
                <Table<Row<'bySource'>>
                  rowKey={(row) => row.sourceCode ?? '-'}
                  size="small"
                  loading={stats.isFetching}
                  dataSource={data?.bySource ?? []}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[{ title: '信息来源', dataIndex: 'sourceLabel', key: 'sourceLabel', fixed: 'left', width: 140 }, ...measureColumns<Row<'bySource'>>()]}
                />
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
