import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App as AntdApp,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Menu,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useAuth } from '../../app/auth-context';
import { PageContainer } from '../../ui/PageContainer';
import { applyServerFieldErrors } from '../../ui/form-errors';
import {
  createDictionaryItem,
  deleteDictionaryItem,
  reorderDictionaryItems,
  updateDictionaryItem,
  useDictionaries,
  useDictionaryItems,
  type Dictionary,
  type DictionaryItem,
} from './dictionaries-api';

interface ItemRow extends DictionaryItem {
  children?: ItemRow[];
}

interface ItemFormValues {
  code: string;
  label: string;
  labelEn?: string;
  parentCode?: string | null;
  enabled: boolean;
}

function ItemFormModal({
  dictionary,
  item,
  parents,
  defaultParent,
  onClose,
}: {
  dictionary: Dictionary;
  item?: DictionaryItem;
  parents: DictionaryItem[];
  defaultParent?: string | null;
  onClose: () => void;
}) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ItemFormValues>();
  const editing = item !== undefined;
  const save = useMutation({
    mutationFn: (values: ItemFormValues) => {
      const body = {
        label: values.label.trim(),
        labelEn: values.labelEn?.trim() ?? '',
        ...(dictionary.hierarchical ? { parentCode: values.parentCode ?? null } : {}),
        enabled: values.enabled,
      };
      return editing ? updateDictionaryItem(dictionary.code, item.id, body) : createDictionaryItem(dictionary.code, { code: values.code.trim(), ...body });
    },
    meta: { silent: true },
    onSuccess: async () => {
      message.success(editing ? '已保存' : '已新增');
      await queryClient.invalidateQueries({ queryKey: ['dictionaries'] });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal open title={editing ? `编辑「${item.label}」` : `新增「${dictionary.name}」项目`} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending}>
      <Form
        form={form}
        layout="vertical"
        initialValues={item ? { ...item } : { enabled: true, parentCode: defaultParent ?? null }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="code"
          label="编码"
          extra={editing ? '编码创建后不能修改' : '以字母或数字开头，最多 40 位字母、数字、点、下划线或连字符'}
          rules={[
            { required: true, message: '请填写编码' },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, message: '编码格式不正确' },
          ]}
        >
          <Input disabled={editing} maxLength={40} />
        </Form.Item>
        <Form.Item name="label" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="labelEn" label="英文名称">
          <Input maxLength={120} />
        </Form.Item>
        {dictionary.hierarchical && (
          <Form.Item name="parentCode" label="上级项目">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="顶级项目"
              options={parents.filter((p) => p.code !== item?.code).map((p) => ({ value: p.code, label: `${p.code} ${p.label}` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="enabled" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EditorState = { mode: 'create'; parentCode?: string | null } | { mode: 'edit'; item: DictionaryItem } | null;

function ItemsPanel({ dictionary, canManage }: { dictionary: Dictionary; canManage: boolean }) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const items = useDictionaryItems(dictionary.code, canManage);
  const [editor, setEditor] = useState<EditorState>(null);
  const [filter, setFilter] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['dictionaries'] });

  const list = useMemo(() => items.data?.items ?? [], [items.data]);
  const rows = useMemo<ItemRow[]>(() => {
    const needle = filter.trim().toLowerCase();
    const matches = (i: DictionaryItem) => !needle || i.code.toLowerCase().includes(needle) || i.label.toLowerCase().includes(needle) || i.labelEn.toLowerCase().includes(needle);
    if (!dictionary.hierarchical) return list.filter(matches);
    const codes = new Set(list.map((i) => i.code));
    const roots = list.filter((i) => !i.parentCode || !codes.has(i.parentCode));
    return roots
      .map((root) => {
        const children = list.filter((i) => i.parentCode === root.code);
        const shown = matches(root) ? children : children.filter(matches);
        return { ...root, children: shown.length ? shown : undefined };
      })
      .filter((root) => matches(root) || root.children);
  }, [list, dictionary.hierarchical, filter]);
  const parents = useMemo(() => list.filter((i) => !i.parentCode), [list]);
  const siblingsOf = (item: DictionaryItem) => list.filter((i) => (i.parentCode ?? null) === (item.parentCode ?? null));

  const toggle = useMutation({
    mutationFn: ({ item, enabled }: { item: DictionaryItem; enabled: boolean }) => updateDictionaryItem(dictionary.code, item.id, { enabled }),
    onSuccess: async (item) => {
      message.success(item.enabled ? `已启用「${item.label}」` : `已停用「${item.label}」`);
      await refresh();
    },
  });
  const move = useMutation({
    mutationFn: ({ item, delta }: { item: DictionaryItem; delta: -1 | 1 }) => {
      const ids = siblingsOf(item).map((i) => i.id);
      const index = ids.indexOf(item.id);
      const target = index + delta;
      if (index < 0 || target < 0 || target >= ids.length) return Promise.resolve(null);
      [ids[index], ids[target]] = [ids[target]!, ids[index]!];
      return reorderDictionaryItems(dictionary.code, ids);
    },
    onSuccess: refresh,
  });
  const removal = useMutation({
    mutationFn: (item: DictionaryItem) => deleteDictionaryItem(dictionary.code, item.id),
    onSuccess: async () => {
      message.success('已删除');
      await refresh();
    },
  });

  const columns: TableColumnsType<ItemRow> = [
    { title: '编码', dataIndex: 'code', key: 'code', width: 160, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      title: '名称',
      dataIndex: 'label',
      key: 'label',
      render: (label: string, item) => (
        <Space size={4}>
          <Typography.Text strong={!item.parentCode && dictionary.hierarchical} delete={!item.enabled}>
            {label}
          </Typography.Text>
          {item.builtIn && <Tag>内置</Tag>}
        </Space>
      ),
    },
    { title: '英文名称', dataIndex: 'labelEn', key: 'labelEn', ellipsis: true, responsive: ['lg'] },
  ];
  if (canManage) {
    columns.push(
      {
        title: '启用',
        dataIndex: 'enabled',
        key: 'enabled',
        width: 80,
        render: (enabled: boolean, item) => (
          <Switch size="small" checked={enabled} loading={toggle.isPending && toggle.variables?.item.id === item.id} onChange={(value) => toggle.mutate({ item, enabled: value })} />
        ),
      },
      {
        title: '操作',
        key: 'actions',
        width: 230,
        render: (_value, item) => {
          const siblings = siblingsOf(item);
          const index = siblings.findIndex((s) => s.id === item.id);
          return (
            <Flex gap={2}>
              <Tooltip title="上移">
                <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index <= 0 || Boolean(filter)} onClick={() => move.mutate({ item, delta: -1 })} />
              </Tooltip>
              <Tooltip title="下移">
                <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index >= siblings.length - 1 || Boolean(filter)} onClick={() => move.mutate({ item, delta: 1 })} />
              </Tooltip>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditor({ mode: 'edit', item })}>
                编辑
              </Button>
              {dictionary.hierarchical && !item.parentCode && (
                <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create', parentCode: item.code })}>
                  下级
                </Button>
              )}
              {!item.builtIn && (
                <Popconfirm title={`删除「${item.label}」？`} description="已被业务记录使用的项目请停用而不是删除。" onConfirm={() => removal.mutate(item)}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              )}
            </Flex>
          );
        },
      },
    );
  }

  return (
    <Card
      title={
        <Space>
          {dictionary.name}
          <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
            {dictionary.description}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Input.Search allowClear placeholder="筛选编码或名称" onChange={(event) => setFilter(event.target.value)} style={{ width: 200 }} />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create', parentCode: null })}>
              新增
            </Button>
          )}
        </Space>
      }
    >
      <Table<ItemRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={items.isLoading}
        pagination={false}
        expandable={dictionary.hierarchical ? { defaultExpandAllRows: false, expandRowByClick: false } : undefined}
        scroll={{ y: 'calc(100vh - 330px)' }}
      />
      {editor && (
        <ItemFormModal
          dictionary={dictionary}
          item={editor.mode === 'edit' ? editor.item : undefined}
          defaultParent={editor.mode === 'create' ? editor.parentCode : undefined}
          parents={parents}
          onClose={() => setEditor(null)}
        />
      )}
    </Card>
  );
}

