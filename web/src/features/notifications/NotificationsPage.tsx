import { CheckOutlined, MailOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Col, Flex, List, Row, Segmented, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import {
  getPreferences,
  listNotifications,
  markAllRead,
  markRead,
  notificationsQueryKey,
  updatePreferences,
  type Notification,
  type NotificationFilters,
} from './notifications-api';
import { useT } from '../../app/i18n/LocaleProvider';

/** 通知: every notification, plus which kinds also go by e-mail (R-PLT-31). */
export function NotificationsPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey });
  const { tableProps, filters, setFilters } = useServerTable<Notification, NotificationFilters>({
    queryKey: notificationsQueryKey,
    fetchPage: listNotifications,
    initialFilters: {},
  });
  const readOne = useMutation({ mutationFn: markRead, onSuccess: refresh });
  const readAll = useMutation({ mutationFn: markAllRead, onSuccess: refresh });
  const preferences = useQuery({ queryKey: [...notificationsQueryKey, 'preferences'], queryFn: getPreferences });
  const savePreference = useMutation({
    mutationFn: (item: { kind: string; email: boolean }) => updatePreferences([item]),
    onSuccess: (data) => queryClient.setQueryData([...notificationsQueryKey, 'preferences'], data),
  });

  const columns: TableColumnsType<Notification> = [
    {
      title: t('notifications.notifications'),
      dataIndex: 'title',
      key: 'title',
      render: (title: string, item) => (
        <Flex vertical gap={2}>
          <Flex gap={6} align="center">
            {!item.read && <Badge status="processing" />}
            <Typography.Link strong={!item.read} onClick={() => open(item)}>
              {title}
            </Typography.Link>
          </Flex>
          {item.body && <Typography.Text type="secondary">{item.body}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('org.kind'), dataIndex: 'kindLabel', key: 'kind', width: 140, render: (label: string) => <Tag>{label}</Tag> },
    { title: t('audit.at'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (value: string) => formatDateTime(value) },
    {
      title: '',
      key: 'actions',
      width: 110,
      render: (_, item) =>
        item.read ? (
          <Typography.Text type="secondary">{t('notifications.read')}</Typography.Text>
        ) : (
          <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => readOne.mutate(item.id)}>
            {t('notifications.markAsRead')}
                        </Button>
        ),
    },
  ];

  function open(item: Notification) {
    if (!item.read) readOne.mutate(item.id);
    if (item.link) navigate(item.link);
  }

  const prefs = preferences.data;
  return (
    <PageContainer
      title={t('notifications.notifications')}
      subtitle={t('notifications.inAppNotificationsTasksApprovals')}
      extra={
        <Button icon={<CheckOutlined />} loading={readAll.isPending} onClick={() => readAll.mutate()}>
          {t('notifications.markAllAsRead')}
                  </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card variant="borderless">
            <Segmented<'all' | 'true' | 'false'>
              style={{ marginBottom: 16 }}
              value={filters.unread ?? 'all'}
              onChange={(value) => setFilters({ unread: value === 'all' ? undefined : value })}
              options={[
                { value: 'all', label: t('common.all') },
                { value: 'true', label: t('notifications.unread') },
                { value: 'false', label: t('notifications.read') },
              ]}
            />
            <Table<Notification> {...tableProps} columns={columns} size="middle" locale={{ emptyText: t('notifications.noNotifications') }} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            variant="borderless"
            title={
              <Flex gap={8} align="center">
                <MailOutlined /> {t('notifications.eMail')}
                              </Flex>
            }
            loading={preferences.isLoading}
          >
            {prefs && !prefs.emailAvailable && (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('notifications.theServerHasNoE')} />
            )}
            {prefs && !prefs.emailAddress && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('notifications.yourAccountHasNoE')} />
            )}
            {prefs?.emailAddress && (
              <Typography.Paragraph type="secondary">{t('notifications.eMailsGoTo')}{' '}{prefs.emailAddress}</Typography.Paragraph>
            )}
            <List
              size="small"
              dataSource={prefs?.items ?? []}
              renderItem={(item) => (
                <List.Item
                  extra={
                    <Switch
                      checked={item.email}
                      loading={savePreference.isPending && savePreference.variables?.kind === item.kind}
                      onChange={(email) => savePreference.mutate({ kind: item.kind, email })}
                      aria-label={t('notifications.eMailFor', { label: item.label })}
                    />
                  }
                >
                  {item.label}
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
