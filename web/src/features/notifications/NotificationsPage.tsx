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

/** 通知: every notification, plus which kinds also go by e-mail (R-PLT-31). */
export function NotificationsPage() {
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
      title: '通知',
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
    { title: '类型', dataIndex: 'kindLabel', key: 'kind', width: 140, render: (label: string) => <Tag>{label}</Tag> },
    { title: '时间', dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (value: string) => formatDateTime(value) },
    {
      title: '',
      key: 'actions',
      width: 110,
      render: (_, item) =>
        item.read ? (
          <Typography.Text type="secondary">已读</Typography.Text>
        ) : (
          <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => readOne.mutate(item.id)}>
            标为已读
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
      title="通知"
      subtitle="待办、审批与逾期升级等站内通知"
      extra={
        <Button icon={<CheckOutlined />} loading={readAll.isPending} onClick={() => readAll.mutate()}>
          全部标为已读
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
                { value: 'all', label: '全部' },
                { value: 'true', label: '未读' },
                { value: 'false', label: '已读' },
              ]}
            />
            <Table<Notification> {...tableProps} columns={columns} size="middle" locale={{ emptyText: '暂无通知' }} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            variant="borderless"
            title={
              <Flex gap={8} align="center">
                <MailOutlined /> 邮件提醒
              </Flex>
            }
            loading={preferences.isLoading}
          >
            {prefs && !prefs.emailAvailable && (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title="服务器未配置邮件（SMTP），设置会保存，但暂不发送邮件。" />
            )}
            {prefs && !prefs.emailAddress && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="您的账号没有邮箱地址，请联系管理员补充后才能收到邮件。" />
            )}
            {prefs?.emailAddress && (
              <Typography.Paragraph type="secondary">邮件将发送到 {prefs.emailAddress}</Typography.Paragraph>
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
                      aria-label={`${item.label} 邮件提醒`}
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
