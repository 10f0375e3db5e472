import type { MessageKey, Translate } from '../../app/i18n/dictionary';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth-context';
import { PageContainer } from '../../ui/PageContainer';
import {
  addWorkdays,
  calendarQueryKey,
  deleteOverride,
  putOverride,
  useCalendarYear,
  type CalendarDay,
  type DayKind,
  type OverrideKind,
} from './calendar-api';
import { useT } from '../../app/i18n/LocaleProvider';
import { businessToday } from '../../ui/business-date';

const kindLabel: Record<DayKind, MessageKey> = {
  workday: 'calendar.workday',
  weekend: 'calendar.weekend',
  holiday: 'calendar.publicHoliday',
  makeup_workday: 'calendar.makeUpWorkday',
};

const kindStyle: Record<DayKind, { background: string; color: string }> = {
  workday: { background: '#ffffff', color: 'rgba(0,0,0,0.88)' },
  weekend: { background: '#f0f0f0', color: '#595959' },
  holiday: { background: '#fff1f0', color: '#cf1322' },
  makeup_workday: { background: '#e6f4ff', color: '#0958d9' },
};
const overrideBorder = '#fa8c16';
const weekdayHeaders: MessageKey[] = ['calendar.mon', 'calendar.tue', 'calendar.wed', 'calendar.thu', 'calendar.fri', 'calendar.sat', 'calendar.sun'];

function Legend() {
  const t = useT();
  return (
    <Space wrap size={16}>
      {(Object.keys(kindLabel) as DayKind[]).map((kind) => (
        <Space key={kind} size={6}>
          <span
            style={{
              display: 'inline-block',
              width: 16,
              height: 16,
              borderRadius: 3,
              border: '1px solid #d9d9d9',
              ...kindStyle[kind],
            }}
          />
          <Typography.Text>{t(kindLabel[kind])}</Typography.Text>
        </Space>
      ))}
      <Space size={6}>
        <span style={{ display: 'inline-block', width: 16, height: 16, borderRadius: 3, border: `2px solid ${overrideBorder}` }} />
        <Typography.Text>{t('calendar.adminOverride2')}</Typography.Text>
      </Space>
    </Space>
  );
}

function dayTitle(t: Translate, day: CalendarDay): string {
  const parts = [day.date, t(kindLabel[day.kind])];
  if (day.name) parts.push(day.name);
  if (day.override) {
    const kind = t(day.override.kind === 'workday' ? 'calendar.workdayShort' : 'calendar.dayOffShort');
    parts.push(t('calendar.changedTo', { kind, note: day.override.note ? `：${day.override.note}` : '' }));
  }
  return parts.join(' · ');
}

