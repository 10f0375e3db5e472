import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Input, Pagination, Segmented, Select, Spin, Table, Tag, Tooltip, Tree, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { OccupancyPanel } from './OccupancyPanel';
import { SpaceFormModal } from './SpaceFormModal';
import { SpaceImportModal } from './SpaceImportModal';
import { UnitDrawer } from './UnitDrawer';
import { statusLabels, unitTypeLabels, useSpaceTree, useUnits, type SpaceNode, type UnitStatus, type UnitSummary, type UnitType } from './spaces-api';

type View = 'map' | 'vacancies' | 'occupancy';

interface TreeItem {
  key: number;
  title: string;
  children: TreeItem[];
}

function buildTree(nodes: SpaceNode[]): TreeItem[] {
  const byParent = new Map<number | null, SpaceNode[]>();
  const ordered = [...nodes].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  for (const node of ordered) byParent.set(node.parentId, [...(byParent.get(node.parentId) ?? []), node]);
  const walk = (parentId: number | null): TreeItem[] =>
    (byParent.get(parentId) ?? []).map((node) => ({ key: node.id, title: `${node.name}（${node.unitCount}）`, children: walk(node.id) }));
  return walk(null);
}

/** One unit as a tile coloured by its status on the chosen day (R-LEA-03). */
function UnitTile({ unit, onOpen }: { unit: UnitSummary; onOpen: () => void }) {
  const t = useT();
  const look = statusLabels[unit.status];
  const holder = unit.occupant ? (unit.occupant.kind === 'lease' ? `${unit.occupant.customerName} · ${unit.occupant.reference}` : `${t('spaces.status.reserved')} · ${unit.occupant.customerName}`) : null;
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid={`unit-tile-${unit.code}`}
      data-status={unit.status}
      style={{ width: 150, minHeight: 92, textAlign: 'left', padding: '8px 10px', borderRadius: 6, border: `1px solid ${look.border}`, borderLeftWidth: 4, background: look.tile, cursor: 'pointer' }}
    >
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{unit.code}</Typography.Text>
        <Typography.Text style={{ fontSize: 12, color: look.border }}>{t(look.label)}</Typography.Text>
      </Flex>
      <div style={{ fontSize: 12 }}>
        {unit.usableArea ?? '—'} ㎡{unit.unitType ? ` · ${t(unitTypeLabels[unit.unitType])}` : ''}
      </div>
      {holder && (
        <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: holder }}>
          {holder}
        </Typography.Text>
      )}
      {unit.status === 'vacant' && unit.vacantSince && <div style={{ fontSize: 12 }}>{t('spaces.vacantSince', { date: unit.vacantSince })}</div>}
    </button>
  );
}

function UnitMap({ parentId, date, floors, floorOrder, onOpen }: { parentId?: number; date: string; floors: Map<number, SpaceNode>; floorOrder: Map<number, number>; onOpen: (id: number) => void }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<UnitStatus | undefined>();
  const units = useUnits({ parentId, date, status, page, pageSize: 100 });
  const groups = useMemo(() => {
    const result = new Map<number | null, UnitSummary[]>();
    for (const unit of units.data?.items ?? []) result.set(unit.parentId, [...(result.get(unit.parentId) ?? []), unit]);
    // Floors in the tree's order (building by building), not by code.
    return [...result.entries()].sort(([a], [b]) => (floorOrder.get(a ?? 0) ?? 0) - (floorOrder.get(b ?? 0) ?? 0));
  }, [units.data, floorOrder]);
  return (
    <Card
      size="small"
      title={t('spaces.view.map')}
      extra={
        <Flex gap={8} wrap align="center">
          {(Object.keys(statusLabels) as UnitStatus[])
            .filter((key) => key !== 'retired')
            .map((key) => (
              <Tag key={key} color={statusLabels[key].color} style={{ cursor: 'pointer', opacity: status && status !== key ? 0.5 : 1 }} onClick={() => { setStatus(status === key ? undefined : key); setPage(1); }}>
                {t(statusLabels[key].label)}
              </Tag>
            ))}
        </Flex>
      }
    >
      <Spin spinning={units.isFetching}>
        {groups.length === 0 && !units.isPending && <Empty description={t('spaces.noUnits')} />}
        <Flex vertical gap={16}>
          {groups.map(([floorId, items]) => {
            const floor = floorId === null ? undefined : floors.get(floorId);
            return (
              <div key={floorId ?? 0}>
                <Typography.Title level={2} style={{ fontSize: 14, margin: '0 0 8px' }}>
                  {floor ? `${floor.fullCode} ${floor.name}` : ''}
                </Typography.Title>
                <Flex gap={8} wrap>
                  {items.map((unit) => (
                    <UnitTile key={unit.id} unit={unit} onOpen={() => onOpen(unit.id)} />
                  ))}
                </Flex>
              </div>
            );
          })}
        </Flex>
        {(units.data?.total ?? 0) > 100 && (
          <Pagination style={{ marginTop: 12 }} current={page} pageSize={100} total={units.data?.total} onChange={setPage} showSizeChanger={false} />
        )}
      </Spin>
    </Card>
  );
}

