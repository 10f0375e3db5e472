import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { searchCustomers } from '../../customers/search/list-api';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import { createOpportunity, intentLevelOptions, opportunitiesQueryKey, type IntentLevel, type Opportunity } from './opportunities-api';
import { useT } from '../../../app/i18n/LocaleProvider';

interface FormValues {
  customerId: number;
  name: string;
  spaceTypeCode: string;
  area?: number | null;
  budget?: number | null;
  amount?: number | null;
  probability?: number | null;
  expectedSignDate?: Dayjs | null;
  intentLevel?: IntentLevel;
  note?: string;
}

/** Finds a customer by name, code, pinyin or contact (the customer search of R-CUS-06). */
function CustomerSearchSelect({ value, onChange }: { value?: number; onChange?: (value: number) => void }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);
  const hits = useQuery({
    queryKey: ['customers', 'search', 'opportunity-picker', debounced],
    queryFn: () => searchCustomers(debounced, 10),
    enabled: debounced.length >= 2,
    meta: { silent: true },
  });
  const options = useMemo(
    () => (hits.data?.items ?? []).map((hit) => ({ value: hit.id, label: `${hit.name}（${hit.code}${hit.ownerName ? ` · ${hit.ownerName}` : ''}）` })),
    [hits.data],
  );
  return (
    <Select<number> aria-label={t('development.opportunities.customerNameCodeOrPinyin')}
      value={value}
      onChange={onChange}
      options={options}
      loading={hits.isFetching}
      placeholder={t('development.opportunities.customerNameCodeOrPinyin')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={debounced.length < 2 ? t('development.opportunities.enterAtLeast2Characters') : hits.isFetching ? t('development.opportunities.searching') : t('development.opportunities.noCustomerFound')}
    />
  );
}

const decimal = (value: number | null | undefined) => (value === null || value === undefined ? null : String(value));

/** 新建商机 — the customer is fixed when opened from a customer's page. */
export function OpportunityFormModal({
  open,
  onClose,
  customer,
  defaultIntentLevel,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  customer?: { id: number; name: string };
  defaultIntentLevel?: IntentLevel | null;
  onCreated?: (opportunity: Opportunity) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const spaceTypes = useDictionaryItems('space_type');

  useEffect(() => {
    if (open) {
      form.resetFields();
      if (customer) form.setFieldsValue({ customerId: customer.id });
      if (defaultIntentLevel) form.setFieldsValue({ intentLevel: defaultIntentLevel });
    }
  }, [open, customer, defaultIntentLevel, form]);

  const save = useMutation({
    mutationFn: (values: FormValues) =>
      createOpportunity({
        customerId: values.customerId,
        name: values.name,
        spaceTypeCode: values.spaceTypeCode,
        area: decimal(values.area),
        budget: decimal(values.budget),
        amount: decimal(values.amount),
        ...(values.probability === null || values.probability === undefined ? {} : { probability: values.probability }),
        expectedSignDate: values.expectedSignDate ? values.expectedSignDate.format('YYYY-MM-DD') : null,
        ...(values.intentLevel ? { intentLevel: values.intentLevel } : {}),
        note: values.note?.trim() || null,
      }),
    meta: { silent: true },
    onSuccess: async (created) => {
      message.success(t('development.opportunities.opportunityCreated', { number: created.number }));
      await queryClient.invalidateQueries({ queryKey: opportunitiesQueryKey });
      onCreated?.(created);
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });

  const money = { min: 0, precision: 2, style: { width: '100%' } } as const;
  return (
    <Modal title={t('development.opportunities.newOpportunity')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('development.opportunities.create')} confirmLoading={save.isPending} width={680} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)} requiredMark="optional">
        <Form.Item name="customerId" label={t('audit.entity.customer')} rules={[{ required: true, message: t('development.opportunities.pleaseChooseACustomer') }]}>
          {customer ? <Select disabled options={[{ value: customer.id, label: customer.name }]} /> : <CustomerSearchSelect />}
        </Form.Item>
        <Form.Item name="name" label={t('development.opportunities.opportunityName')} rules={[{ required: true, message: t('development.opportunities.pleaseEnterTheOpportunityName') }, { min: 2, message: t('development.opportunities.theOpportunityNameNeedsAt') }]}>
          <Input maxLength={100} placeholder={t('development.opportunities.eG5000M')} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="spaceTypeCode" label={t('development.opportunities.spaceTypeNeeded')} rules={[{ required: true, message: t('development.opportunities.pleaseChooseTheSpaceType') }]}>
              <Select options={(spaceTypes.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} loading={spaceTypes.isLoading} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="area" label={t('development.opportunities.areaNeededM')}>
              <InputNumber {...money} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="budget" label={t('development.opportunities.customerBudgetCny')}>
              <InputNumber {...money} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="amount" label={t('development.opportunities.expectedAmountCny')}>
              <InputNumber {...money} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="probability" label={t('development.opportunities.probability3')} tooltip={t('development.opportunities.emptyTheStageSDefault')}>
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="expectedSignDate" label={t('development.opportunities.expectedSigningDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="intentLevel" label={t('development.opportunities.intentLevel')} tooltip={t('development.opportunities.setsHowOftenToFollow')}>
              <Select allowClear options={intentLevelOptions.map((option) => ({ ...option, label: t(option.label) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('development.opportunities.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
