import { CheckOutlined, CloseOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Checkbox, DatePicker, Flex, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../app/auth-context';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { TaskFormModal } from './TaskFormModal';
import {
  cancelTask,
  completeTask,
  listTasks,
  taskStatusColor,
  taskStatusLabel,
  tasksQueryKey,
  type Task,
  type TaskFilters,
  type TaskStatus,
} from './tasks-api';
import { useT } from '../../app/i18n/LocaleProvider';

const overdueRowStyle = { background: '#fff1f0' };

/** 我的待办 (R-PLT-30): tasks assigned to, escalated to, or created by me; overdue rows in red. */
export function MyTasksPage() {
  const t = useT();
  const me = useMe();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const highlightId = Number(searchParams.get('id')) || undefined;
  const [creating, setCreating] = useState(false);
  const [recordType, setRecordType] = useState('');

  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<Task, TaskFilters>({
    queryKey: tasksQueryKey,
    fetchPage: listTasks,
    initialFilters: { status: 'open' },
    defaultSort: 'dueAt:asc',
  });

  const act = useMutation({
    mutationFn: ({ task, action }: { task: Task; action: 'complete' | 'cancel' }) => (action === 'complete' ? completeTask(task.id) : cancelTask(task.id)),
    onSuccess: async (task) => {
      message.success(task.status === 'done' ? t('tasks.done') : t('tasks.cancelled'));
      await queryClient.invalidateQueries({ queryKey: tasksQueryKey });
    },
  });

  const columns: TableColumnsType<Task> = [
    {
      title: t('tasks.open'),
      dataIndex: 'title',
      key: 'title',
      render: (title: string, task) => (
        <Flex vertical gap={2}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong type={task.overdue ? 'danger' : undefined}>
              {title}
            </Typography.Text>
            {task.overdue && <Tag color="red">{t('tasks.overdue')}</Tag>}
            {task.escalatedToId !== null && (
              <Tooltip title={t('tasks.escalated2', { v0: formatDateTime(task.escalatedAt) })}>
                <Tag color="volcano">{t('tasks.escalated')}{task.escalatedToName ? t('tasks.to', { escalatedToName: task.escalatedToName }) : ''}</Tag>
              </Tooltip>
            )}
            {task.ruleKey && <Tag>{t('tasks.byTheSystem')}</Tag>}
          </Flex>
          {task.description && (
            <Typography.Text type="secondary" ellipsis={{ tooltip: task.description }} style={{ maxWidth: 420 }}>
              {task.description}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('tasks.due'),
      dataIndex: 'dueAt',
      key: 'dueAt',
      sorter: true,
      sortOrder: sortOrderFor('dueAt'),
      width: 170,
      render: (dueAt: string, task) => <Typography.Text type={task.overdue ? 'danger' : undefined}>{formatDateTime(dueAt)}</Typography.Text>,
    },
    {
      title: t('tasks.assignee'),
      dataIndex: 'assigneeName',
      key: 'assigneeName',
      width: 120,
      render: (name: string | null, task) => (task.assigneeId === me.id ? t('tasks.me') : (name ?? '—')),
    },
    {
      title: t('tasks.createdBy'),
      dataIndex: 'createdByName',
      key: 'createdByName',
      width: 120,
      render: (name: string | null, task) => (task.createdById === null ? t('tasks.system') : task.createdById === me.id ? t('tasks.me') : (name ?? '—')),
    },
    {
      title: t('tasks.relatedRecord'),
      key: 'record',
      width: 160,
      render: (_, task) => (task.recordType ? `${task.recordType}${task.recordId ? ` · ${task.recordId}` : ''}` : '—'),
    },
    {
      title: t('users.status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (status: TaskStatus) => <Tag color={taskStatusColor[status]}>{t(taskStatusLabel[status])}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, task) =>
        task.status === 'open' ? (
          <Space size={4}>
            <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => act.mutate({ task, action: 'complete' })}>
              {t('tasks.complete')}
                          </Button>
            <Popconfirm title={t('tasks.cancelThisTask')} okText={t('tasks.cancelTask')} cancelText={t('tasks.back')} onConfirm={() => act.mutate({ task, action: 'cancel' })}>
              <Button size="small" type="link" danger icon={<CloseOutlined />}>
                {t('common.cancel')}
                              </Button>
            </Popconfirm>
          </Space>
        ) : (
          <Typography.Text type="secondary">{formatDateTime(task.completedAt)}</Typography.Text>
        ),
    },
  ];

  return (
    <PageContainer
      title={t('menu.tasks')}
      subtitle={t('tasks.tasksAssignedToMeEscalated')}
      extra={
        <>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            {t('common.refresh')}
                      </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tasks.newTask')}
                      </Button>
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select<TaskFilters['status']>
            aria-label={t('tasks.statusFilter')}
            style={{ width: 120 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={[
              { value: 'open', label: t('tasks.open') },
              { value: 'done', label: t('tasks.done') },
              { value: 'cancelled', label: t('tasks.cancelled') },
              { value: 'all', label: t('tasks.allStatuses') },
            ]}
          />
          <Select<TaskFilters['relation'] | 'any'>
            aria-label={t('tasks.relationFilter')}
            style={{ width: 140 }}
            value={filters.relation ?? 'any'}
            onChange={(relation) => setFilters({ ...filters, relation: relation === 'any' ? undefined : relation })}
            options={[
              { value: 'any', label: t('tasks.allMine') },
              { value: 'assigned', label: t('tasks.assignedToMe') },
              { value: 'escalated', label: t('tasks.escalatedToMe') },
              { value: 'created', label: t('tasks.createdByMe') },
            ]}
          />
          <DatePicker.RangePicker
            placeholder={[t('tasks.dueFrom'), t('tasks.dueTo')]}
            value={filters.dueFrom && filters.dueTo ? [dayjs(filters.dueFrom), dayjs(filters.dueTo)] : null}
            onChange={(range) =>
              setFilters({
                ...filters,
                dueFrom: range?.[0]?.format('YYYY-MM-DD') ?? undefined,
                dueTo: range?.[1]?.format('YYYY-MM-DD') ?? undefined,
              })
            }
          />
          <Input.Search aria-label={t('tasks.recordTypeEGContract')}
            style={{ width: 200 }}
            placeholder={t('tasks.recordTypeEGContract')}
            allowClear
            value={recordType}
            onChange={(event) => setRecordType(event.target.value)}
            onSearch={(value) => setFilters({ ...filters, recordType: value.trim() || undefined })}
          />
          <Checkbox checked={filters.overdue === 'true'} onChange={(event) => setFilters({ ...filters, overdue: event.target.checked ? 'true' : undefined })}>
            {t('tasks.overdueOnly')}
                      </Checkbox>
        </Flex>
        <Table<Task>
          {...tableProps}
          columns={columns}
          size="middle"
          onRow={(task) => ({
            style: task.overdue ? overdueRowStyle : task.id === highlightId ? { background: '#e6f4ff' } : undefined,
            'data-overdue': task.overdue ? 'true' : undefined,
          })}
          locale={{ emptyText: t('tasks.noMatchingTasks') }}
        />
      </Card>
      <TaskFormModal open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