/** 数据字典 — dictionaries on the left, the chosen one's items on the right. */
export function DictionariesPage() {
  const { hasPermission } = useAuth();
  const canManage = hasPermission('system:manage');
  const dictionaries = useDictionaries();
  const [selected, setSelected] = useState<string | null>(null);
  const list = useMemo(() => dictionaries.data ?? [], [dictionaries.data]);
  useEffect(() => {
    if (!selected && list.length > 0) setSelected(list[0]!.code);
  }, [list, selected]);
  const current = list.find((d) => d.code === selected);

  return (
    <PageContainer title="数据字典" subtitle="各模块下拉选项的来源。停用的项目不再供选择，已有记录仍显示原名称；内置项目只能停用，不能删除。">
      <Row gutter={16}>
        <Col xs={24} md={7} lg={6}>
          <Card size="small" loading={dictionaries.isLoading} styles={{ body: { padding: 4 } }}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              onClick={({ key }) => setSelected(key)}
              style={{ borderInlineEnd: 'none' }}
              items={list.map((d) => ({
                key: d.code,
                label: (
                  <Flex justify="space-between">
                    <span>{d.name}</span>
                    <Typography.Text type="secondary">{d.itemCount}</Typography.Text>
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={17} lg={18}>
          {current ? <ItemsPanel key={current.code} dictionary={current} canManage={canManage} /> : <Empty description="请选择左侧的数据字典" />}
        </Col>
      </Row>
    </PageContainer>
  );
}
