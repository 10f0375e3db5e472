import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../ui/format';
import { getUnreadCount, listNotifications, markAllRead, markRead, notificationsQueryKey, type Notification } from './notifications-api';
import { useT } from '../../app/i18n/LocaleProvider';

const POLL_MS = 30_000;

/** The header bell (R-PLT-31): unread badge polled every 30 s, latest notifications in a popover. */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const unread = useQuery({
    queryKey: [...notificationsQueryKey, 'unread-count'],
    queryFn: getUnreadCount,
    refetchInterval: POLL_MS,
    staleTime: 0,
    meta: { silent: true },
  });
  const latest = useQuery({
    queryKey: [...notificationsQueryKey, 'latest'],
    queryFn: () => listNotifications({ page: 1, pageSize: 8 }),
    enabled: open,
    staleTime: 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey });
  const readOne = useMutation({ mutationFn: markRead, onSuccess: refresh });
  const readAll = useMutation({ mutationFn: markAllRead, onSuccess: refresh });

  const openNotification = (item: Notification) => {
    if (!item.read) readOne.mutate(item.id);
    setOpen(false);
    if (item.link) navigate(item.link);
  };

  const content = (
    <Flex vertical style={{ width: 360 }}>
      <List<Notification>
        size="small"
        loading={latest.isLoading}
        dataSource={latest.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.noNotifications')} /> }}
        style={{ maxHeight: 420, overflowY: 'auto' }}
        renderItem={(item) => (
          <List.Item
            onClick={() => openNotification(item)}
            style={{ cursor: 'pointer', opacity: item.read ? 0.6 : 1 }}
            extra={!item.read && <Badge status="processing" />}
          >
            <List.Item.Meta
              title={<Typography.Text strong={!item.read}>{item.title}</Typography.Text>}
              description={
                <Flex vertical gap={2}>
                  {item.body && (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: item.body }} style={{ maxWidth: 300 }}>
                      {item.body}
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {item.kindLabel} · {formatDateTime(item.createdAt)}
                  </Typography.Text>
                </Flex>
              }
            />
          </List.Item>
        )}
      />
      <Flex justify="space-between" style={{ borderTop: '1px solid rgba(5,5,5,0.06)', paddingTop: 8 }}>
        <Button size="small" type="link" disabled={!unread.data?.count} loading={readAll.isPending} onClick={() => readAll.mutate()}>
          {t('notifications.markAllAsRead')}
                  </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('notifications.viewAll')}
                  </Button>
      </Flex>
    </Flex>
  );

  return (
    <Popover content={content} title={t('notifications.notifications')} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      <Badge count={unread.data?.count ?? 0} size="small" overflowCount={99}>
        <Button type="text" aria-label={t('notifications.notificationsUnread', { v0: unread.data?.count ?? 0 })} data-testid="notification-bell" icon={<BellOutlined style={{ fontSize: 18 }} />} />
      </Badge>
    </Popover>
  );
}
