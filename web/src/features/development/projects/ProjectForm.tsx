import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, AutoComplete, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Select, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../../app/api-client';
import { searchCustomers } from '../../customers/search/list-api';
import {
  budgetCategories,
  createProject,
  formatMoney,
  projectsPrefix,
  submitProject,
  updateProject,
  type ProjectBody,
  type ProjectDetail,
} from './projects-api';

interface FormValues {
  customerId: number;
  name: string;
  background: string;
  expectedAnnualVolume: string;
  target: string;
  budgetItems: { category: string; amount: string; note?: string }[];
  submitNow?: boolean;
}

/** Server field paths like `budgetItems.0.amount` go under the matching Form.List field. */
function applyFieldErrors(form: FormInstance<FormValues>, error: unknown): void {
  if (!isApiError(error) || error.fieldErrors.length === 0) return;
  form.setFields(
    error.fieldErrors.map((item) => ({
      name: item.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) as never,
      errors: [item.message],
    })),
  );
}

function CustomerPicker({ value, onChange, initialLabel }: { value?: number; onChange?: (id: number) => void; initialLabel?: string }) {
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['customer-search', q], queryFn: () => searchCustomers(q, 10), enabled: q.trim().length >= 2 });
  const options = (hits.data?.items ?? []).map((hit) => ({ value: hit.id, label: `${hit.name}（${hit.code}${hit.ownerName ? `，${hit.ownerName}` : ''}）` }));
  if (value && initialLabel && !options.some((option) => option.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder="输入客户名称、编号或拼音搜索（至少 2 个字）"
      loading={hits.isFetching}
      options={options}
      notFoundContent={q.trim().length >= 2 ? '没有找到客户' : null}
      data-testid="project-customer"
    />
  );
}

/** 申请立项 / 修改立项申请: the application with its budget lines. */
export function ProjectFormModal({ project, onClose, onSaved }: { project?: ProjectDetail; onClose: () => void; onSaved: (saved: ProjectDetail) => void }) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const items = Form.useWatch('budgetItems', form) ?? [];
  const total = items.reduce((sum, item) => sum + (Number(item?.amount) || 0), 0);
  const mutation = useMutation({
    mutationFn: async (values: FormValues) => {
      const body: ProjectBody = {
        customerId: values.customerId,
        name: values.name.trim(),
        background: values.background.trim(),
        expectedAnnualVolume: String(values.expectedAnnualVolume),
        target: values.target.trim(),
        budgetItems: values.budgetItems.map((item) => ({ category: item.category.trim(), amount: String(item.amount), note: item.note?.trim() || null })),
      };
      const { customerId, ...changes } = body;
      let saved = project ? await updateProject(project.id, changes) : await createProject({ ...changes, customerId });
      if (values.submitNow) saved = await submitProject(saved.id);
      return { saved, submitted: Boolean(values.submitNow) };
    },
    onSuccess: async ({ saved, submitted }) => {
      message.success(submitted ? '已提交立项审批（部门负责人 → 评审小组）' : '立项申请已保存为草稿');
      await queryClient.invalidateQueries({ queryKey: projectsPrefix });
      onSaved(saved);
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  const initialValues: Partial<FormValues> = project
    ? {
        customerId: project.customerId,
        name: project.name,
        background: project.background,
        expectedAnnualVolume: project.expectedAnnualVolume,
        target: project.target ?? '',
        budgetItems: project.budgetItems.map((item) => ({ category: item.category, amount: item.amount, note: item.note ?? undefined })),
        submitNow: false,
      }
    : { budgetItems: [{ category: '差旅', amount: '' }], submitNow: true };

  return (
    <Modal
      open
      width={760}
      title={project ? `修改立项申请 ${project.number}` : '申请立项'}
      okText="保存"
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 12 }}>
        <Form.Item name="customerId" label="客户" rules={[{ required: true, message: '请选择客户' }]}>
          {project ? <Select disabled options={[{ value: project.customerId, label: project.customerName }]} /> : <CustomerPicker />}
        </Form.Item>
        <Form.Item name="name" label="立项名称" rules={[{ required: true, whitespace: true, message: '请填写立项名称' }, { min: 2, max: 100 }]}>
          <Input maxLength={100} data-testid="project-name" />
        </Form.Item>
        <Form.Item name="background" label="立项背景" rules={[{ required: true, whitespace: true, message: '请填写立项背景' }, { max: 4000 }]}>
          <Input.TextArea rows={3} maxLength={4000} placeholder="客户情况、需求、竞争态势、开发思路" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="expectedAnnualVolume" label="预计年业务量（元）" rules={[{ required: true, message: '请填写预计年业务量' }]} style={{ flex: 1 }}>
            <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="target" label="开发目标" rules={[{ required: true, whitespace: true, message: '请填写开发目标' }, { max: 500 }]} style={{ flex: 2 }}>
            <Input maxLength={500} placeholder="如：签订 2 万平米三年期租赁合同" />
          </Form.Item>
        </Flex>
        <Typography.Text strong>预算明细</Typography.Text>
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          合计 {formatMoney(total)} 元；每项费用最多超出预算 5%，取得突破前费用合计受单位上限（默认 30,000 元）限制
        </Typography.Text>
        <Form.List
          name="budgetItems"
          rules={[{ validator: async (_, value: unknown[]) => (value?.length ? undefined : Promise.reject(new Error('至少填写一项预算'))) }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'category']} rules={[{ required: true, whitespace: true, message: '请填写科目' }]} style={{ width: 140 }}>
                    <AutoComplete options={budgetCategories.map((value) => ({ value }))} placeholder="科目" maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} rules={[{ required: true, message: '请填写金额' }]} style={{ width: 160 }}>
                    <InputNumber<string> stringMode min="0.01" precision={2} placeholder="预算金额（元）" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']} style={{ flex: 1 }}>
                    <Input placeholder="说明（选填）" maxLength={200} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length <= 1} aria-label="删除预算项" />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ category: '', amount: '' })} block>
                添加预算项
              </Button>
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>
        <Form.Item name="submitNow" valuePropName="checked" style={{ marginTop: 12, marginBottom: 0 }}>
          <Checkbox>保存后立即提交审批（部门负责人初审 → 评审小组审批）</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
