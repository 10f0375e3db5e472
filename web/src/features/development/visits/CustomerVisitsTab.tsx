import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, List, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import type { Customer } from '../../customers/archive/customers-api';
import { VisitDetailModal, VisitFlags } from './VisitDetailModal';
import { VisitDrawer } from './VisitDrawer';
import { listVisits, visitMethodLabels, visitsQueryKey } from './visits-api';

/** The customer's visit records, newest first, with a quick 「记录拜访」 (R-DEV-33). */
export function CustomerVisitsTab({ customer }: { customer: Customer }) {
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
        <Typography.Text type="secondary">拜访与跟进记录（我有权查看的），最新的在前</Typography.Text>
        {hasPermission('development:write') && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setDrawer(true)} data-testid="customer-new-visit">
            记录拜访
          </Button>
        )}
      </Flex>
      {visits.isPending ? (
        <Skeleton active />
      ) : visits.isError ? (
        <Alert type="error" showIcon title={visits.error.message} />
      ) : visits.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无拜访记录" />
      ) : (
        <List
          size="small"
          dataSource={visits.data.items}
          renderItem={(visit) => (
            <List.Item key={visit.id} actions={[<VisitFlags key="flags" visit={visit} />]}>
              <List.Item.Meta
                title={
                  <Typography.Link onClick={() => setOpenId(visit.id)}>
                    {visit.visitDate} {visitMethodLabels[visit.method]} · {visit.userName}
                  </Typography.Link>
                }
                description={
                  <Flex vertical>
                    <Typography.Text ellipsis>{visit.content}</Typography.Text>
                    {visit.nextStep && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        下一步：{visit.nextStep}
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
