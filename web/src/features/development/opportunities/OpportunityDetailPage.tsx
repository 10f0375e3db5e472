import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Result, Row, Select, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { isApiError } from '../../../app/api-client';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useDictionaryLabels } from '../../customers/labels';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import {
  intentLevelColor,
  intentLevelOptions,
  intentLevelText,
  money,
  opportunitiesQueryKey,
  statusLabel,
  updateOpportunity,
  useOpportunity,
  type IntentLevel,
  type OpportunityDetail,
} from './opportunities-api';
import { useStageMove } from './use-stage-move';
import { useT } from '../../../app/i18n/LocaleProvider';

interface EditValues {
  name: string;
  spaceTypeCode?: string;
  area?: number | null;
  budget?: number | null;
  amount?: number | null;
  probability?: number;
  expectedSignDate?: Dayjs | null;
  intentLevel?: IntentLevel;
  note?: string;
}

const decimal = (value: number | null | undefined) => (value === null || value === undefined ? null : String(value));
const numberOf = (value: string | null) => (value === null ? null : Number(value));

function EditModal({ opportunity, open, onClose }: { opportunity: OpportunityDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<EditValues>();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const spaceTypes = useDictionaryItems('space_type');
  const closed = opportunity.status !== 'open';
  const save = useMutation({
    mutationFn: (values: EditValues) =>
      updateOpportunity(
        opportunity.id,
        closed
          ? { note: values.note?.trim() || null, version: opportunity.version }
          : {
              name: values.name,
              spaceTypeCode: values.spaceTypeCode ?? null,
              area: decimal(values.area),
              budget: decimal(values.budget),
              amount: decimal(values.amount),
              probability: values.probability,
              expectedSignDate: values.expectedSignDate ? values.expectedSignDate.format('YYYY-MM-DD') : null,
              intentLevel: values.intentLevel,
              note: values.note?.trim() || null,
              version: opportunity.version,
            },
      ),
    meta: { silent: true },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: opportunitiesQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal title={t('development.opportunities.editOpportunity')} open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} width={640} destroyOnHidden>
      {closed && <Alert type="info" showIcon title={t('development.opportunities.theOpportunityIsClosedOnly')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        disabled={save.isPending}
        initialValues={{
          name: opportunity.name,
          spaceTypeCode: opportunity.spaceTypeCode ?? undefined,
          area: numberOf(opportunity.area),
          budget: numberOf(opportunity.budget),
          amount: numberOf(opportunity.amount),
          probability: opportunity.probability,
          expectedSignDate: opportunity.expectedSignDate ? dayjs(opportunity.expectedSignDate) : null,
          intentLevel: opportunity.intentLevel,
          note: opportunity.note ?? undefined,
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="name" label={t('development.opportunities.opportunityName')} rules={[{ required: true, message: t('development.opportunities.pleaseEnterTheOpportunityName') }]}>
          <Input maxLength={100} disabled={closed} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="spaceTypeCode" label={t('development.opportunities.spaceTypeNeeded')}>
              <Select disabled={closed} options={(spaceTypes.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="area" label={t('development.opportunities.areaNeededM')}>
              <InputNumber disabled={closed} min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="budget" label={t('development.opportunities.customerBudgetCny')}>
              <InputNumber disabled={closed} min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="amount" label={t('development.opportunities.expectedAmountCny')}>
              <InputNumber disabled={closed} min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="probability" label={t('development.opportunities.probability3')}>
              <InputNumber disabled={closed} min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="expectedSignDate" label={t('development.opportunities.expectedSigningDate')}>
              <DatePicker disabled={closed} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="intentLevel" label={t('development.opportunities.intentLevel')}>
              <Select disabled={closed} options={intentLevelOptions.map((option) => ({ ...option, label: t(option.label) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('development.opportunities.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 商机详情: fields, stage path with quick moves, stage history and the customer link. */
export function OpportunityDetailPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { hasPermission } = useAuth();
  const detail = useOpportunity(id);
  const stages = useDictionaryItems('opportunity_stage');
  const spaceType = useDictionaryLabels('space_type');
  const lostReason = useDictionaryLabels('lost_reason');
  const { move, pendingId, modal } = useStageMove();
  const [editing, setEditing] = useState(false);

  if (detail.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (detail.error || !detail.data) {
    const missing = isApiError(detail.error) && detail.error.status === 404;
    return <Result status={missing ? '404' : 'error'} title={missing ? t('development.opportunities.theOpportunityDoesNotExist') : t('common.loadFailed')} extra={<Link to="/development/opportunities">{t('development.opportunities.backToOpportunities')}</Link>} />;
  }
  const opp = detail.data;
  const canWrite = hasPermission('development:write');
  const open = opp.status === 'open';
  const openStages = (stages.data?.items ?? []).filter((item) => item.code !== 'won' && item.code !== 'lost');
  const current = openStages.findIndex((item) => item.code === opp.stageCode);

  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          {opp.name}
          <Tag color={statusLabel[opp.status].color}>{opp.status === 'open' ? opp.stageLabel : statusLabel[opp.status].text}</Tag>
          {opp.stale && <Tag color="error">{t('development.opportunities.followUpOverdue')}</Tag>}
        </Flex>
      }
      subtitle={t('development.opportunities.customer', { number: opp.number, customerName: opp.customerName })}
      extra={
        canWrite && (
          <>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common.edit')}
                          </Button>
            {open && (
              <>
                <Button type="primary" onClick={() => move(opp, 'won')} loading={pendingId === opp.id}>
                  {t('development.opportunities.won')}
                                  </Button>
                <Button danger onClick={() => move(opp, 'lost')}>
                  {t('development.opportunities.lost')}
                                  </Button>
              </>
            )}
          </>
        )
      }
    >
      <Card size="small" title={t('development.opportunities.stage')}>
        <Steps
          size="small"
          current={opp.status === 'won' ? openStages.length : current}
          status={opp.status === 'lost' ? 'error' : opp.status === 'won' ? 'finish' : 'process'}
          onChange={canWrite && open ? (index) => openStages[index] && move(opp, openStages[index].code) : undefined}
          items={openStages.map((item) => ({ title: item.label }))}
        />
        {opp.status === 'lost' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('development.opportunities.lostBecause', { v0: lostReason(opp.lostReasonCode), v1: opp.lostNote ? `（${opp.lostNote}）` : '' })}
          />
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('development.opportunities.opportunity')}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('audit.entity.customer')}>
                <Link to={`/customers/${opp.customerId}`}>{opp.customerName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('org.manager')}>
                {opp.ownerName}（{opp.unitName}）
              </Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.spaceNeeded')}>
                {spaceType(opp.spaceTypeCode)}
                {opp.area ? ` · ${opp.area} ㎡` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.customerBudget')}>{money(opp.budget)}</Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.expectedAmount')}>{money(opp.amount)}</Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.probability2')}>{opp.probability}%</Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.expectedSigning')}>{opp.expectedSignDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.intentLevel')}>
                <Tag color={intentLevelColor[opp.intentLevel]}>{t(intentLevelText[opp.intentLevel])}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.lastFollowUp')}>{formatDateTime(opp.lastFollowUpAt)}</Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.nextFollowUpDue')}>
                <Typography.Text type={opp.stale ? 'danger' : undefined}>{opp.followUpDueDate ?? '—'}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('users.createdAt')}>{formatDateTime(opp.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.closed')}>{formatDateTime(opp.closedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('development.opportunities.note')} span={2}>
                {opp.note ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('development.opportunities.stageHistory')}>
            <Timeline
              items={[...opp.stageHistory].reverse().map((change) => ({
                color: change.toStage === 'lost' ? 'gray' : change.toStage === 'won' ? 'green' : change.forward ? 'blue' : 'orange',
                content: (
                  <Flex vertical>
                    <Typography.Text>{change.fromLabel ? `${change.fromLabel} → ${change.toLabel}` : t('development.opportunities.createdIn', { toLabel: change.toLabel })}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(change.at)} · {change.actorName ?? t('development.opportunities.system')}
                    </Typography.Text>
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {editing && <EditModal opportunity={opp} open={editing} onClose={() => setEditing(false)} />}
      {modal}
    </PageContainer>
  );
}
