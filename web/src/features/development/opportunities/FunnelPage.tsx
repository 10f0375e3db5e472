import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Empty, Flex, Progress, Segmented, Spin, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PageContainer } from '../../../ui/PageContainer';
import { getFunnel, percent, type Funnel, type FunnelGroup } from './opportunities-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { businessToday } from '../../../ui/business-date';

type GroupBy = Funnel['groupBy'];

/** Horizontal bars: the share of the period's opportunities that reached each stage. */
function FunnelBars({ group }: { group: FunnelGroup }) {
  const t = useT();
  if (group.total === 0) return <Empty description={t('development.opportunities.noOpportunitiesCreatedInThis')} />;
  return (
    <Flex vertical gap={6}>
      {group.stages.map((stage) => (
        <Flex key={stage.code} align="center" gap={12}>
          <Typography.Text style={{ width: 80, flex: 'none' }}>{stage.label}</Typography.Text>
          <Progress
            aria-label={stage.label}
            percent={Math.round((stage.reached / group.total) * 1000) / 10}
            format={() => t('development.opportunities.text', { reached: stage.reached })}
            strokeColor={stage.code === 'won' ? '#52c41a' : undefined}
            style={{ flex: 1, margin: 0 }}
          />
          <Typography.Text type="secondary" style={{ width: 110, flex: 'none', fontSize: 12 }}>
            {t('development.opportunities.fromPreviousStage')}{' '}{percent(stage.conversionRate)}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

/** 销售漏斗 (R-DEV-21): opportunities created in the period, per stage, per owner and per unit. */
export function FunnelPage() {
  const t = useT();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([businessToday().startOf('year'), businessToday()]);
  const [groupBy, setGroupBy] = useState<GroupBy>('stage');
  const query = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), groupBy };
  const funnel = useQuery({ queryKey: ['opportunities', 'funnel', query], queryFn: () => getFunnel(query) });
  const data = funnel.data;
  const stageCodes = data?.overall.stages ?? [];

  const columns: TableColumnsType<FunnelGroup> = [
    { title: groupBy === 'owner' ? t('org.manager') : t('org.kind.department'), dataIndex: 'name', key: 'name', fixed: 'left' },
    { title: t('development.opportunities.opportunities'), dataIndex: 'total', key: 'total', align: 'right' },
    ...stageCodes.map((stage, index) => ({
      title: stage.label,
      key: stage.code,
      align: 'right' as const,
      render: (_: unknown, row: FunnelGroup) => {
        const item = row.stages[index];
        return item ? (
          <Flex vertical>
            <span>{item.reached}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {percent(item.conversionRate)}
            </Typography.Text>
          </Flex>
        ) : (
          '—'
        );
      },
    })),
    { title: t('development.opportunities.lost'), dataIndex: 'lost', key: 'lost', align: 'right' },
    { title: t('development.opportunities.winRate'), key: 'winRate', align: 'right', render: (_, row) => percent(row.winRate) },
  ];

  return (
    <PageContainer
      title={t('menu.funnel')}
      subtitle={t('development.opportunities.howManyOpportunitiesCreatedIn')}
      extra={
        <>
          <DatePicker.RangePicker allowClear={false} value={range} onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])} />
          <Segmented<GroupBy>
            value={groupBy}
            onChange={setGroupBy}
            options={[
              { value: 'stage', label: t('development.opportunities.byStage') },
              { value: 'owner', label: t('development.opportunities.byOwner') },
              { value: 'unit', label: t('development.opportunities.byUnit') },
            ]}
          />
        </>
      }
    >
      {funnel.isLoading || !data ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : (
        <>
          <Flex gap={16} wrap>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title={t('development.opportunities.newOpportunity')} value={data.overall.total} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title={t('development.opportunities.open')} value={data.overall.open} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title={t('development.opportunities.won')} value={data.overall.won} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title={t('development.opportunities.lost')} value={data.overall.lost} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title={t('development.opportunities.winRate')} value={percent(data.overall.winRate)} />
            </Card>
          </Flex>
          <Card size="small" title={t('development.opportunities.overallFunnel')}>
            <FunnelBars group={data.overall} />
          </Card>
          {groupBy !== 'stage' && (
            <Card size="small" title={groupBy === 'owner' ? t('development.opportunities.byOwner') : t('development.opportunities.byUnit')}>
              <Table<FunnelGroup> rowKey="key" size="small" columns={columns} dataSource={data.groups} pagination={false} scroll={{ x: 900 }} />
            </Card>
          )}
        </>
      )}
    </PageContainer>
  );
}
