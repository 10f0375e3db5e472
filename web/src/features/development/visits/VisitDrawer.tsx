import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Checkbox, DatePicker, Drawer, Flex, Form, Input, Radio, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { searchCustomers } from '../../customers/search/list-api';
import { customerQueryKey } from '../../customers/archive/customers-api';
import { createVisit, getVisitOptions, proposalsQueryKey, visitMethodLabels, visitPlansQueryKey, visitsQueryKey, type VisitMethod } from './visits-api';

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
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['customers', 'search', q], queryFn: () => searchCustomers(q, 10), enabled: q.trim().length > 0 });
  const options = (hits.data?.items ?? []).map((hit) => ({ value: hit.id, label: `${hit.name}（${hit.code}）` }));
  if (initial && !options.some((option) => option.value === initial.id)) options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder="输入客户名称、拼音首字母或编号搜索"
      notFoundContent={hits.isFetching ? <Spin size="small" /> : q ? '没有匹配的客户' : '请输入关键字'}
      options={options}
      data-testid="visit-customer"
    />
  );
}

/** 「记录拜访」 drawer (R-DEV-31): the report of one visit, call or message. */
export function VisitDrawer({ open, onClose, customer }: { open: boolean; onClose: () => void; customer?: { id: number; name: string } }) {
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
      message.success(visit.late ? `拜访已记录（迟报：应于 ${visit.reportDueDate} 前提交）` : '拜访已记录');
      if (visit.removalProposalId) message.warning('该客户多次拜访无进展，已建议经理将其移出拜访计划');
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
      title="记录拜访"
      size={560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="visit-save">
          保存
        </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ customerId: customer?.id, visitDate: dayjs(), method: 'onsite', participants: [], valid: true, progress: false }}
        onFinish={(values) => save.mutate(values)}
        onValuesChange={(changed) => {
          if ('customerId' in changed) form.setFieldsValue({ contactId: undefined, opportunityId: undefined, planItemId: undefined });
        }}
      >
        <Form.Item name="customerId" label="客户" rules={[{ required: true, message: '请选择客户' }]}>
          {customer ? <Select disabled options={[{ value: customer.id, label: customer.name }]} /> : <CustomerSearchSelect />}
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="visitDate" label="拜访日期" rules={[{ required: true, message: '请选择拜访日期' }]} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} data-testid="visit-date" />
          </Form.Item>
          <Form.Item name="method" label="方式" rules={[{ required: true }]} style={{ flex: 2 }}>
            <Radio.Group
              optionType="button"
              size="small"
              options={Object.entries(visitMethodLabels).map(([value, label]) => ({ value, label }))}
              data-testid="visit-method"
            />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="contactId" label="联系人" style={{ flex: 1 }}>
            <Select
              allowClear
              disabled={!customerId}
              placeholder="可选"
              options={(options.data?.contacts ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }))}
            />
          </Form.Item>
          <Form.Item name="opportunityId" label="关联商机" style={{ flex: 1 }}>
            <Select
              allowClear
              disabled={!customerId}
              placeholder="可选"
              options={(options.data?.opportunities ?? []).map((o) => ({ value: o.id, label: `${o.name}（${o.number}）` }))}
            />
          </Form.Item>
        </Flex>
        {(options.data?.planItems.length ?? 0) > 0 && (
          <Form.Item name="planItemId" label="完成的计划拜访" extra="不选时自动匹配本人已批准计划中该客户的拜访">
            <Select allowClear options={options.data!.planItems.map((item) => ({ value: item.id, label: `${item.plannedDate} ${item.purpose}` }))} />
          </Form.Item>
        )}
        <Form.Item name="participants" label="参与人">
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="输入姓名后回车" maxCount={20} />
        </Form.Item>
        <Form.Item name="content" label="拜访内容" rules={[{ required: true, whitespace: true, message: '请填写拜访内容' }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="visit-content" />
        </Form.Item>
        <Form.Item name="feedback" label="客户反馈">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="nextStep" label="下一步" style={{ flex: 2 }}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="nextDate" label="下次跟进日期" style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={24}>
          <Form.Item name="valid" valuePropName="checked" tooltip="有效跟进会延续客户归属；如电话未接通请取消勾选">
            <Checkbox>有效跟进</Checkbox>
          </Form.Item>
          <Form.Item name="progress" valuePropName="checked" tooltip="本次拜访推进了合作（如确认需求、约定看房）">
            <Checkbox>取得进展</Checkbox>
          </Form.Item>
        </Flex>
      </Form>
    </Drawer>
  );
}
