import { Tag, Tooltip } from 'antd';
import { formatDate } from '../../../ui/format';
import type { OwnershipState } from './ownership-api';

/** Days left until release, coloured by urgency. */
export function ReleaseCountdown({ item }: { item: Pick<OwnershipState, 'releaseDueAt' | 'daysLeft' | 'dueSoon'> }) {
  if (!item.releaseDueAt || item.daysLeft === null) return <>—</>;
  const color = item.daysLeft <= 0 ? 'red' : item.dueSoon ? 'orange' : 'green';
  return (
    <Tooltip title={`无有效跟进将于 ${formatDate(item.releaseDueAt)} 退回公海`}>
      <span>
        <Tag color={color}>{item.daysLeft <= 0 ? '今日释放' : `${item.daysLeft} 天`}</Tag>
        {item.dueSoon && <Tag color="orange">即将释放</Tag>}
      </span>
    </Tooltip>
  );
}