function MonthGrid({ month, days, onPick }: { month: number; days: CalendarDay[]; onPick?: (day: CalendarDay) => void }) {
  const t = useT();
  // Monday-first grid; getUTCDay of the first day gives the leading blanks.
  const first = days[0];
  const lead = first ? (new Date(`${first.date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
  const cells: (CalendarDay | null)[] = [...Array.from({ length: lead }, () => null), ...days];
  const workdays = days.filter((d) => d.isWorkday).length;
  return (
    <Card size="small" title={t('calendar.text2', { month })} extra={<Typography.Text type="secondary">{workdays} {t('calendar.workdays')}</Typography.Text>}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 3 }}>
        {weekdayHeaders.map((label) => (
          <div key={label} style={{ textAlign: 'center', fontSize: 12, color: '#8c8c8c' }}>
            {t(label)}
          </div>
        ))}
        {cells.map((day, index) =>
          day ? (
            <Tooltip key={day.date} title={dayTitle(t, day)} mouseEnterDelay={0.3}>
              <button
                type="button"
                // The visible day number starts the name (WCAG 2.5.3), the details follow.
                aria-label={`${Number(day.date.slice(8, 10))}${day.kind === 'holiday' ? t('calendar.off') : day.kind === 'makeup_workday' ? t('calendar.work') : ''} · ${dayTitle(t, day)}`}
                onClick={onPick ? () => onPick(day) : undefined}
                style={{
                  ...kindStyle[day.kind],
                  border: day.override ? `2px solid ${overrideBorder}` : '1px solid #f0f0f0',
                  borderRadius: 4,
                  padding: '2px 0',
                  fontSize: 12,
                  lineHeight: '18px',
                  cursor: onPick ? 'pointer' : 'default',
                  fontWeight: day.kind === 'holiday' || day.kind === 'makeup_workday' ? 600 : 400,
                }}
              >
                {Number(day.date.slice(8, 10))}
                <div style={{ fontSize: 10, lineHeight: '12px', height: 12, overflow: 'hidden', whiteSpace: 'nowrap' }}>
                  {day.kind === 'holiday' ? t('calendar.off') : day.kind === 'makeup_workday' ? t('calendar.work') : ''}
                </div>
              </button>
            </Tooltip>
          ) : (
            <div key={`blank-${index}`} />
          ),
        )}
      </div>
    </Card>
  );
}

function OverrideModal({ day, year, onClose }: { day: CalendarDay; year: number; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const officialWork = day.officialKind === 'workday' || day.officialKind === 'makeup_workday';
  const [kind, setKind] = useState<OverrideKind>(day.override?.kind ?? (officialWork ? 'holiday' : 'workday'));
  const [note, setNote] = useState(day.override?.note ?? '');
  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarQueryKey(year) });

  const save = useMutation({
    mutationFn: () => putOverride(day.date, { kind, note: note.trim() }),
    onSuccess: async () => {
      message.success(t('calendar.overrideSaved'));
      await refresh();
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteOverride(day.date),
    onSuccess: async () => {
      message.success(t('calendar.officialCalendarRestored'));
      await refresh();
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('calendar.adjust', { date: day.date })}
      onCancel={onClose}
      footer={
        <Flex justify="space-between">
          <span>
            {day.override && (
              <Button danger loading={remove.isPending} onClick={() => remove.mutate()}>
                {t('calendar.removeOverride')}
                              </Button>
            )}
          </span>
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              {t('common.save')}
                          </Button>
          </Space>
        </Flex>
      }
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('calendar.official')}>
          <Tag color={day.officialKind === 'holiday' ? 'red' : day.officialKind === 'makeup_workday' ? 'blue' : 'default'}>
            {t(kindLabel[day.officialKind])}
          </Tag>
          {day.override === null && day.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('calendar.now')}>
          {t(kindLabel[day.kind])}
          {day.override ? t('calendar.adminOverride') : ''}
        </Descriptions.Item>
      </Descriptions>
      <Flex vertical gap={12}>
        <Radio.Group value={kind} onChange={(event) => setKind(event.target.value as OverrideKind)} optionType="button" buttonStyle="solid">
          <Radio.Button value="workday">{t('calendar.makeItAWorkday')}</Radio.Button>
          <Radio.Button value="holiday">{t('calendar.makeItADayOff')}</Radio.Button>
        </Radio.Group>
        <Input aria-label={t('calendar.noteEGNationalDay')} value={note} onChange={(event) => setNote(event.target.value)} maxLength={60} placeholder={t('calendar.noteEGNationalDay')} allowClear />
      </Flex>
    </Modal>
  );
}

function WorkdayCalculator() {
  const t = useT();
  const [from, setFrom] = useState<Dayjs | null>(businessToday());
  const [days, setDays] = useState<number | null>(2);
  const compute = useMutation({ mutationFn: () => addWorkdays(from!.format('YYYY-MM-DD'), days ?? 0) });
  return (
    <Card size="small" title={t('calendar.workdayCalculator')}>
      <Space wrap>
        <DatePicker aria-label={t('calendar.startDate')} value={from} onChange={setFrom} allowClear={false} />
        <span>{t('calendar.thenWorkdayNo')}</span>
        <InputNumber aria-label={t('calendar.workdaysToAdd')} value={days} onChange={setDays} min={-1000} max={1000} precision={0} style={{ width: 100 }} />
        <span>{t('calendar.workdays')}</span>
        <Button type="primary" disabled={!from} loading={compute.isPending} onClick={() => compute.mutate()}>
          {t('calendar.calculate')}
                  </Button>
        {compute.data && (
          <Typography.Text strong>
            = {compute.data.date}{t('calendar.text')}{' '}{compute.data.calendarDays} {t('calendar.calendarDaysApart')}
                      </Typography.Text>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
        {t('calendar.withinNWorkdaysCountsFrom')}
              </Typography.Paragraph>
    </Card>
  );
}

/** 工作日历 — the year view of working days, official holidays, make-up days and overrides. */
export function CalendarPage() {
  const t = useT();
  const { hasPermission } = useAuth();
  const canManage = hasPermission('system:manage');
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [picked, setPicked] = useState<CalendarDay | null>(null);
  const calendar = useCalendarYear(year);

  const months = useMemo(() => {
    const days = calendar.data?.days ?? [];
    return Array.from({ length: 12 }, (_, index) => days.filter((d) => Number(d.date.slice(5, 7)) === index + 1));
  }, [calendar.data]);

  return (
    <PageContainer
      title={t('menu.calendar')}
      subtitle={t('calendar.publicHolidaysAndMakeUp')}
      extra={
        <Space>
          <Button icon={<LeftOutlined />} onClick={() => setYear((y) => y - 1)} aria-label={t('calendar.previousYear')} />
          <InputNumber aria-label={t('calendar.year')} value={year} min={1990} max={2100} precision={0} onChange={(value) => value && setYear(value)} style={{ width: 100 }} />
          <Button icon={<RightOutlined />} onClick={() => setYear((y) => y + 1)} aria-label={t('calendar.nextYear')} />
        </Space>
      }
    >
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Legend />
        {calendar.data && (
          <Typography.Text>
            {year} {t('calendar.has')}{' '}<Typography.Text strong>{calendar.data.workdayCount}</Typography.Text> {t('calendar.workdays')}
                        {calendar.data.overrides.length > 0 && t('calendar.ofThemOverridden', { length: calendar.data.overrides.length })}
          </Typography.Text>
        )}
      </Flex>
      {calendar.data && !calendar.data.hasOfficialData && (
        <Alert
          type="warning"
          showIcon
          title={t('calendar.noOfficialHolidayCalendarFor', { year })}
          description={
            canManage
              ? t('calendar.onlyWeekendsCountForNow2')
              : t('calendar.onlyWeekendsCountForNow')
          }
        />
      )}
      <WorkdayCalculator />
      <Spin spinning={calendar.isLoading}>
        <Row gutter={[12, 12]}>
          {months.map((days, index) => (
            <Col key={index} xs={24} sm={12} lg={8} xxl={6}>
              <MonthGrid month={index + 1} days={days} onPick={canManage ? setPicked : undefined} />
            </Col>
          ))}
        </Row>
      </Spin>
      {picked && <OverrideModal day={picked} year={year} onClose={() => setPicked(null)} />}
    </PageContainer>
  );
}
