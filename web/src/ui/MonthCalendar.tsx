import { Badge, Calendar, Typography } from 'antd';
import type { Dayjs } from 'dayjs';

interface Item {
  id: number;
}

/** A month of the calendar with each day's entries as small buttons (回访计划, 关怀日历). */
export function MonthCalendar<T extends Item>({
  month,
  onMonthChange,
  items,
  dateOf,
  labelOf,
  badgeOf,
  onOpen,
}: {
  month: Dayjs;
  onMonthChange: (month: Dayjs) => void;
  items: T[];
  dateOf: (item: T) => string;
  labelOf: (item: T) => string;
  badgeOf: (item: T) => 'processing' | 'warning' | 'success' | 'default' | 'error';
  onOpen: (item: T) => void;
}) {
  const byDay = new Map<string, T[]>();
  for (const item of items) byDay.set(dateOf(item), [...(byDay.get(dateOf(item)) ?? []), item]);
  return (
    <Calendar
      value={month}
      headerRender={() => null}
      onPanelChange={(value) => onMonthChange(value.startOf('month'))}
      fullCellRender={(date, info) => {
        if (info.type !== 'date') return info.originNode;
        const inMonth = date.isSame(month, 'month');
        const entries = inMonth ? (byDay.get(date.format('YYYY-MM-DD')) ?? []) : [];
        return (
          <div style={{ minHeight: 96, padding: 4, borderTop: '1px solid #f0f0f0', background: inMonth ? undefined : '#fafafa', color: inMonth ? undefined : '#595959' }}>
            <div style={{ textAlign: 'right' }}>{date.date()}</div>
            {entries.map((item) => (
              <button key={item.id} type="button" onClick={() => onOpen(item)} style={{ display: 'block', width: '100%', textAlign: 'left', border: 0, background: 'none', padding: 0, cursor: 'pointer' }}>
                <Badge status={badgeOf(item)} text={<Typography.Text ellipsis style={{ maxWidth: 150, fontSize: 12 }}>{labelOf(item)}</Typography.Text>} />
              </button>
            ))}
          </div>
        );
      }}
    />
  );
}
