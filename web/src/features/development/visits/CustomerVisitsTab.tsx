import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, List, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import type { Customer } from '../../customers/archive/customers-api';
import { VisitDetailModal, VisitFlags } from './VisitDetailModal';
import { VisitDrawer } from './VisitDrawer';
import { listVisits, visitMethodLabels, visitsQueryKey } from './visits-api';
import { useT } from '../../../app/i18n/LocaleProvider';

/** The customer's visit records, newest first, with a quick way to record a visit (R-DEV-33). */
export function CustomerVisitsTab({ customer }: { customer: Customer }) {
  const t = useT();
  const { hasPermission } = useAuth();
  const [drawer, setDrawer] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const visits = useQuery({
    queryKey: [...visitsQueryKey, 'customer', customer.id],
    queryFn: () => listVisits({ page: 1, pageSize: 50, customerId: customer.id }),
  });

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t('development.visits.visitsAndFollowUpsThose')}</Typography.Text>
        {hasPermission('development:write') && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setDrawer(true)} data-testid="customer-new-visit">
            {t('development.visits.recordVisit')}
                      </Button>
        )}
      </Flex>
      {visits.isPending ? (
        <Skeleton active />
      ) : visits.isError ? (
        <Alert type="error" showIcon title={visits.error.message} />
      ) : visits.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.visits.noVisitsYet')} />
      ) : (
        <List
          size="small"
          dataSource={visits.data.items}
          renderItem={(visit) => (
            <List.Item key={visit.id} actions={[<VisitFlags key="flags" visit={visit} />]}>
              <List.Item.Meta
                title={
                  <Typography.Link onClick={() => setOpenId(visit.id)}>
                    {visit.visitDate} {t(visitMethodLabels[visit.method])} · {visit.userName}
                  </Typography.Link>
                }
                description={
                  <Flex vertical>
                    <Typography.Text ellipsis>{visit.content}</Typography.Text>
                    {visit.nextStep && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('development.visits.nextStep')}{visit.nextStep}
                        {visit.nextDate ? `（${visit.nextDate}）` : ''}
                      </Typography.Text>
                    )}
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      )}
      <VisitDrawer open={drawer} onClose={() => setDrawer(false)} customer={{ id: customer.id, name: customer.name }} />
      <VisitDetailModal id={openId} onClose={() => setOpenId(null)} />
    </Flex>
  );
}