function VacancyList({ parentId, date, onOpen }: { parentId?: number; date: string; onOpen: (id: number) => void }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [unitType, setUnitType] = useState<UnitType | undefined>();
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<string | undefined>('vacantSince:asc');
  const units = useUnits({ parentId, date, status: 'vacant', unitType, q: q || undefined, page, pageSize: 20, sort });
  const columns: TableColumnsType<UnitSummary> = [
    { title: t('spaces.field.fullCode'), dataIndex: 'fullCode', key: 'fullCode', render: (value: string, row) => <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(row.id)}>{value}</Button> },
    { title: t('spaces.field.name'), dataIndex: 'name', key: 'name' },
    { title: t('spaces.field.unitType'), key: 'unitType', width: 100, render: (_, row) => (row.unitType ? t(unitTypeLabels[row.unitType]) : '—') },
    { title: t('spaces.field.usableArea'), dataIndex: 'usableArea', key: 'usableArea', width: 130, align: 'right', sorter: true, sortOrder: sort?.startsWith('usableArea') ? (sort.endsWith('desc') ? 'descend' : 'ascend') : null },
    {
      title: t('spaces.field.listRent'),
      key: 'listRent',
      width: 150,
      align: 'right',
      render: (_, row) => (row.listRent ? `${row.listRent} ${row.rentBasis === 'month' ? t('spaces.perMonth') : t('spaces.perDay')}` : '—'),
    },
    { title: t('spaces.field.vacantSince'), dataIndex: 'vacantSince', key: 'vacantSince', width: 130, sorter: true, sortOrder: sort?.startsWith('vacantSince') ? (sort.endsWith('desc') ? 'descend' : 'ascend') : null },
    {
      title: t('spaces.field.vacantDays'),
      key: 'days',
      width: 110,
      align: 'right',
      render: (_, row) => (row.vacantSince ? Math.max(0, dayjs(date).diff(dayjs(row.vacantSince), 'day')) : '—'),
    },
  ];
  return (
    <Card size="small" title={t('spaces.view.vacancies')}>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('spaces.searchCode')} placeholder={t('spaces.searchCode')} allowClear style={{ width: 220 }} onSearch={(value) => { setQ(value.trim()); setPage(1); }} />
        <Select<UnitType>
          aria-label={t('spaces.field.unitType')}
          allowClear
          placeholder={t('spaces.field.unitType')}
          style={{ width: 140 }}
          value={unitType}
          onChange={(value) => { setUnitType(value); setPage(1); }}
          options={(Object.keys(unitTypeLabels) as UnitType[]).map((key) => ({ value: key, label: t(unitTypeLabels[key]) }))}
        />
      </Flex>
      <Table<UnitSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={units.data?.items ?? []}
        loading={units.isFetching}
        onChange={(_, __, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          setSort(one?.order ? `${String(one.columnKey)}:${one.order === 'descend' ? 'desc' : 'asc'}` : undefined);
        }}
        pagination={{ current: page, pageSize: 20, total: units.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('spaces.totalUnits', { total }) }}
      />
    </Card>
  );
}

