import { Card, Col, Empty, Progress, Row, Spin, Statistic, Table, type TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useT } from '../../app/i18n/LocaleProvider';
import { getOccupancy, spacesKey, unitTypeLabels, type Occupancy } from './spaces-api';

type Figures = Occupancy['total'];
type Row = Figures & { key: string; label: string };

/** 出租率 on the chosen day (R-LEA-03): by usable area and by count, per building and unit type. */
export function OccupancyPanel({ parentId, date }: { parentId?: number; date: string }) {
  const t = useT();
  const occupancy = useQuery({ queryKey: [...spacesKey, 'occupancy', parentId, date], queryFn: () => getOccupancy(parentId, date), placeholderData: keepPreviousData });
  const data = occupancy.data;
  const columns: TableColumnsType<Row> = [
    // The name keeps a minimum width: a building's code and name wrapped one character per line.
    { title: '', dataIndex: 'label', key: 'label', minWidth: 150 },
    { title: t('spaces.units'), dataIndex: 'units', key: 'units', align: 'right', width: 64 },
    { title: t('spaces.status.leased'), dataIndex: 'leasedUnits', key: 'leased', align: 'right', width: 64 },
    { title: t('spaces.status.reserved'), dataIndex: 'reservedUnits', key: 'reserved', align: 'right', width: 64 },
    { title: t('spaces.status.vacant'), dataIndex: 'vacantUnits', key: 'vacant', align: 'right', width: 64 },
    { title: t('spaces.offMarket'), dataIndex: 'offMarketUnits', key: 'off', align: 'right', width: 80 },
    { title: t('spaces.lettableArea'), dataIndex: 'area', key: 'area', align: 'right', width: 100 },
    { title: t('spaces.leasedArea'), dataIndex: 'leasedArea', key: 'leasedArea', align: 'right', width: 100 },
    { title: t('spaces.rateByArea'), key: 'rateByArea', width: 140, render: (_, row) => <Progress percent={Number(row.rateByArea)} size="small" format={() => `${row.rateByArea}%`} aria-label={t('spaces.rateByArea')} /> },
    { title: t('spaces.rateByCount'), dataIndex: 'rateByCount', key: 'rateByCount', align: 'right', width: 110, render: (value: string) => `${value}%` },
  ];
  if (!data) return <Spin />;
  if (data.total.units === 0) return <Empty description={t('spaces.noUnits')} />;
  const byBuilding: Row[] = data.byBuilding.map((row) => ({ ...row, key: `b${row.id}`, label: `${row.fullCode} ${row.name}` }));
  const byType: Row[] = data.byType.map((row) => ({ ...row, key: `t${row.unitType}`, label: t(unitTypeLabels[row.unitType]) }));
  return (
    <Spin spinning={occupancy.isFetching}>
      <Row gutter={12}>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('spaces.rateByArea')} value={data.total.rateByArea} suffix="%" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('spaces.rateByCount')} value={data.total.rateByCount} suffix="%" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('spaces.leasedArea')} value={data.total.leasedArea} suffix="㎡" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('spaces.vacantArea')} value={data.total.vacantArea} suffix="㎡" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('spaces.byBuilding')} style={{ marginTop: 12 }}>
        <Table<Row> rowKey="key" size="small" columns={columns} dataSource={byBuilding} pagination={false} />
      </Card>
      <Card size="small" title={t('spaces.byType')} style={{ marginTop: 12 }}>
        <Table<Row> rowKey="key" size="small" columns={columns} dataSource={byType} pagination={false} />
      </Card>
    </Spin>
  );
}
