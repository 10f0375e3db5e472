import { RightOutlined } from '@ant-design/icons';
import { Avatar, Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { useAuth, useMe } from '../../app/auth-context';
import { useLocale } from '../../app/i18n/LocaleProvider';
import type { MessageKey } from '../../app/i18n/dictionary';
import { visibleEntries } from '../../app/navigation';
import { brandColor } from '../../app/theme';
import { TasksWidget } from '../tasks/TasksWidget';

function greetingKey(hour: number): MessageKey {
  if (hour < 12) return 'home.greeting.morning';
  if (hour < 18) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}

/** 工作台: who I am, and the modules my permissions open. */
export function HomePage() {
  const { t } = useLocale();
  const me = useMe();
  const { hasPermission } = useAuth();
  const modules = visibleEntries(hasPermission).filter((entry) => entry.path !== '/');
  const now = dayjs();
  const today = now.format(t('home.dateFormat'));

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless" data-testid="home-welcome">
        <Flex align="center" gap={20} wrap>
          <Avatar size={64} style={{ background: brandColor, fontSize: 26 }}>
            {me.displayName.slice(0, 1)}
          </Avatar>
          <Flex vertical gap={6} style={{ flex: 1, minWidth: 240 }}>
            {/* The page's one <h1>, sized as the welcome line it is. */}
            <Typography.Title level={1} style={{ margin: 0, fontSize: 20, lineHeight: '28px' }}>
              {t('home.welcome', { greeting: t(greetingKey(now.hour())), name: me.displayName })}
            </Typography.Title>
            <Typography.Text type="secondary">{t('home.today', { date: today })}</Typography.Text>
            <Flex gap={24} wrap>
              <Typography.Text>
                <Typography.Text type="secondary">{t('home.unit')}：</Typography.Text>
                {me.unitName}
              </Typography.Text>
              <span>
                <Typography.Text type="secondary">{t('home.roles')}：</Typography.Text>
                {me.roles.length === 0
                  ? t('common.none')
                  : me.roles.map((role) => (
                      <Tag key={role.id} color="blue" style={{ marginInlineEnd: 4 }}>
                        {role.name}
                      </Tag>
                    ))}
              </span>
              <Typography.Text type="secondary">{t('home.permissionCount', { count: me.permissions.length })}</Typography.Text>
            </Flex>
          </Flex>
        </Flex>
      </Card>

      <TasksWidget />
      <Card variant="borderless" title={t('home.modules')}>
        {modules.length === 0 ? (
          <Empty description={t('home.noModules')} />
        ) : (
          <Row gutter={[16, 16]}>
            {modules.map((entry) => (
              <Col key={entry.key} xs={24} sm={12} lg={8} xxl={6}>
                <Link to={entry.path} data-testid={`home-card-${entry.key}`}>
                  <Card hoverable size="small" styles={{ body: { padding: 16 } }}>
                    <Flex align="center" gap={14}>
                      <Flex
                        align="center"
                        justify="center"
                        style={{ width: 44, height: 44, borderRadius: 10, background: 'rgba(47,107,216,0.1)', color: brandColor, fontSize: 22, flex: 'none' }}
                      >
                        {entry.icon}
                      </Flex>
                      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                        <Typography.Text strong>{t(entry.labelKey)}</Typography.Text>
                        {entry.descriptionKey && (
                          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                            {t(entry.descriptionKey)}
                          </Typography.Text>
                        )}
                      </Flex>
                      <RightOutlined style={{ color: '#bfbfbf' }} />
                    </Flex>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>
    </Flex>
  );
}
