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
      message.success(`已保存视图「${view.name}」`);
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
      message.success(`已更新视图「${view.name}」`);
      await refresh();
    },
  });
  const toggleDefault = useMutation({
    mutationFn: (view: SavedView) => updateSavedView(view.id, { isDefault: !view.isDefault }),
    onSuccess: async (view) => {
      message.success(view.isDefault ? `「${view.name}」已设为默认视图` : '已取消默认视图');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => deleteSavedView(view.id),
    onSuccess: async () => {
      message.success('视图已删除');
      onClear();
      await refresh();
    },
  });

  const items = views.data?.items ?? [];
  const selected = items.find((view) => view.id === activeId);

  return (
    <Flex gap={4} align="center">
      <Select<number>
        allowClear
        placeholder="我的视图"
        value={selected?.id}
        loading={views.isLoading}
        onChange={(id) => {
          const view = items.find((candidate) => candidate.id === id);
          if (view) onApply(view);
          else onClear();
        }}
        options={items.map((view) => ({ value: view.id, label: view.isDefault ? `${view.name}（默认）` : view.name }))}
        style={{ width: 180 }}
        data-testid="customer-views"
      />
      {selected && (
        <>
          <Tooltip title="用当前筛选、列与排序覆盖此视图">
            <Button icon={<SaveOutlined />} aria-label="更新视图" loading={overwrite.isPending} onClick={() => overwrite.mutate(selected)} />
          </Tooltip>
          <Tooltip title={selected.isDefault ? '取消默认' : '设为默认视图'}>
            <Button
              icon={selected.isDefault ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
              aria-label="默认视图"
              loading={toggleDefault.isPending}
              onClick={() => toggleDefault.mutate(selected)}
            />
          </Tooltip>
          <Popconfirm title={`删除视图「${selected.name}」？`} onConfirm={() => remove.mutateAsync(selected)} okButtonProps={{ danger: true }}>
            <Button icon={<DeleteOutlined />} aria-label="删除视图" danger />
          </Popconfirm>
        </>
      )}
      <Button onClick={() => setSaving(true)}>保存为视图</Button>
      <Modal
        open={saving}
        title="保存当前列表视图"
        okText="保存"
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ isDefault: false }} onFinish={(values) => create.mutate(values)}>
          <Form.Item name="name" label="视图名称" rules={[{ required: true, whitespace: true, message: '请填写视图名称' }, { max: 40 }]}>
            <Input placeholder="如：我的重点客户" autoFocus />
          </Form.Item>
          <Form.Item name="isDefault" valuePropName="checked">
            <Checkbox>打开客户列表时默认使用此视图</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
