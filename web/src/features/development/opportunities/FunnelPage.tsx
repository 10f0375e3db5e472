import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Empty, Flex, Progress, Segmented, Spin, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { PageContainer } from '../../../ui/PageContainer';
import { getFunnel, percent, type Funnel, type FunnelGroup } from './opportunities-api';

type GroupBy = Funnel['groupBy'];

/** Horizontal bars: the share of the period's opportunities that reached each stage. */
function FunnelBars({ group }: { group: FunnelGroup }) {
  if (group.total === 0) return <Empty description="所选期间没有新建商机" />;
  return (
    <Flex vertical gap={6}>
      {group.stages.map((stage) => (
        <Flex key={stage.code} align="center" gap={12}>
          <Typography.Text style={{ width: 80, flex: 'none' }}>{stage.label}</Typography.Text>
          <Progress
            percent={Math.round((stage.reached / group.total) * 1000) / 10}
            format={() => `${stage.reached} 个`}
            strokeColor={stage.code === 'won' ? '#52c41a' : undefined}
            style={{ flex: 1, margin: 0 }}
          />
          <Typography.Text type="secondary" style={{ width: 110, flex: 'none', fontSize: 12 }}>
            较上阶段 {percent(stage.conversionRate)}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

/** 销售漏斗 (R-DEV-21): opportunities created in the period, per stage, per owner and per unit. */
export function FunnelPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [groupBy, setGroupBy] = useState<GroupBy>('stage');
  const query = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), groupBy };
  const funnel = useQuery({ queryKey: ['opportunities', 'funnel', query], queryFn: () => getFunnel(query) });
  const data = funnel.data;
  const stageCodes = data?.overall.stages ?? [];

  const columns: TableColumnsType<FunnelGroup> = [
    { title: groupBy === 'owner' ? '负责人' : '部门', dataIndex: 'name', key: 'name', fixed: 'left' },
    { title: '商机数', dataIndex: 'total', key: 'total', align: 'right' },
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
    { title: '输单', dataIndex: 'lost', key: 'lost', align: 'right' },
    { title: '赢单率', key: 'winRate', align: 'right', render: (_, row) => percent(row.winRate) },
  ];

  return (
    <PageContainer
      title="销售漏斗"
      subtitle="期间内新建的商机到达各阶段的数量与转化率（到达过即计入，输单的商机保留已到达的阶段）"
      extra={
        <>
          <DatePicker.RangePicker allowClear={false} value={range} onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])} />
          <Segmented<GroupBy>
            value={groupBy}
            onChange={setGroupBy}
            options={[
              { value: 'stage', label: '按阶段' },
              { value: 'owner', label: '按负责人' },
              { value: 'unit', label: '按部门' },
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
              <Statistic title="新建商机" value={data.overall.total} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title="进行中" value={data.overall.open} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title="赢单" value={data.overall.won} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title="输单" value={data.overall.lost} />
            </Card>
            <Card size="small" style={{ flex: 1, minWidth: 140 }}>
              <Statistic title="赢单率" value={percent(data.overall.winRate)} />
            </Card>
          </Flex>
          <Card size="small" title="整体漏斗">
            <FunnelBars group={data.overall} />
          </Card>
          {groupBy !== 'stage' && (
            <Card size="small" title={groupBy === 'owner' ? '按负责人' : '按部门'}>
              <Table<FunnelGroup> rowKey="key" size="small" columns={columns} dataSource={data.groups} pagination={false} scroll={{ x: 900 }} />
            </Card>
          )}
        </>
      )}
    </PageContainer>
  );
}
