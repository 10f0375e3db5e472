import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Descriptions, Flex, Input, Modal, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth, useMe } from '../../../app/auth-context';
import { formatDateTime } from '../../../ui/format';
import { getVisit, reviewVisit, visitMethodLabels, visitsQueryKey, type Visit } from './visits-api';
import { useT } from '../../../app/i18n/LocaleProvider';

export function VisitFlags({ visit }: { visit: Pick<Visit, 'late' | 'valid' | 'progress' | 'reviewedAt'> }) {
  const t = useT();
  return (
    <Flex gap={4} wrap>
      {visit.late && <Tag color="red">{t('development.visits.lateReport')}</Tag>}
      {!visit.valid && <Tag>{t('development.visits.notAValidFollowUp')}</Tag>}
      {visit.progress && <Tag color="green">{t('development.visits.progress')}</Tag>}
      {visit.reviewedAt ? <Tag color="blue">{t('development.visits.reviewed')}</Tag> : <Tag color="default">{t('development.visits.notReviewed')}</Tag>}
    </Flex>
  );
}

/** One visit report with the manager's review (R-DEV-31). */
export function VisitDetailModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const t = useT();
  const { hasPermission } = useAuth();
  const me = useMe();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const visit = useQuery({ queryKey: [...visitsQueryKey, 'detail', id], queryFn: () => getVisit(id!), enabled: id !== null });
  const review = useMutation({
    mutationFn: () => reviewVisit(id!, comment.trim()),
    onSuccess: async () => {
      message.success(t('development.visits.reviewSavedTheAuthorHas'));
      setComment('');
      await queryClient.invalidateQueries({ queryKey: visitsQueryKey });
    },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });
  const v = visit.data;
  const canReview = v && v.userId !== me.id && hasPermission('development:assign');

  return (
    <Modal open={id !== null} onCancel={onClose} footer={null} width={720} title={t('menu.visits')} destroyOnHidden>
      {visit.isError && <Typography.Text type="danger">{visit.error.message}</Typography.Text>}
      {!v ? (
        !visit.isError && <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('audit.entity.customer')} span={2}>
              <Link to={`/customers/${v.customerId}`}>{v.customerName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('development.visits.visitDate')}>{v.visitDate}</Descriptions.Item>
            <Descriptions.Item label={t('development.visits.method')}>{t(visitMethodLabels[v.method])}</Descriptions.Item>
            <Descriptions.Item label={t('development.visits.recordedBy')}>
              {v.userName}（{v.unitName}）
            </Descriptions.Item>
            <Descriptions.Item label={t('development.visits.submitted')}>
              {formatDateTime(v.reportedAt)}{t('development.visits.due')}{' '}{v.reportDueDate} {t('development.visits.text')}
                            </Descriptions.Item>
            <Descriptions.Item label={t('development.visits.contacts')}>{v.contactName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('development.visits.opportunity')}>{v.opportunityId ? <Link to={`/development/opportunities/${v.opportunityId}`}>{v.opportunityName}</Link> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('development.visits.participants')} span={2}>
              {v.participants.join(t('common.listSeparator')) || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('development.visits.whatHappened')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{v.content}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('development.visits.customerFeedback')} span={2}>
              {v.feedback ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('development.visits.nextStep2')}>{v.nextStep ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('development.visits.nextFollowUp')}>{v.nextDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('development.visits.flags')} span={2}>
              <VisitFlags visit={v} />
            </Descriptions.Item>
            {v.reviewedAt && (
              <Descriptions.Item label={t('development.visits.review')} span={2}>
                {v.reviewComment}（{v.reviewedByName}，{formatDateTime(v.reviewedAt)}）
              </Descriptions.Item>
            )}
          </Descriptions>
          {canReview && (
            <Flex vertical gap={8}>
              <Input.TextArea rows={3} maxLength={1000} placeholder={t('development.visits.reviewCommentTheAuthorIs')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="visit-review-comment" />
              <Button type="primary" disabled={!comment.trim()} loading={review.isPending} onClick={() => review.mutate()} style={{ alignSelf: 'flex-end' }} data-testid="visit-review">
                {v.reviewedAt ? t('development.visits.updateReview') : t('development.visits.submitReview')}
              </Button>
            </Flex>
          )}
        </Flex>
      )}
    </Modal>
  );
}
