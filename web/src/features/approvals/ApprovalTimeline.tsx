import { Descriptions, Empty, Flex, Steps, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../ui/format';
import { actionColor, actionLabel, statusColor, statusLabel, stepStatus } from './approval-labels';
import type { ApprovalDetail } from './approvals-api';

const dataLabels: Record<string, string> = { amount: '金额（元）', reason: '申请事由', discountRate: '优惠幅度' };

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Header facts, the resolved steps and every decision with its time and comment. */
export function ApprovalTimeline({ approval, compact = false }: { approval: ApprovalDetail; compact?: boolean }) {
  const dataEntries = Object.entries(approval.data);
  return (
    <Flex vertical gap={16}>
      {!compact && (
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="审批类型">{approval.businessTypeName}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={statusColor[approval.status]}>{statusLabel[approval.status]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="申请人">
            {approval.applicant.name}
            {approval.applicantUnitName ? `（${approval.applicantUnitName}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatDateTime(approval.createdAt)}</Descriptions.Item>
          {dataEntries.map(([key, value]) => (
            <Descriptions.Item key={key} label={dataLabels[key] ?? key}>
              {formatValue(value)}
            </Descriptions.Item>
          ))}
          {approval.link && (
            <Descriptions.Item label="业务记录">
              <Typography.Link href={approval.link}>查看业务记录</Typography.Link>
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
            title: `第 ${step.index + 1} 步：${step.name}`,
            status: stepStatus[step.state],
            content: (
              <Typography.Text type="secondary">
                审批人：{step.approvers.map((person) => person.name).join('、') || '—'}
                {step.condition ? `；条件：${step.condition}` : ''}
              </Typography.Text>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无需审批步骤" />
      )}
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          处理记录
        </Typography.Title>
        <Timeline
          items={approval.actions.map((action) => ({
            key: action.id,
            color: actionColor[action.action],
            title: formatDateTime(action.at, true),
            content: (
              <Flex vertical gap={2}>
                <span>
                  <Typography.Text strong>{action.actor.name}</Typography.Text> {actionLabel[action.action]}
                  {action.stepName && (action.action === 'approve' || action.action === 'reject' || action.action === 'return')
                    ? `（第 ${action.stepIndex + 1} 步：${action.stepName}）`
                    : ''}
                </span>
                {action.comment && <Typography.Text type="secondary">意见：{action.comment}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      </div>
    </Flex>
  );
}
