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
import dayjs, { type Dayjs } from 'dayjs';
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

const kindLabel: Record<DayKind, string> = {
  workday: '工作日',
  weekend: '周末',
  holiday: '节假日',
  makeup_workday: '调休上班',
};

const kindStyle: Record<DayKind, { background: string; color: string }> = {
  workday: { background: '#ffffff', color: 'rgba(0,0,0,0.88)' },
  weekend: { background: '#f0f0f0', color: '#8c8c8c' },
  holiday: { background: '#fff1f0', color: '#cf1322' },
  makeup_workday: { background: '#e6f4ff', color: '#0958d9' },
};
const overrideBorder = '#fa8c16';
const weekdayHeaders = ['一', '二', '三', '四', '五', '六', '日'];

function Legend() {
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
          <Typography.Text>{kindLabel[kind]}</Typography.Text>
        </Space>
      ))}
      <Space size={6}>
        <span style={{ display: 'inline-block', width: 16, height: 16, borderRadius: 3, border: `2px solid ${overrideBorder}` }} />
        <Typography.Text>管理员调整</Typography.Text>
      </Space>
    </Space>
  );
}

function dayTitle(day: CalendarDay): string {
  const parts = [day.date, kindLabel[day.kind]];
  if (day.name) parts.push(day.name);
  if (day.override) parts.push(`已调整为${day.override.kind === 'workday' ? '上班' : '休息'}${day.override.note ? `：${day.override.note}` : ''}`);
  return parts.join(' · ');
}

function MonthGrid({ month, days, onPick }: { month: number; days: CalendarDay[]; onPick?: (day: CalendarDay) => void }) {
  // Monday-first grid; getUTCDay of the first day gives the leading blanks.
  const first = days[0];
  const lead = first ? (new Date(`${first.date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
  const cells: (CalendarDay | null)[] = [...Array.from({ length: lead }, () => null), ...days];
  const workdays = days.filter((d) => d.isWorkday).length;
  return (
    <Card size="small" title={`${month} 月`} extra={<Typography.Text type="secondary">{workdays} 个工作日</Typography.Text>}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 3 }}>
        {weekdayHeaders.map((label) => (
          <div key={label} style={{ textAlign: 'center', fontSize: 12, color: '#8c8c8c' }}>
            {label}
          </div>
        ))}
        {cells.map((day, index) =>
          day ? (
            <Tooltip key={day.date} title={dayTitle(day)} mouseEnterDelay={0.3}>
              <button
                type="button"
                aria-label={dayTitle(day)}
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
                  {day.kind === 'holiday' ? '休' : day.kind === 'makeup_workday' ? '班' : ''}
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
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const officialWork = day.officialKind === 'workday' || day.officialKind === 'makeup_workday';
  const [kind, setKind] = useState<OverrideKind>(day.override?.kind ?? (officialWork ? 'holiday' : 'workday'));
  const [note, setNote] = useState(day.override?.note ?? '');
  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarQueryKey(year) });

  const save = useMutation({
    mutationFn: () => putOverride(day.date, { kind, note: note.trim() }),
    onSuccess: async () => {
      message.success('已保存调整');
      await refresh();
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteOverride(day.date),
    onSuccess: async () => {
      message.success('已恢复官方安排');
      await refresh();
      onClose();
    },
  });

  return (
    <Modal
      open
      title={`调整 ${day.date}`}
      onCancel={onClose}
      footer={
        <Flex justify="space-between">
          <span>
            {day.override && (
              <Button danger loading={remove.isPending} onClick={() => remove.mutate()}>
                撤销调整
              </Button>
            )}
          </span>
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              保存
            </Button>
          </Space>
        </Flex>
      }
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="官方安排">
          <Tag color={day.officialKind === 'holiday' ? 'red' : day.officialKind === 'makeup_workday' ? 'blue' : 'default'}>
            {kindLabel[day.officialKind]}
          </Tag>
          {day.override === null && day.name}
        </Descriptions.Item>
        <Descriptions.Item label="当前">
          {kindLabel[day.kind]}
          {day.override ? '（管理员调整）' : ''}
        </Descriptions.Item>
      </Descriptions>
      <Flex vertical gap={12}>
        <Radio.Group value={kind} onChange={(event) => setKind(event.target.value as OverrideKind)} optionType="button" buttonStyle="solid">
          <Radio.Button value="workday">设为上班</Radio.Button>
          <Radio.Button value="holiday">设为休息</Radio.Button>
        </Radio.Group>
        <Input value={note} onChange={(event) => setNote(event.target.value)} maxLength={60} placeholder="备注，如：2027 年国庆节、园区停电检修" allowClear />
      </Flex>
    </Modal>
  );
}

function WorkdayCalculator() {
  const [from, setFrom] = useState<Dayjs | null>(dayjs());
  const [days, setDays] = useState<number | null>(2);
  const compute = useMutation({ mutationFn: () => addWorkdays(from!.format('YYYY-MM-DD'), days ?? 0) });
  return (
    <Card size="small" title="工作日推算">
      <Space wrap>
        <DatePicker value={from} onChange={setFrom} allowClear={false} />
        <span>之后第</span>
        <InputNumber value={days} onChange={setDays} min={-1000} max={1000} precision={0} style={{ width: 100 }} />
        <span>个工作日</span>
        <Button type="primary" disabled={!from} loading={compute.isPending} onClick={() => compute.mutate()}>
          计算
        </Button>
        {compute.data && (
          <Typography.Text strong>
            = {compute.data.date}（相隔 {compute.data.calendarDays} 个自然日）
          </Typography.Text>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
        「N 个工作日内」从起算日的下一天开始数，起算日本身不计；0 表示起算日当天（遇休息日顺延）。
      </Typography.Paragraph>
    </Card>
  );
}

/** 工作日历 — the year view of working days, official holidays, make-up days and overrides. */
export function CalendarPage() {
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
      title="工作日历"
      subtitle="法定节假日与调休安排来自国务院办公厅通知；管理员可对任意日期调整上班或休息，调整优先于官方安排。"
      extra={
        <Space>
          <Button icon={<LeftOutlined />} onClick={() => setYear((y) => y - 1)} aria-label="上一年" />
          <InputNumber value={year} min={1990} max={2100} precision={0} onChange={(value) => value && setYear(value)} style={{ width: 100 }} />
          <Button icon={<RightOutlined />} onClick={() => setYear((y) => y + 1)} aria-label="下一年" />
        </Space>
      }
    >
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Legend />
        {calendar.data && (
          <Typography.Text>
            {year} 年共 <Typography.Text strong>{calendar.data.workdayCount}</Typography.Text> 个工作日
            {calendar.data.overrides.length > 0 && `，其中调整 ${calendar.data.overrides.length} 天`}
          </Typography.Text>
        )}
      </Flex>
      {calendar.data && !calendar.data.hasOfficialData && (
        <Alert
          type="warning"
          showIcon
          title={`尚无 ${year} 年的官方节假日安排`}
          description={
            canManage
              ? '目前只按周末计算。国务院公布安排后，可点击日期逐日设置休息与调休上班，或升级系统以获取新的节假日数据。'
              : '目前只按周末计算，管理员可补充节假日安排。'
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
