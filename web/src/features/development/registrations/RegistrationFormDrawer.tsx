import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Col, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../app/api-client';
import { formatDateTime } from '../../../ui/format';
import { searchCustomers } from '../../customers/search/list-api';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import {
  createRegistration,
  exclusiveRightQueryKey,
  registrationsQueryKey,
  searchPool,
  useExclusiveRight,
  type CreateRegistrationBody,
  type Registration,
} from './registrations-api';

interface FormValues {
  mode: 'existing' | 'new';
  customerId?: number;
  newCustomer?: { name: string; uscc?: string; industryCode?: string; sourceCode?: string; contactName?: string; contactMobile?: string };
  intendedBusiness: string;
  plan: string;
  expectedValue?: number | null;
}

/** Field errors from the server: `newCustomer.name` → the nested form item. */
function applyErrors(form: FormInstance<FormValues>, error: unknown): boolean {
  if (!isApiError(error) || error.fieldErrors.length === 0) return false;
  const known = new Set(['customerId', 'intendedBusiness', 'plan', 'expectedValue', 'newCustomer.name', 'newCustomer.uscc', 'newCustomer.industryCode', 'newCustomer.sourceCode']);
  const placed = error.fieldErrors.filter((item) => known.has(item.field));
  form.setFields(placed.map((item) => ({ name: item.field.split('.') as never, errors: [item.message] })));
  return placed.length > 0;
}

/** Visible customers and pool customers (公海) in one search box. */
function CustomerPicker({ value, onChange, initial }: { value?: number; onChange?: (id: number) => void; initial?: { id: number; name: string } }) {
  const [q, setQ] = useState('');
  const enabled = q.trim().length >= 2;
  const visible = useQuery({ queryKey: ['customer-search', q], queryFn: () => searchCustomers(q, 8), enabled, meta: { silent: true } });
  const pool = useQuery({ queryKey: ['development', 'pool-search', q], queryFn: () => searchPool(q), enabled, meta: { silent: true } });
  const mine = (visible.data?.items ?? []).map((hit) => ({
    value: hit.id,
    label: `${hit.name}（${hit.code}，${hit.ownerName ? `负责人 ${hit.ownerName}` : '公海'}）`,
  }));
  const seen = new Set(mine.map((option) => option.value));
  const fromPool = (pool.data?.items ?? []).filter((hit) => !seen.has(hit.id)).map((hit) => ({ value: hit.id, label: `${hit.name}（公海${hit.city ? `，${hit.city}` : ''}）` }));
  const options = [
    ...(initial && !seen.has(initial.id) ? [{ label: '当前客户', options: [{ value: initial.id, label: initial.name }] }] : []),
    ...(mine.length ? [{ label: '我可见的客户', options: mine }] : []),
    ...(fromPool.length ? [{ label: '公海客户（报备即取得）', options: fromPool }] : []),
  ];
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder="输入客户名称、编号或拼音搜索（至少 2 个字）"
      loading={visible.isFetching || pool.isFetching}
      options={options}
      notFoundContent={enabled ? '没有找到客户，可改为「新客户」直接报备' : null}
      data-testid="registration-customer"
    />
  );
}

function HolderWarning({ customerId }: { customerId?: number }) {
  const right = useExclusiveRight(customerId).data?.right;
  if (!right) return null;
  const until = right.until ? `独家开发期至 ${formatDateTime(right.until)}` : '报备正在审批中';
  return <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`该客户已由 ${right.holderName}（${right.unitName}）报备（${right.number}），${until}`} />;
}

