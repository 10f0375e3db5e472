import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Checkbox, DatePicker, Drawer, Flex, Form, Input, Radio, Select, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { searchCustomers } from '../../customers/search/list-api';
import { customerQueryKey } from '../../customers/archive/customers-api';
import { createVisit, getVisitOptions, proposalsQueryKey, visitMethodLabels, visitPlansQueryKey, visitsQueryKey, type VisitMethod } from './visits-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { TAG_SEPARATORS_WITH_SPACE } from '../../../ui/tag-input';
import { businessToday } from '../../../ui/business-date';

interface FormValues {
  customerId: number;
  visitDate: Dayjs;
  method: VisitMethod;
  contactId?: number;
  opportunityId?: number;
  planItemId?: number;
  participants: string[];
  content: string;
  feedback?: string;
  nextStep?: string;
  nextDate?: Dayjs | null;
  valid: boolean;
  progress: boolean;
}

/** Customer search select over the customers in my scope (name, pinyin, code, contact). */
export function CustomerSearchSelect({ value, onChange, initial }: { value?: number; onChange?: (id: number) => void; initial?: { id: number; name: string } }) {
  const t = useT();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['customers', 'search', q], queryFn: () => searchCustomers(q, 10), enabled: q.trim().length >= 2 });
  const options = (hits.data?.items ?? []).map((hit) => ({ value: hit.id, label: `${hit.name}（${hit.code}）` }));
  if (initial && !options.some((option) => option.value === initial.id)) options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select aria-label={t('development.visits.searchByCustomerNamePinyin')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('development.visits.searchByCustomerNamePinyin')}
      notFoundContent={
        hits.isFetching ? <Spin size="small" /> : q.trim().length >= 2 ? t('development.visits.noMatchingCustomer') : q.trim() ? t('development.visits.typeAtLeastTwo') : t('development.visits.pleaseTypeAKeyword')
      }
      options={options}
      data-testid="visit-customer"
    />
  );
}

/** 「记录拜访」 drawer (R-DEV-31): the report of one visit, call or message. */
export function VisitDrawer({ open, onClose, customer }: { open: boolean; onClose: () => void; customer?: { id: number; name: string } }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const customerId = Form.useWatch('customerId', form);
  const options = useQuery({ queryKey: ['development', 'visit-options', customerId], queryFn: () => getVisitOptions(customerId), enabled: Boolean(customerId) });

  const save = useMutation({
    mutationFn: (values: FormValues) =>
      createVisit({
        customerId: values.customerId,
        visitDate: values.visitDate.format('YYYY-MM-DD'),
        method: values.method,
        contactId: values.contactId ?? null,
        opportunityId: values.opportunityId ?? null,
        planItemId: values.planItemId ?? null,
        participants: values.participants ?? [],
        content: values.content.trim(),
        feedback: values.feedback?.trim() || null,
        nextStep: values.nextStep?.trim() || null,
        nextDate: values.nextDate ? values.nextDate.format('YYYY-MM-DD') : null,
        valid: values.valid,
        progress: values.progress,
      }),
    onSuccess: async (visit) => {
      message.success(visit.late ? t('development.visits.visitRecordedLateWasDue', { reportDueDate: visit.reportDueDate }) : t('development.visits.visitRecorded'));
      if (visit.removalProposalId) message.warning(t('development.visits.severalVisitsWithoutProgressRemoval'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: visitsQueryKey }),
        queryClient.invalidateQueries({ queryKey: visitPlansQueryKey }),
        queryClient.invalidateQueries({ queryKey: proposalsQueryKey }),
        queryClient.invalidateQueries({ queryKey: customerQueryKey(visit.customerId) }),
      ]);
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('development.visits.recordVisit')}
      size={560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="visit-save">
          {t('common.save')}
                  </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ customerId: customer?.id, visitDate: businessToday(), method: 'onsite', participants: [], valid: true, progress: false }}
        onFinish={(values) => save.mutate(values)}
        onValuesChange={(changed) => {
          if ('customerId' in changed) form.setFieldsValue({ contactId: undefined, opportunityId: undefined, planItemId: undefined });
        }}
      >
        <Form.Item name="customerId" label={t('audit.entity.customer')} rules={[{ required: true, message: t('development.visits.pleaseChooseACustomer') }]}>
          {customer ? <Select disabled options={[{ value: customer.id, label: customer.name }]} /> : <CustomerSearchSelect />}
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="visitDate" label={t('development.visits.visitDate')} rules={[{ required: true, message: t('development.visits.pleaseChooseTheVisitDate') }]} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(businessToday(), 'day')} data-testid="visit-date" />
          </Form.Item>
          <Form.Item name="method" label={t('development.visits.method')} rules={[{ required: true }]} style={{ flex: 2 }}>
            <Radio.Group
              optionType="button"
              size="small"
              options={Object.entries(visitMethodLabels).map(([value, label]) => ({ value, label: t(label) }))}
              data-testid="visit-method"
            />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="contactId" label={t('development.visits.contacts')} style={{ flex: 1 }}>
            <Select
              allowClear
              disabled={!customerId}
              placeholder={t('development.visits.optional')}
              options={(options.data?.contacts ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }))}
            />
          </Form.Item>
          <Form.Item name="opportunityId" label={t('development.visits.opportunity')} style={{ flex: 1 }}>
            <Select
              allowClear
              disabled={!customerId}
              placeholder={t('development.visits.optional')}
              options={(options.data?.opportunities ?? []).map((o) => ({ value: o.id, label: `${o.name}（${o.number}）` }))}
            />
          </Form.Item>
        </Flex>
        {(options.data?.planItems.length ?? 0) > 0 && (
          <Form.Item name="planItemId" label={t('development.visits.plannedVisitDone')} extra={t('development.visits.emptyMatchedToThisCustomer')}>
            <Select allowClear options={options.data!.planItems.map((item) => ({ value: item.id, label: `${item.plannedDate} ${item.purpose}` }))} />
          </Form.Item>
        )}
        <Form.Item name="participants" label={t('development.visits.participants')}>
          <Select mode="tags" tokenSeparators={TAG_SEPARATORS_WITH_SPACE} placeholder={t('development.visits.typeANameAndPress')} maxCount={20} />
        </Form.Item>
        <Form.Item name="content" label={t('development.visits.whatHappened')} rules={[{ required: true, whitespace: true, message: t('development.visits.pleaseDescribeTheVisit') }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="visit-content" />
        </Form.Item>
        <Form.Item name="feedback" label={t('development.visits.customerFeedback')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="nextStep" label={t('development.visits.nextStep2')} style={{ flex: 2 }}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="nextDate" label={t('development.visits.nextFollowUp2')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={24}>
          <Form.Item name="valid" valuePropName="checked" tooltip={t('development.visits.aValidFollowUpKeeps')}>
            <Checkbox>{t('development.visits.validFollowUp')}</Checkbox>
          </Form.Item>
          <Form.Item name="progress" valuePropName="checked" tooltip={t('development.visits.theVisitMovedThingsOn')}>
            <Checkbox>{t('development.visits.progressMade')}</Checkbox>
          </Form.Item>
        </Flex>
      </Form>
    </Drawer>
  );
}
