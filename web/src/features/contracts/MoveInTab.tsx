import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, DatePicker, Empty, Flex, Input, Popconfirm, Skeleton, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../app/i18n/LocaleProvider';
import { UserSelect } from '../users/UserSelect';
import { completeMoveInItem, confirmPayment, contractsKey, getMoveIn, startMoveIn, updateMoveInItem, type MoveIn } from './contracts-api';

// 入驻清单 (R-LEA-33): the move-in steps with owners and dates; keys wait for finance's
// confirmation of the deposit and first payment when the customer has no credit.

type Item = MoveIn['items'][number];

export function MoveInTab({ contractId }: { contractId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const key = [...contractsKey, contractId, 'move-in'];
  const moveIn = useQuery({ queryKey: key, queryFn: () => getMoveIn(contractId) });
  const onDone = (next: MoveIn) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: contractsKey });
  };
  const onError = (error: Error) => message.error(error.message);
  const start = useMutation({ mutationFn: () => startMoveIn(contractId), onSuccess: onDone, onError });
  const update = useMutation({ mutationFn: (input: { item: Item; change: { ownerId?: number; dueDate?: string; note?: string } }) => updateMoveInItem(contractId, input.item.id, input.change), onSuccess: onDone, onError });
  const complete = useMutation({ mutationFn: (item: Item) => completeMoveInItem(contractId, item.id), onSuccess: onDone, onError });
  const confirm = useMutation({ mutationFn: () => confirmPayment(contractId), onSuccess: onDone, onError });
  const data = moveIn.data;
  if (!data) return <Skeleton active />;
  return (
    <Flex vertical gap={12}>
      {data.customerHasCredit ? (
        <Alert type="info" showIcon title={t('contracts.moveIn.credit')} />
      ) : data.paymentConfirmedAt ? (
        <Alert type="success" showIcon title={t('contracts.moveIn.paymentConfirmed', { name: data.paymentConfirmedByName ?? '', at: dayjs(data.paymentConfirmedAt).format('YYYY-MM-DD HH:mm') })} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('contracts.moveIn.keysBlocked')}
          action={
            data.canConfirmPayment && (
              <Popconfirm title={t('contracts.moveIn.confirmPayment')} onConfirm={() => confirm.mutate()}>
                <Button size="small" loading={confirm.isPending} data-testid="move-in-confirm-payment">
                  {t('contracts.moveIn.confirmPayment')}
                </Button>
              </Popconfirm>
            )
          }
        />
      )}
      {data.items.length === 0 ? (
        <Empty description={t('contracts.moveIn.none')}>
          {data.canEdit && (
            <Button onClick={() => start.mutate()} loading={start.isPending}>
              {t('contracts.moveIn.start')}
            </Button>
          )}
        </Empty>
      ) : (
        <Table<Item>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.items}
          columns={[
            { title: t('contracts.moveIn.step'), dataIndex: 'name', width: 160 },
            {
              title: t('contracts.moveIn.owner'),
              width: 220,
              render: (_, item) =>
                data.canEdit && item.status === 'open' ? (
                  <UserSelect aria-label={t('contracts.moveIn.owner')} value={item.ownerId} initialLabel={item.ownerName} onChange={(ownerId) => ownerId && update.mutate({ item, change: { ownerId } })} style={{ width: 200 }} />
                ) : (
                  item.ownerName
                ),
            },
            {
              title: t('contracts.moveIn.due'),
              width: 160,
              render: (_, item) =>
                data.canEdit && item.status === 'open' ? (
                  <DatePicker aria-label={t('contracts.moveIn.due')} value={dayjs(item.dueDate)} allowClear={false} onChange={(value) => value && update.mutate({ item, change: { dueDate: value.format('YYYY-MM-DD') } })} />
                ) : (
                  item.dueDate
                ),
            },
            {
              title: t('contracts.moveIn.note'),
              render: (_, item) =>
                data.canEdit && item.status === 'open' ? (
                  <Input aria-label={t('contracts.moveIn.note')} defaultValue={item.note ?? ''} maxLength={1000} onBlur={(event) => event.target.value !== (item.note ?? '') && update.mutate({ item, change: { note: event.target.value } })} />
                ) : (
                  item.note
                ),
            },
            {
              title: t('contracts.moveIn.done'),
              width: 150,
              render: (_, item) =>
                item.status === 'done' ? (
                  <Tag color="green">{dayjs(item.doneAt).format('YYYY-MM-DD')}</Tag>
                ) : (
                  data.canEdit && (
                    <Button size="small" disabled={item.code === 'keys' && data.keysBlocked} loading={complete.isPending && complete.variables?.id === item.id} onClick={() => complete.mutate(item)} data-testid={`move-in-done-${item.code}`}>
                      {t('contracts.moveIn.markDone')}
                    </Button>
                  )
                ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
