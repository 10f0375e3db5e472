import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Input, Switch, Table } from 'antd';
import { useState } from 'react';
import { api, apiRequest } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';

interface ChargeSetting {
  item: string;
  itemName: string;
  taxRate: string;
  revenue: boolean;
}
const key = ['billing-charge-settings'];

/** 税率与收入口径 (R-BIL-01, 14): each charge item's VAT rate and whether it counts as revenue. */
export function ChargeSettingsPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [edits, setEdits] = useState<Record<string, Partial<ChargeSetting>>>({});
  const list = useQuery({ queryKey: key, queryFn: () => api.get<ChargeSetting[]>('/billing/charge-settings') });
  const save = useMutation({
    mutationFn: (row: ChargeSetting) => apiRequest<ChargeSetting>(`/billing/charge-settings/${row.item}`, { method: 'PUT', body: { taxRate: row.taxRate, revenue: row.revenue } }),
    onSuccess: async (row) => {
      message.success(t('common.saved'));
      setEdits(({ [row.item]: _done, ...rest }) => rest);
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error: Error) => message.error(error.message),
  });
  const current = (row: ChargeSetting): ChargeSetting => ({ ...row, ...edits[row.item] });
  const edit = (item: string, change: Partial<ChargeSetting>) => setEdits((all) => ({ ...all, [item]: { ...all[item], ...change } }));
  return (
    <PageContainer title={t('chargeSettings.title')} subtitle={t('chargeSettings.subtitle')}>
      <Table<ChargeSetting>
        rowKey="item"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('bills.item'), key: 'item', render: (_, row) => `${row.itemName} (${row.item})` },
          {
            title: t('chargeSettings.taxRate'),
            key: 'taxRate',
            width: 160,
            render: (_, row) => <Input aria-label={`${row.itemName} ${t('chargeSettings.taxRate')}`} value={current(row).taxRate} onChange={(event) => edit(row.item, { taxRate: event.target.value })} style={{ width: 120 }} />,
          },
          {
            title: t('chargeSettings.revenue'),
            key: 'revenue',
            width: 140,
            render: (_, row) => <Switch aria-label={`${row.itemName} ${t('chargeSettings.revenue')}`} checked={current(row).revenue} onChange={(revenue) => edit(row.item, { revenue })} />,
          },
          {
            title: t('common.actions'),
            key: 'save',
            width: 100,
            render: (_, row) => (
              <Button size="small" type="primary" disabled={!edits[row.item]} loading={save.isPending && save.variables?.item === row.item} onClick={() => save.mutate(current(row))}>
                {t('common.save')}
              </Button>
            ),
          },
        ]}
      />
    </PageContainer>
  );
}
