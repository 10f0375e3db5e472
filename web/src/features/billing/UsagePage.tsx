import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, List, Modal, Popconfirm, Radio, Select, Table, Tag, Upload, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, isApiError, upload } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable, type PageParams, type PageResult } from '../../ui/use-server-table';
import { CustomerPicker } from '../customers/search/CustomerPicker';
import { useDictionaryItems } from '../dictionaries/dictionaries-api';
import { money } from './billing-api';
import { businessToday } from '../../ui/business-date';

interface Usage {
  id: number;
  customerId: number;
  customerName: string;
  itemName: string;
  period: string;
  meterCode: string | null;
  quantity: string;
  unitPrice: string;
  amount: string;
  explanation: string;
  status: 'pending' | 'billed' | 'void';
  billId: number | null;
}
interface Filters {
  status?: Usage['status'];
}
type Values = { customerId: number; item: string; period: dayjs.Dayjs; mode: 'meter' | 'quantity'; meterCode?: string; previousReading?: string; currentReading?: string; multiplier?: string; quantity?: string; unitPrice: string };
const key = ['usage-charges'];
const statusColor: Record<Usage['status'], string> = { pending: 'gold', billed: 'green', void: 'default' };

/** 用量登记 (R-BIL-03): meter readings and quantities per customer and month, billed with the next bill. */
export function UsagePage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [importRows, setImportRows] = useState<{ row: number; column: string; message: string }[]>();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const items = useDictionaryItems('charge_item');
  const { tableProps, filters, setFilters } = useServerTable<Usage, Filters>({ queryKey: key, fetchPage: (params: PageParams & Filters) => api.get<PageResult<Usage>>('/usage-charges', { ...params }), initialFilters: { status: 'pending' } });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.post<Usage>('/usage-charges', {
        customerId: v.customerId,
        item: v.item,
        period: v.period.format('YYYY-MM'),
        unitPrice: v.unitPrice,
        ...(v.mode === 'meter' ? { meterCode: v.meterCode, previousReading: v.previousReading || undefined, currentReading: v.currentReading, multiplier: v.multiplier || undefined } : { quantity: v.quantity }),
      }),
    onSuccess: async (usage) => {
      message.success(t('usage.created', { amount: money(usage.amount) }));
      setCreating(false);
      form.resetFields();
      await refresh();
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const cancel = useMutation({
    mutationFn: (id: number) => api.post<Usage>(`/usage-charges/${id}/void`, { reason: t('usage.voidReason') }),
    onSuccess: refresh,
    onError: (error: Error) => message.error(error.message),
  });
  const importFile = async (file: File) => {
    const body = new FormData();
    body.append('file', file);
    setImportRows(undefined);
    try {
      const result = await upload<{ rows: number; amount: string }>('/usage-charges/import', body);
      message.success(t('usage.imported', { rows: result.rows, amount: money(result.amount) }));
      await refresh();
    } catch (error) {
      message.error((error as Error).message);
      if (isApiError(error) && Array.isArray(error.problem.rows)) setImportRows(error.problem.rows as { row: number; column: string; message: string }[]);
    }
    return false;
  };
  const columns: TableColumnsType<Usage> = [
    { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    { title: t('bills.period'), dataIndex: 'period', width: 90 },
    { title: t('bills.item'), dataIndex: 'itemName', width: 110 },
    { title: t('usage.meterCode'), dataIndex: 'meterCode', width: 100 },
    { title: t('billing.amount'), dataIndex: 'amount', width: 110, align: 'right', render: money },
    { title: t('bills.explanation'), dataIndex: 'explanation' },
    {
      title: t('bills.settlement'),
      key: 'status',
      width: 150,
      render: (_, row) => (
        <Flex gap={4} align="center">
          <Tag color={statusColor[row.status]}>{t(`usage.status.${row.status}`)}</Tag>
          {row.billId && <Link to={`/billing/bills/${row.billId}`}>{t('bills.detail')}</Link>}
          {row.status === 'pending' && hasPermission('billing:write') && (
            <Popconfirm title={t('usage.void')} onConfirm={() => cancel.mutate(row.id)}>
              <Button size="small" type="link" danger>
                {t('usage.void')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      ),
    },
  ];
  return (
    <PageContainer
      title={t('usage.title')}
      subtitle={t('usage.subtitle')}
      extra={
        hasPermission('billing:write') && (
          <>
            <Button icon={<DownloadOutlined />} href="/api/v1/usage-charges/import-template">
              {t('usage.template')}
            </Button>
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={importFile}>
              <Button icon={<UploadOutlined />} data-testid="usage-import">
                {t('usage.import')}
              </Button>
            </Upload>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="usage-create">
              {t('usage.create')}
            </Button>
          </>
        )
      }
    >
      {importRows && (
        <Alert type="error" showIcon closable onClose={() => setImportRows(undefined)} message={t('usage.importRejected')} description={<List size="small" dataSource={importRows} renderItem={(r) => <List.Item>{t('usage.rowProblem', r)}</List.Item>} />} />
      )}
      <Card size="small">
        <Select<Usage['status']>
          aria-label={t('bills.settlement')}
          allowClear
          placeholder={t('bills.settlement')}
          style={{ width: 140 }}
          value={filters.status}
          onChange={(status) => setFilters({ status })}
          options={(['pending', 'billed', 'void'] as const).map((value) => ({ value, label: t(`usage.status.${value}`) }))}
        />
      </Card>
      <Table<Usage> {...tableProps} columns={columns} size="small" />
      <Modal open={creating} title={t('usage.create')} okText={t('common.save')} okButtonProps={{ loading: create.isPending }} onOk={() => form.validateFields().then(() => create.mutate(form.getFieldsValue(true) as Values))} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<Values> form={form} layout="vertical" initialValues={{ mode: 'meter', period: businessToday(), multiplier: '1' }}>
          <Form.Item name="customerId" label={t('billing.customer')} rules={[{ required: true, message: t('common.selectRequired', { label: t('billing.customer') }) }]}>
            <CustomerPicker testId="usage-customer" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="item" label={t('bills.item')} rules={[{ required: true, message: t('common.selectRequired', { label: t('bills.item') }) }]} style={{ flex: 1 }}>
              <Select aria-label={t('bills.item')} options={(items.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} />
            </Form.Item>
            <Form.Item name="period" label={t('bills.period')} rules={[{ required: true }]}>
              <DatePicker picker="month" allowClear={false} aria-label={t('bills.period')} />
            </Form.Item>
          </Flex>
          <Form.Item name="mode">
            <Radio.Group options={[{ value: 'meter', label: t('usage.mode.meter') }, { value: 'quantity', label: t('usage.mode.quantity') }]} />
          </Form.Item>
          {mode === 'quantity' ? (
            <Form.Item name="quantity" label={t('usage.quantity')} rules={[{ required: true, message: t('common.required', { label: t('usage.quantity') }) }]}>
              <InputNumber<string> stringMode min="0" precision={4} style={{ width: 200 }} aria-label={t('usage.quantity')} />
            </Form.Item>
          ) : (
            <Flex gap={12} wrap>
              <Form.Item name="meterCode" label={t('usage.meterCode')} rules={[{ required: true, message: t('common.required', { label: t('usage.meterCode') }) }]}>
                <Input maxLength={40} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="previousReading" label={t('usage.previousReading')} tooltip={t('usage.previousHelp')}>
                <InputNumber<string> stringMode min="0" precision={2} style={{ width: 140 }} aria-label={t('usage.previousReading')} />
              </Form.Item>
              <Form.Item name="currentReading" label={t('usage.currentReading')} rules={[{ required: true, message: t('common.required', { label: t('usage.currentReading') }) }]}>
                <InputNumber<string> stringMode min="0" precision={2} style={{ width: 140 }} aria-label={t('usage.currentReading')} />
              </Form.Item>
              <Form.Item name="multiplier" label={t('usage.multiplier')}>
                <InputNumber<string> stringMode min="0" precision={4} style={{ width: 100 }} aria-label={t('usage.multiplier')} />
              </Form.Item>
            </Flex>
          )}
          <Form.Item name="unitPrice" label={t('usage.unitPrice')} rules={[{ required: true, message: t('common.required', { label: t('usage.unitPrice') }) }]}>
            <InputNumber<string> stringMode min="0" precision={4} style={{ width: 200 }} aria-label={t('usage.unitPrice')} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
