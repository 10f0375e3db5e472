import type { MessageKey, Translate } from '../../app/i18n/dictionary';
import { Descriptions, Empty, Flex, Steps, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../ui/format';
import { actionColor, actionLabel, statusColor, statusLabel, stepStatus } from './approval-labels';
import type { ApprovalDetail } from './approvals-api';
import { useT } from '../../app/i18n/LocaleProvider';

const dataLabels: Record<string, MessageKey> = { amount: 'approvals.amountCny', reason: 'approvals.reason', discountRate: 'approvals.discountRate' };

function formatValue(t: Translate, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  if (typeof value === 'boolean') return t(value ? 'approvals.yes' : 'approvals.no');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Header facts, the resolved steps and every decision with its time and comment. */
export function ApprovalTimeline({ approval, compact = false }: { approval: ApprovalDetail; compact?: boolean }) {
  const t = useT();
  const dataEntries = Object.entries(approval.data);
  return (
    <Flex vertical gap={16}>
      {!compact && (
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('approvals.businessType2')}>{approval.businessTypeName}</Descriptions.Item>
          <Descriptions.Item label={t('users.status')}>
            <Tag color={statusColor[approval.status]}>{t(statusLabel[approval.status])}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('approvals.applicant')}>
            {approval.applicant.name}
            {approval.applicantUnitName ? `（${approval.applicantUnitName}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('approvals.submitted')}>{formatDateTime(approval.createdAt)}</Descriptions.Item>
          {dataEntries.map(([key, value]) => (
            <Descriptions.Item key={key} label={dataLabels[key] ? t(dataLabels[key]) : key}>
              {formatValue(t, value)}
            </Descriptions.Item>
          ))}
          {approval.link && (
            <Descriptions.Item label={t('approvals.businessRecord')}>
              <Typography.Link href={approval.link}>{t('approvals.openTheRecord')}</Typography.Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {approval.steps.length > 0 ? (
        <Steps
          size="small"
          orientation="vertical"
          current={approval.currentStep}
          items={approval.steps.map((step) => ({
            title: t('approvals.step4', { v0: step.index + 1, name: step.name }),
            status: stepStatus[step.state],
            content: (
              <Typography.Text type="secondary">
                {t('approvals.approvers')}{step.approvers.map((person) => person.name).join(t('common.listSeparator')) || '—'}
                {step.condition ? t('approvals.condition', { condition: step.conditionText ?? step.condition }) : ''}
              </Typography.Text>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.noApprovalStepsNeeded')} />
      )}
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('approvals.history')}
                  </Typography.Title>
        <Timeline
          items={approval.actions.map((action) => ({
            key: action.id,
            color: actionColor[action.action],
            title: formatDateTime(action.at, true),
            content: (
              <Flex vertical gap={2}>
                <span>
                  <Typography.Text strong>{action.actor.name}</Typography.Text> {t(actionLabel[action.action])}
                  {action.stepName && (action.action === 'approve' || action.action === 'reject' || action.action === 'return')
                    ? t('approvals.step3', { v0: action.stepIndex + 1, stepName: action.stepName })
                    : ''}
                </span>
                {action.comment && <Typography.Text type="secondary">{t('approvals.comment')}{action.comment}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      </div>
    </Flex>
  );
}
