import { App as AntdApp, Button, DatePicker, Descriptions, Drawer, Flex, Form, Input, Modal, Popconfirm, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { CustomerSearchSelect } from '../development/visits/VisitDrawer';
import { SpaceFormModal } from './SpaceFormModal';
import { MergeModal, SplitModal } from './SplitMergeModals';
import { DepositModal } from '../contracts/DepositModal';
import { getSpace, releaseReservation, reserveUnit, spacesKey, statusLabels, unitTypeLabels, type Occupant } from './spaces-api';
import { businessToday } from '../../ui/business-date';

interface ReserveValues {
  customerId: number;
  period: [Dayjs, Dayjs];
  note?: string;
}

function ReserveModal({ unitId, onClose }: { unitId: number; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReserveValues>();
  const mutation = useMutation({
    mutationFn: (values: ReserveValues) =>
      reserveUnit(unitId, { customerId: values.customerId, startDate: values.period[0].format('YYYY-MM-DD'), endDate: values.period[1].format('YYYY-MM-DD'), note: values.note?.trim() || null }),
    onSuccess: async () => {
      message.success(t('spaces.reserved'));
      await queryClient.invalidateQueries({ queryKey: spacesKey });
      onClose();
    },
    onError: (error) => {
      // The two dates are one range picker here.
      if (isApiError(error)) {
        const dates = error.fieldErrors.filter((item) => item.field === 'startDate' || item.field === 'endDate');
        if (dates.length) form.setFields([{ name: 'period', errors: dates.map((item) => item.message) }]);
      }
      applyServerFieldErrors(form, error);
    },
  });
  return (
    <Modal open title={t('spaces.reserve')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} okText={t('spaces.reserve')} destroyOnHidden>
      <Form<ReserveValues> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} initialValues={{ period: [businessToday(), businessToday().add(30, 'day')] }}>
        <Form.Item name="customerId" label={t('spaces.customer')} rules={[{ required: true, message: t('spaces.chooseCustomer') }]}>
          <CustomerSearchSelect />
        </Form.Item>
        <Form.Item name="period" label={t('spaces.reservePeriod')} rules={[{ required: true, message: t('spaces.choosePeriod') }]} extra={t('spaces.reserveHint')}>
          <DatePicker.RangePicker aria-label={t('spaces.reservePeriod')} disabledDate={(day) => day.isBefore(businessToday(), 'day')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('spaces.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A unit: its facts, its state on the chosen day and every reservation and lease it had (R-LEA-01…04). */
export function UnitDrawer({ id, date, onClose }: { id: number; date: string; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [reserving, setReserving] = useState(false);
  const [editing, setEditing] = useState(false);
  const [splitting, setSplitting] = useState(false);
  const [merging, setMerging] = useState(false);
  const [depositFor, setDepositFor] = useState<number | null>(null);
  const space = useQuery({ queryKey: [...spacesKey, 'detail', id, date], queryFn: () => getSpace(id, date) });
  const release = useMutation({
    mutationFn: releaseReservation,
    onSuccess: async () => {
      message.success(t('spaces.released'));
      await queryClient.invalidateQueries({ queryKey: spacesKey });
    },
  });
  const data = space.data;
  const columns: TableColumnsType<Occupant> = [
    { title: t('spaces.kind'), key: 'kind', width: 90, render: (_, row) => (row.kind === 'lease' ? <Tag color="blue">{t('spaces.lease')}</Tag> : <Tag color="gold">{t('spaces.status.reserved')}</Tag>) },
    { title: t('spaces.reference'), dataIndex: 'reference', key: 'reference', width: 140, render: (value: string, row: Occupant) => (row.contractId ? <Link to={`/contracts/${row.contractId}`}>{value}</Link> : value) },
    { title: t('spaces.customer'), dataIndex: 'customerName', key: 'customer' },
    { title: t('spaces.period'), key: 'period', width: 200, render: (_, row) => `${row.startDate} ~ ${row.endDate}` },
    {
      title: t('spaces.state'),
      key: 'state',
      width: 190,
      render: (_, row) =>
        row.released ? (
          <Typography.Text type="secondary">{row.releaseReason === 'expired' ? t('spaces.release.expired') : row.releaseReason === 'void' ? t('spaces.release.void') : t('spaces.release.cancelled')}</Typography.Text>
        ) : row.canRelease || (row.kind === 'reservation' && !row.contractId && hasPermission('billing:write')) ? (
          <Flex gap={4}>
            {row.kind === 'reservation' && !row.contractId && hasPermission('billing:write') && (
              <Button size="small" onClick={() => setDepositFor(row.id)} data-testid={`reservation-deposit-${row.id}`}>
                {t('deposits.record')}
              </Button>
            )}
            {row.canRelease && (
              <Popconfirm title={t('spaces.releaseConfirm')} onConfirm={() => release.mutate(row.id)}>
                <Button size="small" danger>
                  {t('spaces.release')}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Drawer open width={720} onClose={onClose} title={data ? `${data.fullCode} ${data.name}` : t('spaces.unit')} destroyOnHidden
      extra={
        data && (
          <Flex gap={8}>
            {hasPermission('development:write') && data.level === 'unit' && (data.status === 'vacant' || data.status === 'reserved') && (
              <Button type="primary" onClick={() => setReserving(true)} data-testid="unit-reserve">
                {t('spaces.reserve')}
              </Button>
            )}
            {hasPermission('contract:write') && data.level === 'unit' && !data.retired && data.condition === 'available' && (
              <Link to={`/contracts/new?spaceId=${data.id}`}>
                <Button data-testid="unit-draft-contract">{t('contracts.new')}</Button>
              </Link>
            )}
            {hasPermission('space:manage') && !data.retired && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
            {hasPermission('space:manage') && !data.retired && data.level === 'unit' && <Button onClick={() => setSplitting(true)}>{t('spaces.split')}</Button>}
            {hasPermission('space:manage') && !data.retired && data.level === 'unit' && <Button onClick={() => setMerging(true)}>{t('spaces.merge')}</Button>}
          </Flex>
        )
      }
    >
      {!data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('spaces.state')}>
              <Tag color={statusLabels[data.status].color}>{t(statusLabels[data.status].label)}</Tag>
              <Typography.Text type="secondary">{t('spaces.onDate', { date })}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.unitType')}>{data.unitType ? t(unitTypeLabels[data.unitType]) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.usableArea')}>{data.usableArea ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.grossArea')}>{data.grossArea ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.floorLoad')}>{data.floorLoad ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.ceilingHeight')}>{data.ceilingHeight ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.listRent')}>
              {data.listRent ? `${data.listRent} ${data.rentBasis === 'month' ? t('spaces.perMonth') : t('spaces.perDay')}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.availableFrom')}>{data.availableFrom}</Descriptions.Item>
            <Descriptions.Item label={t('spaces.field.facilities')} span={2}>
              {data.facilities.length ? data.facilities.map((item) => <Tag key={item}>{item}</Tag>) : '—'}
            </Descriptions.Item>
            {data.occupant && (
              <Descriptions.Item label={t('spaces.holder')} span={2}>
                {data.occupant.customerName} · {data.occupant.contractId ? <Link to={`/contracts/${data.occupant.contractId}`}>{data.occupant.reference}</Link> : data.occupant.reference} · {data.occupant.startDate} ~ {data.occupant.endDate}
              </Descriptions.Item>
            )}
            {data.vacantSince && <Descriptions.Item label={t('spaces.field.vacantSince')} span={2}>{data.vacantSince}</Descriptions.Item>}
            {data.predecessors.length > 0 && (
              <Descriptions.Item label={t('spaces.predecessors')} span={2}>
                {data.predecessors.map((item) => item.fullCode).join(t('common.listSeparator'))}
              </Descriptions.Item>
            )}
            {data.successors.length > 0 && (
              <Descriptions.Item label={t('spaces.successors')} span={2}>
                {data.successors.map((item) => item.fullCode).join(t('common.listSeparator'))}
              </Descriptions.Item>
            )}
            {data.note && <Descriptions.Item label={t('spaces.note')} span={2}>{data.note}</Descriptions.Item>}
          </Descriptions>
          <div>
            <Typography.Title level={2} style={{ fontSize: 15 }}>
              {t('spaces.history')}
            </Typography.Title>
            <Table<Occupant> rowKey="id" size="small" columns={columns} dataSource={data.history} pagination={false} locale={{ emptyText: t('spaces.noHistory') }} />
          </div>
        </Flex>
      )}
      {reserving && <ReserveModal unitId={id} onClose={() => setReserving(false)} />}
      {depositFor !== null && <DepositModal reservationId={depositFor} onClose={() => setDepositFor(null)} />}
      {editing && data && <SpaceFormModal space={data} onClose={() => setEditing(false)} />}
      {splitting && data && <SplitModal unit={data} onClose={() => { setSplitting(false); onClose(); }} />}
      {merging && data && <MergeModal unit={data} onClose={() => { setMerging(false); onClose(); }} />}
    </Drawer>
  );
}
