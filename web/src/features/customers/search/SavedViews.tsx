import { DeleteOutlined, SaveOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Checkbox, Flex, Form, Input, Modal, Popconfirm, Select, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  savedViewsQueryKey,
  updateSavedView,
  type CustomerFilters,
  type SavedView,
} from './list-api';
import { useT } from '../../../app/i18n/LocaleProvider';

export interface ListViewState {
  filters: CustomerFilters;
  columns: string[];
  sort: string | null;
}

interface SavedViewsProps {
  current: ListViewState;
  /** The view applied last (kept by the page, which remounts the table to apply a view). */
  activeId: number | undefined;
  onApply: (view: SavedView) => void;
  onClear: () => void;
  /** Apply the user's default view when the page opens without its own filters. */
  applyDefault: boolean;
}

/** 保存的视图 (R-PLT-62): pick one of my views, save the current filters/columns/sort, set a default, delete. */
export function SavedViews({ current, activeId, onApply, onClear, applyDefault }: SavedViewsProps) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string; isDefault: boolean }>();
  const views = useQuery({ queryKey: savedViewsQueryKey, queryFn: listSavedViews });

  useEffect(() => {
    const preferred = views.data?.items.find((view) => view.isDefault);
    if (applyDefault && preferred) onApply(preferred);
  }, [views.data, applyDefault, onApply]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: savedViewsQueryKey });
  const create = useMutation({
    mutationFn: (values: { name: string; isDefault: boolean }) => createSavedView({ ...current, ...values }),
    onSuccess: async (view) => {
      message.success(t('customers.search.viewSaved', { name: view.name }));
      setSaving(false);
      form.resetFields();
      await refresh();
      onApply(view);
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const overwrite = useMutation({
    mutationFn: (view: SavedView) => updateSavedView(view.id, current),
    onSuccess: async (view) => {
      message.success(t('customers.search.viewUpdated', { name: view.name }));
      await refresh();
    },
  });
  const toggleDefault = useMutation({
    mutationFn: (view: SavedView) => updateSavedView(view.id, { isDefault: !view.isDefault }),
    onSuccess: async (view) => {
      message.success(view.isDefault ? t('customers.search.isNowTheDefaultView', { name: view.name }) : t('customers.search.defaultViewRemoved'));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => deleteSavedView(view.id),
    onSuccess: async () => {
      message.success(t('customers.search.viewDeleted'));
      onClear();
      await refresh();
    },
  });

  const items = views.data?.items ?? [];
  const selected = items.find((view) => view.id === activeId);

  return (
    <Flex gap={4} align="center">
      <Select<number> aria-label={t('customers.search.myViews')}
        allowClear
        placeholder={t('customers.search.myViews')}
        value={selected?.id}
        loading={views.isLoading}
        onChange={(id) => {
          const view = items.find((candidate) => candidate.id === id);
          if (view) onApply(view);
          else onClear();
        }}
        options={items.map((view) => ({ value: view.id, label: view.isDefault ? t('customers.search.default', { name: view.name }) : view.name }))}
        style={{ width: 180 }}
        data-testid="customer-views"
      />
      {selected && (
        <>
          <Tooltip title={t('customers.search.overwriteThisViewWithThe')}>
            <Button icon={<SaveOutlined />} aria-label={t('customers.search.updateView')} loading={overwrite.isPending} onClick={() => overwrite.mutate(selected)} />
          </Tooltip>
          <Tooltip title={selected.isDefault ? t('customers.search.removeDefault') : t('customers.search.makeDefault')}>
            <Button
              icon={selected.isDefault ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
              aria-label={t('customers.search.defaultView')}
              loading={toggleDefault.isPending}
              onClick={() => toggleDefault.mutate(selected)}
            />
          </Tooltip>
          <Popconfirm title={t('customers.search.deleteView2', { name: selected.name })} onConfirm={() => remove.mutateAsync(selected)} okButtonProps={{ danger: true }}>
            <Button icon={<DeleteOutlined />} aria-label={t('customers.search.deleteView')} danger />
          </Popconfirm>
        </>
      )}
      <Button onClick={() => setSaving(true)}>{t('customers.search.saveAsView')}</Button>
      <Modal
        open={saving}
        title={t('customers.search.saveTheCurrentListView')}
        okText={t('common.save')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ isDefault: false }} onFinish={(values) => create.mutate(values)}>
          <Form.Item name="name" label={t('customers.search.viewName')} rules={[{ required: true, whitespace: true, message: t('customers.search.pleaseEnterAViewName') }, { max: 40 }]}>
            <Input placeholder={t('customers.search.eGMyKeyAccounts')} autoFocus />
          </Form.Item>
          <Form.Item name="isDefault" valuePropName="checked">
            <Checkbox>{t('customers.search.openTheCustomerListWith')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
