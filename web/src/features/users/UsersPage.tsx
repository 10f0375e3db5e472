import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined, StopOutlined, CheckCircleOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Badge, Button, Card, Flex, Input, Popconfirm, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import { HandOverModal } from './HandOverModal';
import { TemporaryPasswordModal } from './TemporaryPasswordModal';
import { UserFormModal } from './UserFormModal';
import { listUsers, resetUserPassword, setUserEnabled, usersQueryKey, type User, type UserFilters, type UserStatus } from './users-api';

type EditorState = { mode: 'create' } | { mode: 'edit'; user: User } | null;

export function UsersPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission, me } = useAuth();
  const canManage = hasPermission('user:manage');
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<EditorState>(null);
  const [resetResult, setResetResult] = useState<{ name: string; password: string } | null>(null);
  const [keyword, setKeyword] = useState('');
  const [handingOver, setHandingOver] = useState<User | null>(null);

  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<User, UserFilters>({
    queryKey: usersQueryKey,
    fetchPage: listUsers,
    initialFilters: {},
    defaultSort: 'createdAt:desc',
  });

  const toggle = useMutation({
    mutationFn: (user: User) => setUserEnabled(user.id, user.status === 'disabled'),
    onSuccess: async (user) => {
      message.success(user.status === 'active' ? t('users.enabled') : t('users.disabled'));
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
  });

  const reset = useMutation({
    mutationFn: (user: User) => resetUserPassword(user.id),
    onSuccess: async (result, user) => {
      setResetResult({ name: user.displayName, password: result.temporaryPassword });
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
  });

  const columns: TableColumnsType<User> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      key: 'username',
      sorter: true,
      sortOrder: sortOrderFor('username'),
      width: 180,
      render: (username: string, user) => (
        <Flex gap={6} align="center" style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text>{username}</Typography.Text>
          {user.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
        </Flex>
      ),
    },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName', sorter: true, sortOrder: sortOrderFor('displayName') },
    { title: t('users.unit'), dataIndex: 'unitName', key: 'unitName' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: User['roles']) =>
        roles.length === 0 ? t('common.none') : roles.map((role) => <Tag key={role.id} color="blue">{role.name}</Tag>),
    },
    { title: t('users.mobile'), dataIndex: 'mobile', key: 'mobile', render: (mobile: string | null) => mobile ?? t('common.none') },
    {
      title: t('users.status'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (status: UserStatus) => (
        <Badge status={status === 'active' ? 'success' : 'default'} text={t(`users.status.${status}`)} />
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      sorter: true,
      sortOrder: sortOrderFor('lastLoginAt'),
      width: 160,
      render: (value: string | null) => formatDateTime(value),
    },
  ];

  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 340,
      render: (_value, user) => {
        const self = user.id === me?.id;
        const disabling = user.status === 'active';
        return (
          <Flex gap={0} wrap>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditor({ mode: 'edit', user })}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t(disabling ? 'users.disableConfirm' : 'users.enableConfirm', { name: user.displayName })}
              onConfirm={() => toggle.mutateAsync(user)}
              disabled={self}
              okButtonProps={{ danger: disabling }}
            >
              <Button type="link" size="small" danger={disabling} disabled={self} icon={disabling ? <StopOutlined /> : <CheckCircleOutlined />}>
                {disabling ? t('users.disable') : t('users.enable')}
              </Button>
            </Popconfirm>
            <Popconfirm title={t('users.resetConfirm', { name: user.displayName })} onConfirm={() => reset.mutateAsync(user)}>
              <Button type="link" size="small" icon={<KeyOutlined />}>
                {t('users.resetPassword')}
              </Button>
            </Popconfirm>
            <Button type="link" size="small" danger disabled={self} icon={<UserSwitchOutlined />} onClick={() => setHandingOver(user)}>
              {t('users.handOver')}
                          </Button>
          </Flex>
        );
      },
    });
  }

  const resetFilters = () => {
    setKeyword('');
    setFilters({});
  };

  return (
    <PageContainer
      title={t('users.title')}
      subtitle={t('users.subtitle')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({ mode: 'create' })} data-testid="user-create">
            {t('users.create')}
          </Button>
        )
      }
    >
      <Card variant="borderless">
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search aria-label={t('users.searchPlaceholder')}
            allowClear
            placeholder={t('users.searchPlaceholder')}
            value={keyword}
            onChange={(event) => setKeyword(event.target.value)}
            onSearch={(value) => setFilters({ ...filters, q: value.trim() || undefined })}
            style={{ width: 260 }}
            data-testid="user-search"
          />
          <OrgUnitTreeSelect aria-label={t('users.unitFilter')}
            placeholder={t('users.unitFilter')}
            value={filters.unitId}
            onChange={(unitId) => setFilters({ ...filters, unitId: unitId ?? undefined })}
            style={{ width: 220 }}
          />
          <Select<UserStatus> aria-label={t('users.statusFilter')}
            allowClear
            placeholder={t('users.statusFilter')}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status: status ?? undefined })}
            options={[
              { value: 'active', label: t('users.status.active') },
              { value: 'disabled', label: t('users.status.disabled') },
            ]}
            style={{ width: 140 }}
          />
          <Button onClick={resetFilters}>{t('common.reset')}</Button>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
        <Table<User> {...tableProps} columns={columns} size="middle" scroll={{ x: 1100 }} />
      </Card>
      {editor && <UserFormModal user={editor.mode === 'edit' ? editor.user : undefined} onClose={() => setEditor(null)} />}
      {handingOver && <HandOverModal user={handingOver} onClose={() => setHandingOver(null)} />}
      {resetResult && <TemporaryPasswordModal name={resetResult.name} password={resetResult.password} onClose={() => setResetResult(null)} />}
    </PageContainer>
  );
}
