import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Descriptions, Flex, Input, Modal, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth, useMe } from '../../../app/auth-context';
import { formatDateTime } from '../../../ui/format';
import { getVisit, reviewVisit, visitMethodLabels, visitsQueryKey, type Visit } from './visits-api';

export function VisitFlags({ visit }: { visit: Pick<Visit, 'late' | 'valid' | 'progress' | 'reviewedAt'> }) {
  return (
    <Flex gap={4} wrap>
      {visit.late && <Tag color="red">迟报</Tag>}
      {!visit.valid && <Tag>无效跟进</Tag>}
      {visit.progress && <Tag color="green">有进展</Tag>}
      {visit.reviewedAt ? <Tag color="blue">已审阅</Tag> : <Tag color="default">未审阅</Tag>}
    </Flex>
  );
}

/** One visit report with the manager's review (R-DEV-31). */
export function VisitDetailModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { hasPermission } = useAuth();
  const me = useMe();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const visit = useQuery({ queryKey: [...visitsQueryKey, 'detail', id], queryFn: () => getVisit(id!), enabled: id !== null });
  const review = useMutation({
    mutationFn: () => reviewVisit(id!, comment.trim()),
    onSuccess: async () => {
      message.success('审阅意见已保存，已通知记录人');
      setComment('');
      await queryClient.invalidateQueries({ queryKey: visitsQueryKey });
    },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });
  const v = visit.data;
  const canReview = v && v.userId !== me.id && hasPermission('development:assign');

  return (
    <Modal open={id !== null} onCancel={onClose} footer={null} width={720} title="拜访记录" destroyOnHidden>
      {visit.isError && <Typography.Text type="danger">{visit.error.message}</Typography.Text>}
      {!v ? (
        !visit.isError && <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="客户" span={2}>
              <Link to={`/customers/${v.customerId}`}>{v.customerName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label="拜访日期">{v.visitDate}</Descriptions.Item>
            <Descriptions.Item label="方式">{visitMethodLabels[v.method]}</Descriptions.Item>
            <Descriptions.Item label="记录人">
              {v.userName}（{v.unitName}）
            </Descriptions.Item>
            <Descriptions.Item label="提交时间">
              {formatDateTime(v.reportedAt)}（应于 {v.reportDueDate} 前）
            </Descriptions.Item>
            <Descriptions.Item label="联系人">{v.contactName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="关联商机">{v.opportunityId ? <Link to={`/development/opportunities/${v.opportunityId}`}>{v.opportunityName}</Link> : '—'}</Descriptions.Item>
            <Descriptions.Item label="参与人" span={2}>
              {v.participants.join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="拜访内容" span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{v.content}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="客户反馈" span={2}>
              {v.feedback ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="下一步">{v.nextStep ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="下次跟进">{v.nextDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="标记" span={2}>
              <VisitFlags visit={v} />
            </Descriptions.Item>
            {v.reviewedAt && (
              <Descriptions.Item label="审阅意见" span={2}>
                {v.reviewComment}（{v.reviewedByName}，{formatDateTime(v.reviewedAt)}）
              </Descriptions.Item>
            )}
          </Descriptions>
          {canReview && (
            <Flex vertical gap={8}>
              <Input.TextArea rows={3} maxLength={1000} placeholder="审阅意见，将通知记录人" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="visit-review-comment" />
              <Button type="primary" disabled={!comment.trim()} loading={review.isPending} onClick={() => review.mutate()} style={{ alignSelf: 'flex-end' }} data-testid="visit-review">
                {v.reviewedAt ? '更新审阅意见' : '提交审阅'}
              </Button>
            </Flex>
          )}
        </Flex>
      )}
    </Modal>
  );
}