/** 房源 (R-LEA-01…03): the space tree, the unit map on any day, the vacancy list and occupancy rates. */
export function SpacesPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const [params, setParams] = useSearchParams();
  const tree = useSpaceTree();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const nodes = tree.data?.items ?? [];
  const nodeId = Number(params.get('node')) || nodes.find((node) => node.parentId === null)?.id;
  const node = nodes.find((candidate) => candidate.id === nodeId);
  // The park the selected node belongs to (its path's first id is not sent; walk up by parent).
  let park = node;
  while (park?.parentId) park = nodes.find((candidate) => candidate.id === park!.parentId);
  // The park's day (Asia/Shanghai), whatever the browser's time zone, as the server counts it.
  const date = params.get('date') ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const view = (params.get('view') as View | null) ?? 'map';
  const unitId = Number(params.get('unit')) || undefined;
  const floors = useMemo(() => new Map(nodes.filter((candidate) => candidate.level === 'floor').map((floor) => [floor.id, floor])), [nodes]);
  const treeData = useMemo(() => buildTree(nodes), [nodes]);
  const floorOrder = useMemo(() => {
    const order = new Map<number, number>();
    const walk = (items: TreeItem[]) => items.forEach((item) => { order.set(item.key, order.size); walk(item.children); });
    walk(treeData);
    return order;
  }, [treeData]);

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <PageContainer
      title={t('spaces.title')}
      subtitle={t('spaces.subtitle')}
      extra={
        <>
          <DatePicker
            aria-label={t('spaces.date')}
            allowClear={false}
            value={dayjs(date)}
            onChange={(value) => set({ date: value ? value.format('YYYY-MM-DD') : undefined })}
            data-testid="spaces-date"
          />
          {hasPermission('space:manage') && park && (
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="space-import">
              {t('spaces.import')}
            </Button>
          )}
          {hasPermission('space:manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="space-create">
              {t('spaces.new')}
            </Button>
          )}
        </>
      }
    >
      <Flex gap={16} align="start" wrap>
        <Card size="small" title={t('spaces.tree')} style={{ width: 280 }} loading={tree.isPending}>
          {nodes.length === 0 ? (
            <Empty description={t('spaces.emptyTree')} />
          ) : (
            <Tree<TreeItem>
              treeData={treeData}
              defaultExpandAll
              selectedKeys={nodeId ? [nodeId] : []}
              onSelect={(keys) => keys[0] !== undefined && set({ node: String(keys[0]) })}
              aria-label={t('spaces.tree')}
            />
          )}
        </Card>
        <Flex vertical gap={12} style={{ flex: 1, minWidth: 480 }}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Tooltip title={node?.fullCode}>
              <Typography.Text strong>{node ? node.name : ''}</Typography.Text>
            </Tooltip>
            <Segmented<View>
              value={view}
              onChange={(value) => set({ view: value })}
              options={[
                { value: 'map', label: t('spaces.view.map') },
                { value: 'vacancies', label: t('spaces.view.vacancies') },
                { value: 'occupancy', label: t('spaces.view.occupancy') },
              ]}
            />
          </Flex>
          {view === 'map' && <UnitMap key={`${nodeId}-${date}`} parentId={nodeId} date={date} floors={floors} floorOrder={floorOrder} onOpen={(id) => set({ unit: String(id) })} />}
          {view === 'vacancies' && <VacancyList key={`${nodeId}-${date}`} parentId={nodeId} date={date} onOpen={(id) => set({ unit: String(id) })} />}
          {view === 'occupancy' && <OccupancyPanel parentId={nodeId} date={date} />}
        </Flex>
      </Flex>
      {unitId && <UnitDrawer id={unitId} date={date} onClose={() => set({ unit: undefined })} />}
      {creating && <SpaceFormModal parent={node ?? null} onClose={() => setCreating(false)} />}
      {importing && park && <SpaceImportModal park={park} onClose={() => setImporting(false)} />}
    </PageContainer>
  );
}
