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

const overdueRowStyle = { background: '#fff1f0' };

/** 我的待办 (R-PLT-30): tasks assigned to, escalated to, or created by me; overdue rows in red. */
export function MyTasksPage() {
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
      message.success(task.status === 'done' ? '已完成' : '已取消');
      await queryClient.invalidateQueries({ queryKey: tasksQueryKey });
    },
  });

  const columns: TableColumnsType<Task> = [
    {
      title: '待办',
      dataIndex: 'title',
      key: 'title',
      render: (title: string, task) => (
        <Flex vertical gap={2}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong type={task.overdue ? 'danger' : undefined}>
              {title}
            </Typography.Text>
            {task.overdue && <Tag color="red">逾期</Tag>}
            {task.escalatedToId !== null && (
              <Tooltip title={`升级于 ${formatDateTime(task.escalatedAt)}`}>
                <Tag color="volcano">已升级{task.escalatedToName ? `至 ${task.escalatedToName}` : ''}</Tag>
              </Tooltip>
            )}
            {task.ruleKey && <Tag>系统生成</Tag>}
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
      title: '截止时间',
      dataIndex: 'dueAt',
      key: 'dueAt',
      sorter: true,
      sortOrder: sortOrderFor('dueAt'),
      width: 170,
      render: (dueAt: string, task) => <Typography.Text type={task.overdue ? 'danger' : undefined}>{formatDateTime(dueAt)}</Typography.Text>,
    },
    {
      title: '执行人',
      dataIndex: 'assigneeName',
      key: 'assigneeName',
      width: 120,
      render: (name: string | null, task) => (task.assigneeId === me.id ? '我' : (name ?? '—')),
    },
    {
      title: '创建人',
      dataIndex: 'createdByName',
      key: 'createdByName',
      width: 120,
      render: (name: string | null, task) => (task.createdById === null ? '系统' : task.createdById === me.id ? '我' : (name ?? '—')),
    },
    {
      title: '关联业务',
      key: 'record',
      width: 160,
      render: (_, task) => (task.recordType ? `${task.recordType}${task.recordId ? ` · ${task.recordId}` : ''}` : '—'),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (status: TaskStatus) => <Tag color={taskStatusColor[status]}>{taskStatusLabel[status]}</Tag>,
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, task) =>
        task.status === 'open' ? (
          <Space size={4}>
            <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => act.mutate({ task, action: 'complete' })}>
              完成
            </Button>
            <Popconfirm title="确定取消这条待办？" okText="取消待办" cancelText="返回" onConfirm={() => act.mutate({ task, action: 'cancel' })}>
              <Button size="small" type="link" danger icon={<CloseOutlined />}>
                取消
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
      title="我的待办"
      subtitle="分配给我、升级给我以及我创建的待办；逾期未完成的以红色标出，并自动升级给部门负责人"
      extra={
        <>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建待办
          </Button>
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select<TaskFilters['status']>
            style={{ width: 120 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={[
              { value: 'open', label: '待办' },
              { value: 'done', label: '已完成' },
              { value: 'cancelled', label: '已取消' },
              { value: 'all', label: '全部状态' },
            ]}
          />
          <Select<TaskFilters['relation'] | 'any'>
            style={{ width: 140 }}
            value={filters.relation ?? 'any'}
            onChange={(relation) => setFilters({ ...filters, relation: relation === 'any' ? undefined : relation })}
            options={[
              { value: 'any', label: '全部相关' },
              { value: 'assigned', label: '分配给我' },
              { value: 'escalated', label: '升级给我' },
              { value: 'created', label: '我创建的' },
            ]}
          />
          <DatePicker.RangePicker
            placeholder={['截止日期起', '截止日期止']}
            value={filters.dueFrom && filters.dueTo ? [dayjs(filters.dueFrom), dayjs(filters.dueTo)] : null}
            onChange={(range) =>
              setFilters({
                ...filters,
                dueFrom: range?.[0]?.format('YYYY-MM-DD') ?? undefined,
                dueTo: range?.[1]?.format('YYYY-MM-DD') ?? undefined,
              })
            }
          />
          <Input.Search
            style={{ width: 200 }}
            placeholder="业务类型，如 contract"
            allowClear
            value={recordType}
            onChange={(event) => setRecordType(event.target.value)}
            onSearch={(value) => setFilters({ ...filters, recordType: value.trim() || undefined })}
          />
          <Checkbox checked={filters.overdue === 'true'} onChange={(event) => setFilters({ ...filters, overdue: event.target.checked ? 'true' : undefined })}>
            只看逾期
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
          locale={{ emptyText: '没有符合条件的待办' }}
        />
      </Card>
      <TaskFormModal open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
