import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../app/api-client';
import { useAuth } from '../../../app/auth-context';
import { useT } from '../../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { PageContainer } from '../../../ui/PageContainer';
import { money } from '../billing-api';
import { dimensions, ratingColor, ratings, type Rating, type RatingPolicy, type RatingRow, type Scorecard } from './credit-api';

type Values = Pick<Scorecard, 'weights' | 'thresholds' | 'policies' | 'note'>;
const statusColor: Record<Scorecard['status'], string> = { pending: 'gold', active: 'green', superseded: 'default', rejected: 'red', withdrawn: 'default' };

/** 信用评级 (R-CRD-01…03): every rated customer with its review date, and the scorecard versions. */
export function CreditPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState<Rating>();
  const [reviewDue, setReviewDue] = useState(false);
  const [proposing, setProposing] = useState(false);
  const [form] = Form.useForm<Values>();
  const weights = Form.useWatch('weights', form);
  const list = useQuery({ queryKey: ['credit-ratings', rating, reviewDue], queryFn: () => api.get<RatingRow[]>(`/credit/ratings?${new URLSearchParams({ ...(rating ? { rating } : {}), reviewDue: String(reviewDue) })}`) });
  const cards = useQuery({ queryKey: ['credit-scorecards'], queryFn: () => api.get<Scorecard[]>('/credit/scorecards') });
  const propose = useMutation({
    mutationFn: (values: Values) => api.post<Scorecard>('/credit/scorecards', values),
    onSuccess: async () => {
      message.success(t('adjustments.submitted'));
      setProposing(false);
      await queryClient.invalidateQueries({ queryKey: ['credit-scorecards'] });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const policyText = (key: Rating, policy: RatingPolicy) =>
    t(`scorecard.policyText.${policy.limitMode}`, { rating: key, amount: money(policy.fixedLimit) }) + (policy.limitAfterMonths ? t('scorecard.policyAfter', { months: policy.limitAfterMonths }) : '') + (policy.security ? t('scorecard.policySecurity') : '');
  const weightSum = dimensions.reduce((sum, key) => sum + Number(weights?.[key] ?? 0), 0);

  const ratingsTab = (
    <>
      <Flex gap={16} align="center" style={{ marginBottom: 12 }}>
        <Select<Rating | undefined> allowClear placeholder={t('credit.page.allRatings')} aria-label={t('rating.grade')} style={{ width: 160 }} value={rating} onChange={setRating} options={ratings.map((value) => ({ value, label: value }))} />
        <Flex gap={8} align="center">
          <Switch checked={reviewDue} onChange={setReviewDue} aria-label={t('credit.page.reviewDue')} />
          <span>{t('credit.page.reviewDue')}</span>
        </Flex>
      </Flex>
      <Table<RatingRow>
        rowKey="customerId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('billing.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}?tab=account`}>{row.customerName}</Link> },
          { title: t('rating.grade'), key: 'rating', width: 140, render: (_, row) => <Flex gap={4}><Tag color={ratingColor[row.rating]}>{row.rating}</Tag>{row.urgent && <Tag color="red">{t('rating.urgent')}</Tag>}</Flex> },
          { title: t('rating.total'), dataIndex: 'totalScore', width: 90, align: 'right' },
          { title: t('rating.ratedOn'), dataIndex: 'ratedOn', width: 120 },
          { title: t('rating.nextReview'), key: 'next', width: 180, render: (_, row) => <Flex gap={4}>{row.nextReviewOn}{row.reviewOverdue && <Tag color="orange">{t('credit.page.reviewOverdue')}</Tag>}</Flex> },
        ]}
      />
    </>
  );
  const scorecardsTab = (
    <Table<Scorecard>
      rowKey="id"
      size="small"
      loading={cards.isLoading}
      dataSource={cards.data ?? []}
      pagination={false}
      columns={[
        { title: t('scorecard.version'), dataIndex: 'version', width: 70 },
        { title: t('scorecard.status'), key: 'status', width: 90, render: (_, row) => <Tag color={statusColor[row.status]}>{t(`scorecard.status.${row.status}`)}</Tag> },
        { title: t('scorecard.weights'), key: 'weights', render: (_, row) => dimensions.map((key) => `${t(`rating.dim.${key}`)} ${row.weights[key]}`).join(t('common.listSeparator')) },
        { title: t('scorecard.thresholds'), key: 'thresholds', width: 200, render: (_, row) => t('scorecard.thresholdsText', { a: row.thresholds.A, b: row.thresholds.B, c: row.thresholds.C }) },
        { title: t('scorecard.policies'), key: 'policies', render: (_, row) => ratings.map((key) => <div key={key}>{policyText(key, row.policies[key])}</div>) },
        { title: t('scorecard.note'), dataIndex: 'note', ellipsis: true },
      ]}
    />
  );
  const active = cards.data?.find((card) => card.status === 'active');
  return (
    <PageContainer
      title={t('credit.page.title')}
      subtitle={t('credit.page.subtitle')}
      extra={
        hasPermission('credit:manage') && (
          <Button icon={<PlusOutlined />} data-testid="scorecard-propose" onClick={() => { form.setFieldsValue({ ...(active ?? {}), note: '' }); setProposing(true); }}>
            {t('scorecard.propose')}
          </Button>
        )
      }
    >
      <Tabs items={[{ key: 'ratings', label: t('credit.page.ratings'), children: ratingsTab }, { key: 'scorecards', label: t('credit.page.scorecards'), children: scorecardsTab }]} />
      <Modal width={760} open={proposing} title={t('scorecard.propose')} okButtonProps={{ loading: propose.isPending }} onOk={() => form.validateFields().then((values) => propose.mutate(values))} onCancel={() => setProposing(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('scorecard.proposeHelp')}</Typography.Paragraph>
        <Form<Values> form={form} layout="vertical">
          <Form.Item label={`${t('scorecard.weights')} · ${t('scorecard.weightSum', { sum: weightSum })}`} style={{ marginBottom: 0 }}>
            <Flex gap={12} wrap>
              {dimensions.map((key) => (
                <Form.Item key={key} name={['weights', key]} label={t(`rating.dim.${key}`)}>
                  <InputNumber min={0} max={100} precision={0} style={{ width: 110 }} aria-label={t(`rating.dim.${key}`)} />
                </Form.Item>
              ))}
            </Flex>
          </Form.Item>
          <Form.Item label={t('scorecard.thresholds')} style={{ marginBottom: 0 }}>
            <Flex gap={12}>
              {(['A', 'B', 'C'] as const).map((key) => (
                <Form.Item key={key} name={['thresholds', key]} label={`${key} ≥`}>
                  <InputNumber min={0} max={100} precision={0} style={{ width: 110 }} aria-label={`${key} ≥`} />
                </Form.Item>
              ))}
            </Flex>
          </Form.Item>
          {ratings.map((key) => (
            <Flex key={key} gap={12} align="end" wrap>
              <Tag color={ratingColor[key]} style={{ marginBottom: 30 }}>
                {key}
              </Tag>
              <Form.Item name={['policies', key, 'limitMode']} label={t('scorecard.limitMode')}>
                <Select style={{ width: 140 }} aria-label={`${key} ${t('scorecard.limitMode')}`} options={(['one_period', 'fixed', 'none'] as const).map((value) => ({ value, label: t(`scorecard.limitMode.${value}`) }))} />
              </Form.Item>
              <Form.Item name={['policies', key, 'fixedLimit']} label={t('scorecard.fixedLimit')}>
                <InputNumber<string> stringMode min="0" precision={2} style={{ width: 140 }} aria-label={`${key} ${t('scorecard.fixedLimit')}`} />
              </Form.Item>
              <Form.Item name={['policies', key, 'limitAfterMonths']} label={t('scorecard.limitAfterMonths')}>
                <InputNumber min={0} max={36} precision={0} style={{ width: 120 }} aria-label={`${key} ${t('scorecard.limitAfterMonths')}`} />
              </Form.Item>
              <Form.Item name={['policies', key, 'security']} valuePropName="checked">
                <Checkbox>{t('scorecard.security')}</Checkbox>
              </Form.Item>
            </Flex>
          ))}
          <Form.Item name="note" label={t('scorecard.note')} rules={[{ required: true, message: t('common.required', { label: t('scorecard.note') }) }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
