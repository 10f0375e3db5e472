import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Table, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { getTree } from '../spaces/spaces-api';
import { incentivesKey, listIncentivePackages, type IncentivePackage } from './incentives-api';

type NewPackage = { projectId: number; name: string; freeMonths: number; validFrom: Dayjs; validTo?: Dayjs | null; note?: string };

/** 标准优惠政策 (R-LEA-35): each project's packages; contracts take them without a further approval. */
export function IncentivePackagesPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewPackage>();
  const manage = hasPermission('space:manage');
  const packages = useQuery({ queryKey: incentivesKey, queryFn: listIncentivePackages });
  const tree = useQuery({ queryKey: ['spaces', 'tree'], queryFn: getTree, enabled: manage });
  const projects = (tree.data?.items ?? []).filter((node) => node.parentId === null);
  const onError = (error: Error) => {
    if (!applyServerFieldErrors(form, error)) message.error(error.message);
  };
  const create = useMutation({
    mutationFn: (values: NewPackage) => api.post<IncentivePackage>('/incentive-packages', { ...values, validFrom: values.validFrom.format('YYYY-MM-DD'), validTo: values.validTo ? values.validTo.format('YYYY-MM-DD') : null }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setCreating(false);
      await queryClient.invalidateQueries({ queryKey: incentivesKey });
    },
    onError,
  });
  const toggle = useMutation({
    mutationFn: (row: IncentivePackage) => api.patch<IncentivePackage>(`/incentive-packages/${row.id}`, { active: !row.active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: incentivesKey }),
    onError: (error: Error) => message.error(error.message),
  });
  const columns: TableColumnsType<IncentivePackage> = [
    { title: t('incentives.project'), dataIndex: 'projectName', width: 180 },
    { title: t('incentives.name'), dataIndex: 'name' },
    { title: t('incentives.freeMonths'), dataIndex: 'freeMonths', width: 110, align: 'right' },
    { title: t('incentives.validity'), key: 'validity', width: 220, render: (_, row) => `${row.validFrom} ~ ${row.validTo ?? t('incentives.open')}` },
    { title: t('incentives.status'), key: 'active', width: 90, render: (_, row) => <Tag color={row.active ? 'green' : 'default'}>{t(row.active ? 'incentives.active' : 'incentives.stopped')}</Tag> },
    ...(manage ? [{ title: '', key: 'actions', width: 90, render: (_: unknown, row: IncentivePackage) => <Button size="small" onClick={() => toggle.mutate(row)}>{t(row.active ? 'incentives.stop' : 'incentives.resume')}</Button> }] : []),
  ];
  const required = (label: string) => [{ required: true, message: t('common.required', { label }) }];
  return (
    <PageContainer
      title={t('incentives.title')}
      subtitle={t('incentives.subtitle')}
      extra={manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setCreating(true); }}>{t('incentives.new')}</Button>}
    >
      <Card size="small">
        <Table<IncentivePackage> rowKey="id" size="small" loading={packages.isLoading} dataSource={packages.data ?? []} columns={columns} pagination={false} />
      </Card>
      <Modal open={creating} title={t('incentives.new')} okButtonProps={{ loading: create.isPending }} onOk={() => form.validateFields().then((values) => create.mutate(values))} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form<NewPackage> form={form} layout="vertical" initialValues={{ freeMonths: 1 }}>
          <Form.Item name="projectId" label={t('incentives.project')} rules={required(t('incentives.project'))}>
            <Select aria-label={t('incentives.project')} options={projects.map((p) => ({ value: p.id, label: `${p.name}（${p.code}）` }))} />
          </Form.Item>
          <Form.Item name="name" label={t('incentives.name')} rules={required(t('incentives.name'))}><Input maxLength={60} placeholder={t('incentives.namePlaceholder')} /></Form.Item>
          <Form.Item name="freeMonths" label={t('incentives.freeMonths')} rules={required(t('incentives.freeMonths'))}><InputNumber aria-label={t('incentives.freeMonths')} min={0} max={24} precision={0} /></Form.Item>
          <Form.Item name="validFrom" label={t('incentives.validFrom')} rules={required(t('incentives.validFrom'))}><DatePicker aria-label={t('incentives.validFrom')} /></Form.Item>
          <Form.Item name="validTo" label={t('incentives.validTo')}><DatePicker aria-label={t('incentives.validTo')} /></Form.Item>
          <Form.Item name="note" label={t('incentives.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