/** 新建报备: an existing customer (mine or from the pool) or a new prospect (建档 with 查重). */
export function RegistrationFormDrawer({
  open,
  onClose,
  customer,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  customer?: { id: number; name: string };
  onCreated?: (registration: Registration) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const mode = Form.useWatch('mode', form) ?? 'existing';
  const customerId = Form.useWatch('customerId', form);
  const industries = useDictionaryItems('industry');
  const sources = useDictionaryItems('customer_source');

  useEffect(() => {
    if (open) {
      form.resetFields();
      setRefusal(null);
      form.setFieldsValue({ mode: 'existing', customerId: customer?.id });
    }
  }, [open, customer, form]);

  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const prospect = values.newCustomer;
      const body: CreateRegistrationBody = {
        intendedBusiness: values.intendedBusiness.trim(),
        plan: values.plan.trim(),
        expectedValue: values.expectedValue ?? null,
        ...(values.mode === 'existing'
          ? { customerId: values.customerId }
          : {
              newCustomer: {
                name: prospect!.name.trim(),
                uscc: prospect?.uscc?.trim() || null,
                industryCode: prospect?.industryCode ?? null,
                sourceCode: prospect?.sourceCode ?? null,
                contact: prospect?.contactName?.trim() ? { name: prospect.contactName.trim(), mobile: prospect.contactMobile?.trim() || null } : null,
              },
            }),
      };
      return createRegistration(body);
    },
    meta: { silent: true },
    onSuccess: async (created) => {
      message.success(`已提交报备 ${created.number}，等待审批`);
      await queryClient.invalidateQueries({ queryKey: registrationsQueryKey });
      await queryClient.invalidateQueries({ queryKey: exclusiveRightQueryKey(created.customerId) });
      onCreated?.(created);
      onClose();
    },
    onError: (error) => {
      const detail = error instanceof Error ? error.message : String(error);
      applyErrors(form, error);
      setRefusal(detail);
    },
  });

  const options = (query: typeof industries) => (query.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }));
  return (
    <Drawer
      title="新建报备"
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="registration-submit">
            提交报备
          </Button>
        </Space>
      }
    >
      {refusal && <Alert type="error" showIcon closable style={{ marginBottom: 16 }} title="报备未能提交" description={refusal} data-testid="registration-refusal" />}
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={(values) => save.mutate(values)} onValuesChange={() => setRefusal(null)}>
        {!customer && (
          <Form.Item name="mode" label="报备对象">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'existing', label: '已有客户 / 公海客户' },
                { value: 'new', label: '新客户（同时建档）' },
              ]}
            />
          </Form.Item>
        )}
        {mode === 'existing' ? (
          <>
            <Form.Item name="customerId" label="客户" rules={[{ required: true, message: '请选择客户' }]}>
              {customer ? <Select disabled options={[{ value: customer.id, label: customer.name }]} /> : <CustomerPicker />}
            </Form.Item>
            <HolderWarning customerId={customerId} />
          </>
        ) : (
          <>
            <Form.Item name={['newCustomer', 'name']} label="客户名称" rules={[{ required: true, message: '请填写客户名称' }, { min: 2, message: '客户名称至少 2 个字' }]}>
              <Input maxLength={100} placeholder="营业执照上的全称，系统自动查重" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'uscc']} label="统一社会信用代码">
                  <Input maxLength={18} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'industryCode']} label="行业">
                  <Select allowClear options={options(industries)} loading={industries.isLoading} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'sourceCode']} label="客户来源">
                  <Select allowClear options={options(sources)} loading={sources.isLoading} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'contactName']} label="联系人">
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['newCustomer', 'contactMobile']} label="联系人手机" rules={[{ pattern: /^1[3-9]\d{9}$/, message: '手机号应为 11 位数字' }]}>
                  <Input maxLength={11} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        <Form.Item name="intendedBusiness" label="意向业务" rules={[{ required: true, message: '请填写意向业务' }]}>
          <Input maxLength={200} placeholder="如：仓储租赁 5000㎡、办公入驻" />
        </Form.Item>
        <Form.Item name="plan" label="开发计划" rules={[{ required: true, message: '请填写开发计划' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="拜访安排、报价节点、关键联系人等" />
        </Form.Item>
        <Form.Item name="expectedValue" label="预计价值（元）">
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
