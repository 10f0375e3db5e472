import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../ui/format';
import { getTaskSummary, listTasks, tasksQueryKey } from './tasks-api';
import { useT } from '../../app/i18n/LocaleProvider';

/** Compact list of my open tasks for the home page (工作台), overdue first by due date. */
export function TasksWidget({ limit = 6 }: { limit?: number }) {
  const t = useT();
  const summary = useQuery({ queryKey: [...tasksQueryKey, 'summary'], queryFn: getTaskSummary, refetchInterval: 60_000 });
  const tasks = useQuery({
    queryKey: [...tasksQueryKey, 'widget', limit],
    queryFn: () => listTasks({ page: 1, pageSize: limit, status: 'open', relation: 'assigned', sort: 'dueAt:asc' }),
    refetchInterval: 60_000,
  });

  return (
    <Card
      data-testid="tasks-widget"
      title={
        <Flex gap={8} align="center">
          {t('menu.tasks')}
                    <Badge count={summary.data?.open ?? 0} color="blue" showZero />
          {(summary.data?.overdue ?? 0) > 0 && <Tag color="red">{t('tasks.overdue')}{' '}{summary.data?.overdue}</Tag>}
          {(summary.data?.escalatedToMe ?? 0) > 0 && <Tag color="volcano">{t('tasks.toFollowUp')}{' '}{summary.data?.escalatedToMe}</Tag>}
        </Flex>
      }
      extra={<Link to="/tasks">{t('common.all')}</Link>}
    >
      {tasks.data && tasks.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.noTasks')} />
      ) : (
        <List
          size="small"
          loading={tasks.isLoading}
          dataSource={tasks.data?.items ?? []}
          renderItem={(task) => (
            <List.Item style={task.overdue ? { background: '#fff1f0' } : undefined}>
              <Flex justify="space-between" gap={12} style={{ width: '100%' }}>
                <Link to={`/tasks?id=${task.id}`}>
                  <Typography.Text type={task.overdue ? 'danger' : undefined} ellipsis style={{ maxWidth: 260 }}>
                    {task.title}
                  </Typography.Text>
                </Link>
                <Typography.Text type={task.overdue ? 'danger' : 'secondary'} style={{ whiteSpace: 'nowrap' }}>
                  {task.overdue ? t('tasks.overdue2') : ''}
                  {formatDateTime(task.dueAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
