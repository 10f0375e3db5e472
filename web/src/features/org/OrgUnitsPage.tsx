import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined, SubnodeOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Flex, Input, Popconfirm, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState, type Key } from 'react';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { buildOrgTree, deleteOrgUnit, orgUnitsQueryKey, useOrgUnits, type OrgUnit, type OrgUnitKind, type OrgUnitNode } from './org-api';
import { OrgUnitFormModal } from './OrgUnitFormModal';

const kindColor: Record<OrgUnitKind, string> = { company: 'geekblue', branch: 'purple', department: 'cyan', team: 'green' };

type EditorState = { mode: 'create'; parentId: number | null } | { mode: 'edit'; unit: OrgUnit } | null;

/** Keeps nodes that match the filter, plus the ancestors that lead to them. */
function filterTree(nodes: OrgUnitNode[], text: string): OrgUnitNode[] {
  if (!text) return nodes;
  const needle = text.toLowerCase();
  const result: OrgUnitNode[] = [];
  for (const node of nodes) {
    const children = node.children ? filterTree(node.children, text) : [];
    const matches = node.name.toLowerCase().includes(needle) || node.code.toLowerCase().includes(needle);
    if (matches || children.length > 0) result.push({ ...node, children: children.length > 0 ? children : undefined });
  }
  return result;
}

export function OrgUnitsPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const canManage = hasPermission('org:manage');
  const queryClient = useQueryClient();
  const units = useOrgUnits();
  const [editor, setEditor] = useState<EditorState>(null);
  const [filter, setFilter] = useState('');
  const [expandedKeys, setExpandedKeys] = useState<readonly Key[]>([]);

  const list = useMemo(() => units.data ?? [], [units.data]);
  const tree = useMemo(() => filterTree(buildOrgTree(list), filter.trim()), [list, filter]);
  const allIds = useMemo(() => list.filter((unit) => list.some((child) => child.parentId === unit.id)).map((unit) => unit.id), [list]);

  // Open the whole tree when data arrives or the filter changes.
  useEffect(() => setExpandedKeys(allIds), [allIds, filter]);

  const removal = useMutation({
    mutationFn: (unit: OrgUnit) => deleteOrgUnit(unit.id),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: orgUnitsQueryKey });
    },
  });

  const columns: TableColumnsType<OrgUnitNode> = [
    { title: t('org.name'), dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: t('org.code'), dataIndex: 'code', key: 'code', width: 160, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      title: t('org.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 110,
      render: (kind: OrgUnitKind) => <Tag color={kindColor[kind] ?? 'default'}>{t(`org.kind.${kind}`)}</Tag>,
    },
    { title: t('org.manager'), dataIndex: 'managerName', key: 'managerName', width: 140, render: (name: string | null) => name ?? t('common.none') },
    { title: t('org.userCount'), dataIndex: 'userCount', key: 'userCount', width: 90, align: 'right' },
    { title: t('org.sortOrder'), dataIndex: 'sortOrder', key: 'sortOrder', width: 80, align: 'right' },
  ];

  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 250,
      render: (_value, unit) => {
        const blocked = (unit.children?.length ?? 0) > 0 || unit.userCount > 0;
        return (
          <Flex gap={4}>
            <Button type="link" size="small" icon={<SubnodeOutlined />} onClick={() => setEditor({ mode: 'create', parentId: unit.id })}>
              {t('org.createChild')}
            </Button>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditor({ mode: 'edit', unit })}>
              {t('common.edit')}
            </Button>
            <Tooltip title={blocked ? t('org.deleteHint') : undefined}>
              <Popconfirm
                title={t('common.confirmDelete', { name: unit.name })}
                description={t('org.deleteHint')}
                onConfirm={() => removal.mutateAsync(unit)}
                disabled={blocked}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />} disabled={blocked}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            </Tooltip>
          </Flex>
        );
      },
    });
  }

  return (
    <PageContainer
      title={t('org.title')}
      subtitle={t('org.subtitle')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create', parentId: null })} data-testid="org-create">
            {t('org.create')}
          </Button>
        )
      }
    >
      <Card variant="borderless">
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search aria-label={t('org.filter')} allowClear placeholder={t('org.filter')} style={{ width: 260 }} onChange={(event) => setFilter(event.target.value)} />
          <Button onClick={() => setExpandedKeys(allIds)}>{t('org.expandAll')}</Button>
          <Button onClick={() => setExpandedKeys([])}>{t('org.collapseAll')}</Button>
          <Button icon={<ReloadOutlined />} onClick={() => void units.refetch()} aria-label={t('common.refresh')} />
        </Flex>
        <Table<OrgUnitNode>
          rowKey="id"
          columns={columns}
          dataSource={tree}
          loading={units.isFetching}
          pagination={false}
          size="middle"
          expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: (keys) => setExpandedKeys(keys) }}
          scroll={{ x: 900 }}
        />
      </Card>
      {editor && (
        <OrgUnitFormModal
          units={list}
          unit={editor.mode === 'edit' ? editor.unit : undefined}
          parentId={editor.mode === 'create' ? editor.parentId : undefined}
          onClose={() => setEditor(null)}
        />
      )}
    </PageContainer>
  );
}
