import { MoreOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Empty, Flex, Spin, Tag, Typography, theme } from 'antd';
import { useState, type DragEvent } from 'react';
import { Link } from 'react-router-dom';
import { boardQueryKey, getBoard, intentLevelColor, money, type BoardColumn, type Opportunity, type OpportunityFilters } from './opportunities-api';
import { useStageMove } from './use-stage-move';
import { useT } from '../../../app/i18n/LocaleProvider';

const DRAG_TYPE = 'text/plain';

function OpportunityCard({
  opportunity,
  columns,
  pending,
  onMove,
}: {
  opportunity: Opportunity;
  columns: BoardColumn[];
  pending: boolean;
  onMove: (stageCode: string) => void;
}) {
  const t = useT();
  const { token } = theme.useToken();
  const open = opportunity.status === 'open';
  const items = columns.filter((column) => column.code !== opportunity.stageCode).map((column) => ({ key: column.code, label: t('development.opportunities.moveTo', { label: column.label }) }));
  return (
    <div
      data-opportunity={opportunity.id}
      draggable={open && !pending}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, String(opportunity.id));
        event.dataTransfer.effectAllowed = 'move';
      }}
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${opportunity.stale ? token.colorErrorBorder : token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        padding: '8px 10px',
        cursor: open ? 'grab' : 'default',
        opacity: pending ? 0.5 : 1,
      }}
    >
      <Flex justify="space-between" align="start" gap={4}>
        <Link to={`/development/opportunities/${opportunity.id}`} draggable={false} style={{ fontWeight: 500 }}>
          {opportunity.name}
        </Link>
        {open && (
          <Dropdown menu={{ items, onClick: ({ key }) => onMove(key) }} trigger={['click']}>
            <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('development.opportunities.moveStage')} />
          </Dropdown>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
        {opportunity.customerName}
      </Typography.Text>
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }} wrap gap={4}>
        <Typography.Text style={{ fontSize: 12 }}>{money(opportunity.amount)}</Typography.Text>
        <Flex gap={2}>
          <Tag color={intentLevelColor[opportunity.intentLevel]} style={{ marginInlineEnd: 0 }}>
            {opportunity.intentLevel}
          </Tag>
          {opportunity.stale && (
            <Tag color="error" style={{ marginInlineEnd: 0 }}>
              {t('development.opportunities.followUpOverdue')}
                          </Tag>
          )}
        </Flex>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {opportunity.ownerName}
        {opportunity.expectedSignDate ? t('development.opportunities.expected', { expectedSignDate: opportunity.expectedSignDate }) : ''}
      </Typography.Text>
    </div>
  );
}

/** 商机看板 (R-DEV-21): one column per configured stage; drag a card or use its menu to move it. */
export function OpportunityBoard({ filters }: { filters: OpportunityFilters }) {
  const t = useT();
  const { token } = theme.useToken();
  const board = useQuery({ queryKey: boardQueryKey(filters), queryFn: () => getBoard(filters) });
  const { move, pendingId, modal } = useStageMove();
  const [over, setOver] = useState<string | null>(null);
  const columns = board.data?.columns ?? [];
  const byId = new Map(columns.flatMap((column) => column.items.map((item) => [item.id, item] as const)));

  const onDrop = (event: DragEvent<HTMLDivElement>, stageCode: string) => {
    event.preventDefault();
    setOver(null);
    const opportunity = byId.get(Number(event.dataTransfer.getData(DRAG_TYPE)));
    if (opportunity) move(opportunity, stageCode);
  };

  if (board.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <>
      <Flex gap={12} style={{ overflowX: 'auto', paddingBottom: 8 }} align="stretch">
        {columns.map((column) => (
          <div
            key={column.code}
            data-stage={column.code}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              if (over !== column.code) setOver(column.code);
            }}
            onDragLeave={() => setOver((current) => (current === column.code ? null : current))}
            onDrop={(event) => onDrop(event, column.code)}
            style={{
              flex: '0 0 240px',
              minHeight: 320,
              background: over === column.code ? token.colorPrimaryBg : token.colorFillQuaternary,
              border: `1px dashed ${over === column.code ? token.colorPrimary : 'transparent'}`,
              borderRadius: token.borderRadiusLG,
              padding: 8,
            }}
          >
            <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
              <Typography.Text strong>
                {column.label} <Badge count={column.count} showZero color={column.code === 'won' ? 'green' : column.code === 'lost' ? 'gray' : 'blue'} />
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {money(column.amountSum)}
              </Typography.Text>
            </Flex>
            <Flex vertical gap={8}>
              {column.items.map((opportunity) => (
                <OpportunityCard
                  key={opportunity.id}
                  opportunity={opportunity}
                  columns={columns}
                  pending={pendingId === opportunity.id}
                  onMove={(stageCode) => move(opportunity, stageCode)}
                />
              ))}
              {column.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.opportunities.dragOpportunitiesHere')} />}
              {column.count > column.items.length && (
                <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
                  {t('development.opportunities.and')}{' '}{column.count - column.items.length} {t('development.opportunities.moreSeeTheList')}
                                  </Typography.Text>
              )}
            </Flex>
          </div>
        ))}
      </Flex>
      {modal}
    </>
  );
}
