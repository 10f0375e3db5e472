import { DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Flex, Input, Modal, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, buildQueryString } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { money } from './billing-api';
import { businessToday } from '../../ui/business-date';

interface Entry {
  date: string;
  kind: string;
  kindName: string;
  reference: string;
  debit: string;
  credit: string;
  balance: string;
}
interface Statement {
  opening: string;
  entries: Entry[];
  debits: string;
  credits: string;
  closing: string;
}
interface Sent {
  id: number;
  from: string;
  to: string;
  opening: string;
  closing: string;
  status: 'sent' | 'confirmed' | 'disputed';
  response: string | null;
}
const statusColor: Record<Sent['status'], string> = { sent: 'blue', confirmed: 'green', disputed: 'red' };

/** 对账单 (R-BIL-08) on the customer's account tab: view a period, export, send, record the answer. */
export function StatementPanel({ customerId }: { customerId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [range, setRange] = useState<[string, string]>([businessToday().startOf('year').format('YYYY-MM-DD'), businessToday().format('YYYY-MM-DD')]);
  const [disputing, setDisputing] = useState<Sent>();
  const [reason, setReason] = useState('');
  const query = { from: range[0], to: range[1] };
  const statement = useQuery({ queryKey: ['statement', customerId, ...range], queryFn: () => api.get<Statement>(`/customers/${customerId}/statement`, query) });
  const sent = useQuery({ queryKey: ['statements', customerId], queryFn: () => api.get<Sent[]>(`/customers/${customerId}/statements`) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['statements', customerId] });
  const send = useMutation({ mutationFn: () => api.post<Sent>(`/customers/${customerId}/statements`, query), onSuccess: async () => { message.success(t('statements.sent')); await refresh(); }, onError: (error: Error) => message.error(error.message) });
  const answer = useMutation({
    mutationFn: ({ id, kind, response }: { id: number; kind: 'confirm' | 'dispute'; response?: string }) => api.post<Sent>(`/account-statements/${id}/${kind}`, { response }),
    onSuccess: async () => {
      setDisputing(undefined);
      setReason('');
      await refresh();
    },
    onError: (error: Error) => message.error(error.message),
  });
  const s = statement.data;
  return (
    <Card size="small" title={t('statements.title')}>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          aria-label={t('statements.period')}
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(days) => days?.[0] && days[1] && setRange([days[0].format('YYYY-MM-DD'), days[1].format('YYYY-MM-DD')])}
        />
        <Button icon={<DownloadOutlined />} href={`/api/v1/customers/${customerId}/statement/export${buildQueryString(query)}`}>
          {t('billing.export')}
        </Button>
        {hasPermission('billing:write') && (
          <Button icon={<SendOutlined />} loading={send.isPending} onClick={() => send.mutate()} data-testid="statement-send">
            {t('statements.send')}
          </Button>
        )}
      </Flex>
      {s && (
        <Table<Entry>
          rowKey={(row) => `${row.date}-${row.kind}-${row.reference}`}
          size="small"
          pagination={false}
          dataSource={s.entries}
          columns={[
            { title: t('statements.date'), dataIndex: 'date', width: 110 },
            { title: t('statements.kind'), dataIndex: 'kindName', width: 100 },
            { title: t('statements.reference'), dataIndex: 'reference' },
            { title: t('statements.debit'), dataIndex: 'debit', width: 120, align: 'right', render: money },
            { title: t('statements.credit'), dataIndex: 'credit', width: 120, align: 'right', render: money },
            { title: t('statements.balance'), dataIndex: 'balance', width: 130, align: 'right', render: money },
          ]}
          title={() => <Typography.Text>{t('statements.opening', { amount: money(s.opening) })}</Typography.Text>}
          footer={() => <Typography.Text strong>{t('statements.closing', { debits: money(s.debits), credits: money(s.credits), amount: money(s.closing) })}</Typography.Text>}
        />
      )}
      {(sent.data?.length ?? 0) > 0 && (
        <Table<Sent>
          style={{ marginTop: 12 }}
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={sent.data}
          columns={[
            { title: t('statements.period'), key: 'period', render: (_, row) => `${row.from} ~ ${row.to}` },
            { title: t('statements.balance'), dataIndex: 'closing', width: 130, align: 'right', render: money },
            {
              title: t('bills.settlement'),
              key: 'status',
              render: (_, row) => (
                <Flex gap={4} align="center" wrap>
                  <Tag color={statusColor[row.status]}>{t(`statements.status.${row.status}`)}</Tag>
                  {row.response}
                  {row.status === 'sent' && hasPermission('billing:write') && (
                    <>
                      <Button size="small" onClick={() => answer.mutate({ id: row.id, kind: 'confirm' })}>
                        {t('statements.confirm')}
                      </Button>
                      <Button size="small" danger onClick={() => setDisputing(row)}>
                        {t('statements.dispute')}
                      </Button>
                    </>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      )}
      <Modal open={Boolean(disputing)} title={t('statements.dispute')} onOk={() => disputing && answer.mutate({ id: disputing.id, kind: 'dispute', response: reason })} onCancel={() => setDisputing(undefined)} destroyOnHidden>
        <Input.TextArea rows={3} maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} aria-label={t('statements.disputeReason')} placeholder={t('statements.disputeReason')} />
      </Modal>
    </Card>
  );
}
