import { DeleteOutlined, SaveOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Checkbox, Flex, Form, Input, Modal, Popconfirm, Select, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../app/api-client';
import { useT } from '../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from './form-errors';

export interface ListViewState<F> {
  filters: F;
  columns: string[];
  sort: string | null;
}
export interface SavedView<F> extends ListViewState<F> {
  id: number;
  name: string;
  isDefault: boolean;
  createdAt: string;
}

interface SavedViewsProps<F> {
  /** The list's views endpoint, e.g. `/contract-views`. */
  path: string;
  current: ListViewState<F>;
  /** The view applied last (kept by the page). */
  activeId: number | undefined;
  onApply: (view: SavedView<F>) => void;
  onClear: () => void;
  /** Apply the user's default view when the page opens without its own filters. */
  applyDefault: boolean;
  testId?: string;
}

/** 保存的视图 (R-PLT-62) of any list: pick one of my views, save the current filters/columns/sort, set a default, delete. */
export function SavedViews<F>({ path, current, activeId, onApply, onClear, applyDefault, testId }: SavedViewsProps<F>) {
  const t = useT();
  const savedViewsQueryKey = ['saved-views', path];
  const listSavedViews = () => api.get<{ items: SavedView<F>[] }>(path);
  const createSavedView = (body: ListViewState<F> & { name: string; isDefault: boolean }) => api.post<SavedView<F>>(path, body);
  const updateSavedView = (id: number, body: Partial<ListViewState<F> & { name: string; isDefault: boolean }>) => api.patch<SavedView<F>>(`${path}/${id}`, body);
  const deleteSavedView = (id: number) => api.delete<void>(`${path}/${id}`);
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
      message.success(t('views.viewSaved', { name: view.name }));
      setSaving(false);
      form.resetFields();
      await refresh();
      onApply(view);
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const overwrite = useMutation({
    mutationFn: (view: SavedView<F>) => updateSavedView(view.id, current),
    onSuccess: async (view) => {
      message.success(t('views.viewUpdated', { name: view.name }));
      await refresh();
    },
  });
  const toggleDefault = useMutation({
    mutationFn: (view: SavedView<F>) => updateSavedView(view.id, { isDefault: !view.isDefault }),
    onSuccess: async (view) => {
      message.success(view.isDefault ? t('views.isNowDefault', { name: view.name }) : t('views.defaultViewRemoved'));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (view: SavedView<F>) => deleteSavedView(view.id),
    onSuccess: async () => {
      message.success(t('views.viewDeleted'));
      onClear();
      await refresh();
    },
  });

  const items = views.data?.items ?? [];
  const selected = items.find((view) => view.id === activeId);

  return (
    <Flex gap={4} align="center">
      <Select<number> aria-label={t('views.myViews')}
        allowClear
        placeholder={t('views.myViews')}
        value={selected?.id}
        loading={views.isLoading}
        onChange={(id) => {
          const view = items.find((candidate) => candidate.id === id);
          if (view) onApply(view);
          else onClear();
        }}
        options={items.map((view) => ({ value: view.id, label: view.isDefault ? t('views.default', { name: view.name }) : view.name }))}
        style={{ width: 180 }}
        data-testid={testId}
      />
      {selected && (
        <>
          <Tooltip title={t('views.overwrite')}>
            <Button icon={<SaveOutlined />} aria-label={t('views.updateView')} loading={overwrite.isPending} onClick={() => overwrite.mutate(selected)} />
          </Tooltip>
          <Tooltip title={selected.isDefault ? t('views.removeDefault') : t('views.makeDefault')}>
            <Button
              icon={selected.isDefault ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
              aria-label={t('views.defaultView')}
              loading={toggleDefault.isPending}
              onClick={() => toggleDefault.mutate(selected)}
            />
          </Tooltip>
          <Popconfirm title={t('views.deleteView2', { name: selected.name })} onConfirm={() => remove.mutateAsync(selected)} okButtonProps={{ danger: true }}>
            <Button icon={<DeleteOutlined />} aria-label={t('views.deleteView')} danger />
          </Popconfirm>
        </>
      )}
      <Button onClick={() => setSaving(true)}>{t('views.saveAsView')}</Button>
      <Modal
        open={saving}
        title={t('views.saveCurrent')}
        okText={t('common.save')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ isDefault: false }} onFinish={(values) => create.mutate(values)}>
          <Form.Item name="name" label={t('views.viewName')} rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }, { max: 40 }]}>
            <Input placeholder={t('views.namePlaceholder')} autoFocus />
          </Form.Item>
          <Form.Item name="isDefault" valuePropName="checked">
            <Checkbox>{t('views.openWithThisView')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
