import { Tag, Tooltip } from 'antd';
import { formatDate } from '../../../ui/format';
import type { OwnershipState } from './ownership-api';
import { useT } from '../../../app/i18n/LocaleProvider';

/** Days left until release, coloured by urgency. */
export function ReleaseCountdown({ item }: { item: Pick<OwnershipState, 'releaseDueAt' | 'daysLeft' | 'dueSoon'> }) {
  const t = useT();
  if (!item.releaseDueAt || item.daysLeft === null) return <>—</>;
  const color = item.daysLeft <= 0 ? 'red' : item.dueSoon ? 'orange' : 'green';
  return (
    <Tooltip title={t('development.ownership.withoutAValidFollowUp', { v0: formatDate(item.releaseDueAt) })}>
      <span>
        <Tag color={color}>{item.daysLeft <= 0 ? t('development.ownership.releasedToday') : t('development.ownership.days', { daysLeft: item.daysLeft })}</Tag>
        {item.dueSoon && <Tag color="orange">{t('development.ownership.releaseDue2')}</Tag>}
      </span>
    </Tooltip>
  );
}

