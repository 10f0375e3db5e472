import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../../app/api-client';
import { useAuth } from '../../../app/auth-context';
import { useT } from '../../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { money } from '../billing-api';
import { dimensions, measureKinds, ratingColor, type CreditFile, type Dimension } from './credit-api';

type Editing = 'rate' | 'measure';

/** 信用等级与额度 on the customer's account tab (R-CRD-01…04): rating, limit, history, measures. */
export function CreditRatingCard({ customerId }: { customerId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const key = ['customer-credit', customerId];
  const credit = useQuery({ queryKey: key, queryFn: () => api.get<CreditFile>(`/customers/${customerId}/credit`) });
  const [editing, setEditing] = useState<Editing>();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      editing === 'rate'
        ? api.post(`/customers/${customerId}/credit-ratings`, values)
        : api.post(`/customers/${customerId}/credit-measures`, { ...values, validTo: values.validTo ? (values.validTo as dayjs.Dayjs).format('YYYY-MM-DD') : undefined }),
    onSuccess: async () => {
      message.success(editing === 'rate' ? t('rating.rated') : t('adjustments.submitted'));
      setEditing(undefined);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error: Error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });
  const c = credit.data;
  if (!c) return null;
  const p = c.position;
  const current = c.ratings[0];
  const mayMeasure = hasPermission('credit:manage') || hasPermission('contract:write');
  return (
    <Card
      size="small"
      title={t('rating.card')}
      extra={
        <Flex gap={8}>
          {hasPermission('credit:manage') && (
            <Button size="small" type="primary" data-testid="credit-rate" onClick={() => { form.setFieldsValue(current ? { quality: current.scores.quality, strength: current.scores.strength, solvency: current.scores.solvency } : {}); setEditing('rate'); }}>
              {t('rating.rate')}
            </Button>
          )}
          {mayMeasure && (
            <Button size="small" data-testid="credit-measure" onClick={() => { form.setFieldsValue({ kind: 'guarantor' }); setEditing('measure'); }}>
              {t('rating.applyMeasure')}
            </Button>
          )}
        </Flex>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('rating.grade')}>
          {current ? (
            <Flex gap={8} align="center">
              <Tag color={ratingColor[current.rating]} data-testid="credit-rating" style={{ fontSize: 14 }}>
                {current.rating}
              </Tag>
              <span>{t('rating.score', { score: current.totalScore })}</span>
              <Typography.Text type="secondary">{t('rating.version', { version: current.scorecardVersion })}</Typography.Text>
            </Flex>
          ) : (
            t('rating.none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('rating.nextReview')}>{current?.nextReviewOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('rating.performanceNow')}>{c.performanceScore}</Descriptions.Item>
        <Descriptions.Item label={t('rating.limit')}>{p.limit === null ? t('rating.noLimit') : money(p.limit)}</Descriptions.Item>
        <Descriptions.Item label={t('rating.exposure')}>{money(p.exposure)}</Descriptions.Item>
        <Descriptions.Item label={t('rating.available')}>{p.available === null ? '—' : <Typography.Text type={Number(p.available) < 0 ? 'danger' : undefined}>{money(p.available)}</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label={t('rating.security')}>
          {p.securityRequired ? <Tag color={p.securityOnFile ? 'green' : 'red'}>{t(p.securityOnFile ? 'rating.securityOnFile' : 'rating.securityRequired')}</Tag> : t('rating.securityNone')}
        </Descriptions.Item>
        <Descriptions.Item span={2}>
          <Typography.Text type="secondary">{p.limitBasis}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {c.ratings.length > 0 && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          title={() => t('rating.history')}
          dataSource={c.ratings}
          expandable={{ expandedRowRender: (row) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{row.basis}</Typography.Paragraph> }}
          columns={[
            { title: t('rating.ratedOn'), dataIndex: 'ratedOn', width: 110 },
            { title: t('rating.kind'), key: 'kind', width: 90, render: (_, row) => t(`rating.kind.${row.kind}`) },
            ...dimensions.map((dimension: Dimension) => ({ title: t(`rating.dim.${dimension}`), key: dimension, width: 90, align: 'right' as const, render: (_: unknown, row: CreditFile['ratings'][number]) => row.scores[dimension] })),
            { title: t('rating.total'), dataIndex: 'totalScore', width: 80, align: 'right' },
            {
              title: t('rating.grade'),
              key: 'rating',
              width: 120,
              render: (_, row) => (
                <Flex gap={4}>
                  <Tag color={ratingColor[row.rating]}>{row.rating}</Tag>
                  {row.urgent && <Tag color="red">{t('rating.urgent')}</Tag>}
                </Flex>
              ),
            },
            { title: t('rating.ratedBy'), key: 'by', width: 90, render: (_, row) => row.ratedByName ?? t('rating.system') },
          ]}
        />
      )}
      {c.measures.length > 0 && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          title={() => t('rating.measures')}
          dataSource={c.measures}
          columns={[
            { title: t('measure.kind'), dataIndex: 'kindName', width: 120 },
            { title: t('measure.description'), dataIndex: 'description' },
            { title: t('measure.amount'), key: 'amount', width: 120, align: 'right', render: (_, row) => (row.amount ? money(row.amount) : '—') },
            { title: t('measure.validTo'), key: 'validTo', width: 110, render: (_, row) => row.validTo ?? '—' },
            { title: t('bills.settlement'), key: 'status', width: 90, render: (_, row) => <Tag color={{ pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' }[row.status]}>{t(`adjustments.status.${row.status}`)}</Tag> },
          ]}
        />
      )}
      <Modal open={Boolean(editing)} title={editing === 'rate' ? t('rating.rate') : t('rating.applyMeasure')} okButtonProps={{ loading: save.isPending }} onOk={() => form.validateFields().then((values) => save.mutate(values))} onCancel={() => setEditing(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical">
          {editing === 'rate' ? (
            <>
              <Typography.Paragraph type="secondary">{t('rating.computedHelp')}</Typography.Paragraph>
              {(['quality', 'strength', 'solvency'] as const).map((dimension) => (
                <Form.Item key={dimension} name={dimension} label={t(`rating.dim.${dimension}`)} tooltip={t(`rating.dim.${dimension}.help`)} rules={[{ required: true, message: t('common.required', { label: t(`rating.dim.${dimension}`) }) }]}>
                  <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} aria-label={t(`rating.dim.${dimension}`)} />
                </Form.Item>
              ))}
              <Form.Item name="basis" label={t('rating.basis')} rules={[{ required: true, message: t('common.required', { label: t('rating.basis') }) }]}>
                <Input.TextArea rows={4} maxLength={4000} />
              </Form.Item>
            </>
          ) : (
            <>
              <Typography.Paragraph type="secondary">{t('measure.help')}</Typography.Paragraph>
              <Form.Item name="kind" label={t('measure.kind')}>
                <Select aria-label={t('measure.kind')} options={measureKinds.map((value) => ({ value, label: t(`measure.kind.${value}`) }))} />
              </Form.Item>
              <Form.Item name="description" label={t('measure.description')} rules={[{ required: true, message: t('common.required', { label: t('measure.description') }) }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Flex gap={12}>
                <Form.Item name="amount" label={t('measure.amount')} rules={kind === 'limit_increase' ? [{ required: true, message: t('common.required', { label: t('measure.amount') }) }] : []}>
                  <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 180 }} aria-label={t('measure.amount')} />
                </Form.Item>
                <Form.Item name="validTo" label={t('measure.validTo')} rules={kind === 'limit_increase' ? [{ required: true, message: t('common.selectRequired', { label: t('measure.validTo') }) }] : []}>
                  <DatePicker aria-label={t('measure.validTo')} />
                </Form.Item>
              </Flex>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
