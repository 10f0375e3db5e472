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
import { useLocale, useT } from '../../app/i18n/LocaleProvider';

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
  const t = useT();
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
      message.success(editing ? t('common.saved') : t('dictionaries.added'));
      await queryClient.invalidateQueries({ queryKey: ['dictionaries'] });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal open title={editing ? t('dictionaries.edit', { label: item.label }) : t('dictionaries.newItemIn', { name: dictionary.name })} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={save.isPending}>
      <Form
        form={form}
        layout="vertical"
        initialValues={item ? { ...item } : { enabled: true, parentCode: defaultParent ?? null }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="code"
          label={t('dictionaries.code')}
          extra={editing ? t('dictionaries.theCodeCannotBeChanged') : t('dictionaries.startsWithALetterOr')}
          rules={[
            { required: true, message: t('dictionaries.pleaseEnterACode') },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, message: t('dictionaries.theCodeIsNotIn') },
          ]}
        >
          <Input disabled={editing} maxLength={40} />
        </Form.Item>
        <Form.Item name="label" label={t('dictionaries.name')} rules={[{ required: true, whitespace: true, message: t('dictionaries.pleaseEnterAName') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="labelEn" label={t('dictionaries.englishName')}>
          <Input maxLength={120} />
        </Form.Item>
        {dictionary.hierarchical && (
          <Form.Item name="parentCode" label={t('dictionaries.parentItem')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('dictionaries.topLevel')}
              options={parents.filter((p) => p.code !== item?.code).map((p) => ({ value: p.code, label: `${p.code} ${p.label}` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t('users.enable')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EditorState = { mode: 'create'; parentCode?: string | null } | { mode: 'edit'; item: DictionaryItem } | null;

function ItemsPanel({ dictionary, canManage }: { dictionary: Dictionary; canManage: boolean }) {
  const { t, locale } = useLocale();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const items = useDictionaryItems(dictionary.code, canManage, { localize: false });
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
      message.success(item.enabled ? t('dictionaries.enabled', { label: item.label }) : t('dictionaries.disabled', { label: item.label }));
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
      message.success(t('common.deleted'));
      await refresh();
    },
  });

  const columns: TableColumnsType<ItemRow> = [
    { title: t('dictionaries.code'), dataIndex: 'code', key: 'code', width: 160, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      title: t('dictionaries.name'),
      dataIndex: 'label',
      key: 'label',
      render: (label: string, item) => (
        <Space size={4}>
          <Typography.Text strong={!item.parentCode && dictionary.hierarchical} delete={!item.enabled}>
            {label}
          </Typography.Text>
          {item.builtIn && <Tag>{t('roles.builtIn')}</Tag>}
        </Space>
      ),
    },
    { title: t('dictionaries.englishName'), dataIndex: 'labelEn', key: 'labelEn', ellipsis: true, responsive: ['lg'] },
  ];
  if (canManage) {
    columns.push(
      {
        title: t('users.enable'),
        dataIndex: 'enabled',
        key: 'enabled',
        width: 80,
        render: (enabled: boolean, item) => (
          <Switch aria-label={t('dictionaries.enableSwitch', { label: item.label })} size="small" checked={enabled} loading={toggle.isPending && toggle.variables?.item.id === item.id} onChange={(value) => toggle.mutate({ item, enabled: value })} />
        ),
      },
      {
        title: t('common.actions'),
        key: 'actions',
        width: 230,
        render: (_value, item) => {
          const siblings = siblingsOf(item);
          const index = siblings.findIndex((s) => s.id === item.id);
          return (
            <Flex gap={2}>
              <Tooltip title={t('dictionaries.moveUp')}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index <= 0 || Boolean(filter)} onClick={() => move.mutate({ item, delta: -1 })} />
              </Tooltip>
              <Tooltip title={t('dictionaries.moveDown')}>
                <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index >= siblings.length - 1 || Boolean(filter)} onClick={() => move.mutate({ item, delta: 1 })} />
              </Tooltip>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditor({ mode: 'edit', item })}>
                {t('common.edit')}
                              </Button>
              {dictionary.hierarchical && !item.parentCode && (
                <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create', parentCode: item.code })}>
                  {t('dictionaries.children')}
                                  </Button>
              )}
              {!item.builtIn && (
                <Popconfirm title={t('dictionaries.delete', { label: item.label })} description={t('dictionaries.disableItemsThatRecordsAlready')} onConfirm={() => removal.mutate(item)}>
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
          {locale === 'en' && dictionary.nameEn ? dictionary.nameEn : dictionary.name}
          <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
            {dictionary.description}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Input.Search aria-label={t('dictionaries.filterByCodeOrName')} allowClear placeholder={t('dictionaries.filterByCodeOrName')} onChange={(event) => setFilter(event.target.value)} style={{ width: 200 }} />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create', parentCode: null })}>
              {t('dictionaries.add')}
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
  const { t, locale } = useLocale();
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
    <PageContainer title={t('menu.dictionaries')} subtitle={t('dictionaries.theChoicesOfferedInEvery')}>
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
                    <span>{locale === 'en' && d.nameEn ? d.nameEn : d.name}</span>
                    <Typography.Text type="secondary">{d.itemCount}</Typography.Text>
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={17} lg={18}>
          {current ? <ItemsPanel key={current.code} dictionary={current} canManage={canManage} /> : <Empty description={t('dictionaries.chooseADictionaryOnThe')} />}
        </Col>
      </Row>
    </PageContainer>
  );
}
