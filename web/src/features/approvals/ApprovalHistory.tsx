import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Skeleton, Tag } from 'antd';
import { formatDateTime } from '../../ui/format';
import { statusColor, statusLabel } from './approval-labels';
import { approvalsQueryKey, listBusinessApprovals } from './approvals-api';
import { ApprovalTimeline } from './ApprovalTimeline';
import { useT } from '../../app/i18n/LocaleProvider';

/** Every approval of one business record, newest first, with steps and decisions (审批记录). */
export function ApprovalHistory({ businessType, businessId }: { businessType: string; businessId: string | number }) {
  const t = useT();
  const id = String(businessId);
  const history = useQuery({
    queryKey: [...approvalsQueryKey, 'history', businessType, id],
    queryFn: () => listBusinessApprovals(businessType, id),
  });
  if (history.isLoading) return <Skeleton active />;
  const items = history.data?.items ?? [];
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.noApprovalsYet')} />;
  return (
    <Flex vertical gap={12}>
      {items.map((approval) => (
        <Card
          key={approval.id}
          size="small"
          title={
            <Flex gap={8} align="center" wrap>
              <span>{approval.title}</span>
              <Tag color={statusColor[approval.status]}>{t(statusLabel[approval.status])}</Tag>
            </Flex>
          }
          extra={formatDateTime(approval.createdAt)}
        >
          <ApprovalTimeline approval={approval} compact />
        </Card>
      ))}
    </Flex>
  );
}
