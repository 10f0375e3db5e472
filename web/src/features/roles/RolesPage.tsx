import { DeleteOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Col, Empty, Flex, Popconfirm, Row, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { brandColor } from '../../app/theme';
import { PageContainer } from '../../ui/PageContainer';
import { RoleEditor } from './RoleEditor';
import { RoleFormModal } from './RoleFormModal';
import { deleteRole, rolesQueryKey, usePermissionCatalog, useRoles, type Role } from './roles-api';

export function RolesPage() {
  const t = useT();
  const { message, modal } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const canManage = hasPermission('role:manage');
  const queryClient = useQueryClient();
  const roles = useRoles();
  const catalog = usePermissionCatalog();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [dirty, setDirty] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = roles.data ?? [];
  const selected = list.find((role) => role.id === selectedId) ?? null;

  useEffect(() => {
    if (selectedId === null && list[0]) setSelectedId(list[0].id);
  }, [list, selectedId]);

  const onDirtyChange = useCallback((next: boolean) => setDirty(next), []);

  const select = (role: Role) => {
    if (role.id === selectedId) return;
    if (!dirty) {
      setSelectedId(role.id);
      return;
    }
    modal.confirm({
      title: t('roles.unsaved'),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: () => {
        setDirty(false);
        setSelectedId(role.id);
      },
    });
  };

  const removal = useMutation({
    mutationFn: (role: Role) => deleteRole(role.id),
    onSuccess: async (_result, role) => {
      message.success(t('common.deleted'));
      if (role.id === selectedId) setSelectedId(null);
      await queryClient.invalidateQueries({ queryKey: rolesQueryKey });
    },
  });

  return (
    <PageContainer
      title={t('roles.title')}
      subtitle={t('roles.subtitle')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!catalog.data} data-testid="role-create">
            {t('roles.create')}
          </Button>
        )
      }
    >
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} lg={7} xxl={6}>
          <Card variant="borderless" title={t('roles.list')} styles={{ body: { padding: 8 } }} loading={roles.isLoading}>
            <Flex vertical gap={4} data-testid="role-list">
              {list.map((role) => {
                const active = role.id === selectedId;
                return (
                  <Flex
                    key={role.id}
                    align="center"
                    gap={10}
                    role="button"
                    tabIndex={0}
                    data-role-code={role.code}
                    onClick={() => select(role)}
                    onKeyDown={(event) => event.key === 'Enter' && select(role)}
                    style={{
                      padding: '10px 12px',
                      borderRadius: 6,
                      cursor: 'pointer',
                      background: active ? 'rgba(47,107,216,0.08)' : undefined,
                      borderInlineStart: `3px solid ${active ? brandColor : 'transparent'}`,
                    }}
                  >
                    <SafetyCertificateOutlined style={{ color: active ? brandColor : '#8c8c8c' }} />
                    <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                      <Typography.Text strong={active} ellipsis>
                        {role.name}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                        {role.code} · {t('roles.userCount', { count: role.userCount })}
                      </Typography.Text>
                    </Flex>
                    {role.builtIn ? (
                      <Tag style={{ marginInlineEnd: 0 }}>{t('roles.builtIn')}</Tag>
                    ) : (
                      canManage && (
                        <Tooltip title={role.userCount > 0 ? t('roles.deleteInUse') : t('common.delete')}>
                          <span onClick={(event) => event.stopPropagation()}>
                            <Popconfirm
                              title={t('common.confirmDelete', { name: role.name })}
                              onConfirm={() => removal.mutateAsync(role)}
                              disabled={role.userCount > 0}
                            >
                              <Button type="text" size="small" danger icon={<DeleteOutlined />} disabled={role.userCount > 0} aria-label={t('common.delete')} />
                            </Popconfirm>
                          </span>
                        </Tooltip>
                      )
                    )}
                  </Flex>
                );
              })}
              {!roles.isLoading && list.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={17} xxl={18}>
          {!selected || !catalog.data ? (
            <Card variant="borderless">
              {roles.isLoading || catalog.isLoading ? <Skeleton active paragraph={{ rows: 8 }} /> : <Empty description={t('roles.selectRole')} />}
            </Card>
          ) : (
            <RoleEditor key={selected.id} role={selected} catalog={catalog.data} canManage={canManage} onDirtyChange={onDirtyChange} />
          )}
        </Col>
      </Row>
      {creating && catalog.data && (
        <RoleFormModal resources={catalog.data.resources} onCreated={(role) => setSelectedId(role.id)} onClose={() => setCreating(false)} />
      )}
    </PageContainer>
  );
}
