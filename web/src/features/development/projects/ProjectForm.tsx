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
import { useT } from '../../../app/i18n/LocaleProvider';

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
  const t = useT();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['customer-search', q], queryFn: () => searchCustomers(q, 10), enabled: q.trim().length >= 2 });
  const options = (hits.data?.items ?? []).map((hit) => ({ value: hit.id, label: `${hit.name}（${hit.code}${hit.ownerName ? `，${hit.ownerName}` : ''}）` }));
  if (value && initialLabel && !options.some((option) => option.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select aria-label={t('development.projects.searchByCustomerNameCode')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('development.projects.searchByCustomerNameCode')}
      loading={hits.isFetching}
      options={options}
      notFoundContent={q.trim().length >= 2 ? t('development.projects.noCustomerFound') : null}
      data-testid="project-customer"
    />
  );
}

/** 申请立项 / 修改立项申请: the application with its budget lines. */
export function ProjectFormModal({ project, onClose, onSaved }: { project?: ProjectDetail; onClose: () => void; onSaved: (saved: ProjectDetail) => void }) {
  const t = useT();
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
      message.success(submitted ? t('development.projects.submittedForApprovalUnitManager') : t('development.projects.savedAsDraft'));
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
    : { budgetItems: [{ category: t('development.projects.travel'), amount: '' }], submitNow: true };

  return (
    <Modal
      open
      width={760}
      title={project ? t('development.projects.editApplication2', { number: project.number }) : t('development.projects.applyForAProject')}
      okText={t('common.save')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 12 }}>
        <Form.Item name="customerId" label={t('audit.entity.customer')} rules={[{ required: true, message: t('development.projects.pleaseChooseACustomer') }]}>
          {project ? <Select disabled options={[{ value: project.customerId, label: project.customerName }]} /> : <CustomerPicker />}
        </Form.Item>
        <Form.Item name="name" label={t('development.projects.projectName')} rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseEnterTheProjectName') }, { min: 2, max: 100 }]}>
          <Input maxLength={100} data-testid="project-name" />
        </Form.Item>
        <Form.Item name="background" label={t('development.projects.background')} rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseDescribeTheBackground') }, { max: 4000 }]}>
          <Input.TextArea rows={3} maxLength={4000} placeholder={t('development.projects.theCustomerItsNeedsThe')} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="expectedAnnualVolume" label={t('development.projects.expectedAnnualVolumeCny')} rules={[{ required: true, message: t('development.projects.pleaseEnterTheExpectedAnnual') }]} style={{ flex: 1 }}>
            <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="target" label={t('development.projects.target')} rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseEnterTheTarget') }, { max: 500 }]} style={{ flex: 2 }}>
            <Input maxLength={500} placeholder={t('development.projects.eGAThreeYear')} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('development.projects.budget2')}</Typography.Text>
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          {t('development.projects.total')}{' '}{formatMoney(total)} {t('development.projects.cnyEachItemMayExceed')}
                  </Typography.Text>
        <Form.List
          name="budgetItems"
          rules={[{ validator: async (_, value: unknown[]) => (value?.length ? undefined : Promise.reject(new Error(t('development.projects.atLeastOneBudgetItem')))) }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'category']} rules={[{ required: true, whitespace: true, message: t('development.projects.pleaseEnterTheItem') }]} style={{ width: 140 }}>
                    <AutoComplete aria-label={t('development.projects.item')} options={budgetCategories.map((value) => ({ value }))} placeholder={t('development.projects.item')} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} rules={[{ required: true, message: t('development.projects.pleaseEnterAnAmount') }]} style={{ width: 160 }}>
                    <InputNumber<string> aria-label={t('development.projects.budgetCny')} stringMode min="0.01" precision={2} placeholder={t('development.projects.budgetCny')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']} style={{ flex: 1 }}>
                    <Input aria-label={t('development.projects.noteOptional')} placeholder={t('development.projects.noteOptional')} maxLength={200} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length <= 1} aria-label={t('development.projects.removeItem')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ category: '', amount: '' })} block>
                {t('development.projects.addItem')}
                              </Button>
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>
        <Form.Item name="submitNow" valuePropName="checked" style={{ marginTop: 12, marginBottom: 0 }}>
          <Checkbox>{t('development.projects.submitForApprovalOnSaving')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
