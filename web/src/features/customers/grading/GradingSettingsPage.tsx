import { DeleteOutlined, EditOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../app/api-client';
import { useAuth } from '../../../app/auth-context';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { PageContainer } from '../../../ui/PageContainer';
import { OrgUnitTreeSelect } from '../../org/OrgUnitTreeSelect';
import {
  createTier,
  deleteTier,
  formatYuan,
  getDistribution,
  getUnitSetting,
  gradeColor,
  gradingQueryKey,
  resetUnitSetting,
  saveUnitSetting,
  startRegrade,
  updateTier,
  useGradeTiers,
  type DistributionBucket,
  type GradeTier,
  type GradingMethod,
} from './grading-api';
import { useT } from '../../../app/i18n/LocaleProvider';

interface TierFormValues {
  code: string;
  name: string;
  minAnnualRevenue: string;
  sortOrder: number;
}

function TierModal({ tier, onClose }: { tier: GradeTier | null; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TierFormValues>();
  const save = useMutation({
    mutationFn: (values: TierFormValues) =>
      tier
        ? updateTier(tier.code, { name: values.name.trim(), minAnnualRevenue: values.minAnnualRevenue, sortOrder: values.sortOrder })
        : createTier({ ...values, name: values.name.trim() }),
    meta: { silent: true },
    onSuccess: async () => {
      message.success(t('customers.grading.tierSavedItAppliesAt'));
      await queryClient.invalidateQueries({ queryKey: gradingQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal open title={tier ? t('customers.grading.editTier', { name: tier.name }) : t('customers.grading.newTier')} onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form<TierFormValues>
        form={form}
        layout="vertical"
        initialValues={tier ?? { sortOrder: 0 }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="code" label={t('customers.grading.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,31}$/, message: t('customers.grading.232LowerCaseLetters') }]}>
          <Input disabled={Boolean(tier)} placeholder={t('customers.grading.eGSilver2')} />
        </Form.Item>
        <Form.Item name="name" label={t('customers.grading.name')} rules={[{ required: true, whitespace: true, message: t('customers.grading.pleaseEnterAName') }]}>
          <Input maxLength={20} placeholder={t('customers.grading.eGSilver')} />
        </Form.Item>
        <Form.Item
          name="minAnnualRevenue"
          label={t('customers.grading.annualRevenueThresholdCnyBefore')}
          rules={[{ required: true, pattern: /^\d{1,14}(\.\d{1,2})?$/, message: t('customers.grading.pleaseEnterAnAmountWith') }]}
        >
          <Input placeholder={t('customers.grading.eG50000')} prefix="≥ ¥" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('customers.grading.order')}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TiersCard({ canManage }: { canManage: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const tiers = useGradeTiers();
  const [editing, setEditing] = useState<GradeTier | null | undefined>(undefined);
  const remove = useMutation({
    mutationFn: deleteTier,
    onSuccess: async () => {
      message.success(t('customers.grading.tierDeleted'));
      await queryClient.invalidateQueries({ queryKey: gradingQueryKey });
    },
  });
  const columns: TableColumnsType<GradeTier> = [
    { title: t('customers.grading.grade'), dataIndex: 'name', render: (name: string, row) => <Tag color={gradeColor[row.code] ?? 'blue'}>{name}</Tag> },
    { title: t('customers.grading.code'), dataIndex: 'code' },
    { title: t('customers.grading.annualRevenueThreshold'), dataIndex: 'minAnnualRevenue', align: 'right', render: (value: string) => `≥ ${formatYuan(value)}` },
    { title: t('customers.grading.customersNow'), dataIndex: 'customerCount', align: 'right' },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, row) => (
        <Space>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(row)} aria-label={t('customers.grading.edit', { name: row.name })} />
          <Popconfirm title={t('customers.grading.deleteTier', { name: row.name })} description={t('customers.grading.customersWithThisGradeChange')} onConfirm={() => remove.mutate(row.code)}>
            <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('customers.grading.delete', { name: row.name })} />
          </Popconfirm>
        </Space>
      ),
    });
  }
  return (
    <Card
      size="small"
      title={t('customers.grading.revenueTiers')}
      extra={
        canManage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('customers.grading.newTier')}
                      </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('customers.grading.gradedByRevenueOverThe')}
              </Typography.Paragraph>
      <Table<GradeTier> size="small" rowKey="code" loading={tiers.isLoading} dataSource={tiers.data?.items ?? []} columns={columns} pagination={false} />
      {editing !== undefined && <TierModal tier={editing} onClose={() => setEditing(undefined)} />}
    </Card>
  );
}

interface SettingFormValues {
  method: GradingMethod;
  coefficient: number;
  topN: number;
}

function UnitSettingCard({ unitId }: { unitId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingFormValues>();
  const setting = useQuery({ queryKey: [...gradingQueryKey, 'setting', unitId], queryFn: () => getUnitSetting(unitId) });
  const method = Form.useWatch('method', form);
  useEffect(() => {
    if (setting.data) form.setFieldsValue({ method: setting.data.method, coefficient: setting.data.coefficient, topN: setting.data.topN });
  }, [setting.data, form]);
  const onDone = async (text: string) => {
    message.success(text);
    await queryClient.invalidateQueries({ queryKey: [...gradingQueryKey, 'setting'] });
  };
  const save = useMutation({
    mutationFn: (values: SettingFormValues) => saveUnitSetting(unitId, values),
    meta: { silent: true },
    onSuccess: () => onDone(t('customers.grading.settingsSavedTheyApplyAt')),
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  const reset = useMutation({ mutationFn: () => resetUnitSetting(unitId), onSuccess: () => onDone(t('customers.grading.nowInheritsTheParentS')) });
  const data = setting.data;
  const editable = data?.canEdit ?? false;
  return (
    <Card size="small" title={t('customers.grading.unitGradingSettings', { v0: data ? ` — ${data.unitName}` : '' })} loading={setting.isLoading}>
      {data && (
        <>
          <Alert
            type={data.inherited ? 'info' : 'success'}
            showIcon
            style={{ marginBottom: 16 }}
            title={
              data.inherited
                ? data.sourceUnitName
                  ? t('customers.grading.notSetHereInherits', { sourceUnitName: data.sourceUnitName })
                  : t('customers.grading.notSetHereSystemDefaults')
                : t('customers.grading.setForThisUnitSub')
            }
          />
          <Form<SettingFormValues> form={form} layout="vertical" disabled={!editable} onFinish={(values) => save.mutate(values)}>
            <Form.Item name="method" label={t('customers.grading.gradingMethod')}>
              <Radio.Group
                options={[
                  { value: 'revenue', label: t('customers.grading.revenueTiersFactor') },
                  { value: 'quota', label: t('customers.grading.quotaVip15Preferred30') },
                ]}
              />
            </Form.Item>
            {method !== 'quota' && (
              <Form.Item name="coefficient" label={t('customers.grading.thresholdFactor')} extra={t('customers.grading.050150E')} rules={[{ required: true, message: t('customers.grading.pleaseEnterAFactor') }]}>
                <InputNumber min={0.5} max={1.5} step={0.05} precision={2} style={{ width: 160 }} />
              </Form.Item>
            )}
            {method === 'quota' && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('customers.grading.eachUnitSCustomersAre')}
                              </Typography.Paragraph>
            )}
            <Form.Item name="topN" label={t('customers.grading.topCustomersMonitoredN')} rules={[{ required: true, message: t('customers.grading.pleaseEnterANumber') }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} />
            </Form.Item>
            {editable && (
              <Space>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  {t('customers.grading.saveSettings')}
                                  </Button>
                {!data.inherited && (
                  <Popconfirm title={t('customers.grading.removeThisUnitSSettings')} onConfirm={() => reset.mutate()}>
                    <Button loading={reset.isPending}>{t('customers.grading.inheritParent')}</Button>
                  </Popconfirm>
                )}
              </Space>
            )}
          </Form>
        </>
      )}
    </Card>
  );
}

interface JobRunView {
  id: number;
  status: 'running' | 'succeeded' | 'failed';
  progress: number;
  total: number | null;
  message: string;
  output: { processed?: number; changed?: number } | null;
}

function RegradeCard({ unitId }: { unitId?: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<number | null>(null);
  const run = useQuery({
    queryKey: ['jobs', 'runs', runId],
    queryFn: () => api.get<JobRunView>(`/jobs/runs/${runId}`),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: () => startRegrade(unitId),
    onSuccess: (result) => {
      setRunId(result.runId);
      message.info(t('customers.grading.regradingStarted'));
    },
  });
  useEffect(() => {
    if (run.data && run.data.status !== 'running') void queryClient.invalidateQueries({ queryKey: gradingQueryKey });
  }, [run.data, queryClient]);
  const data = run.data;
  const percent = data?.total ? Math.round((data.progress / data.total) * 100) : data?.status === 'succeeded' ? 100 : 0;
  return (
    <Card size="small" title={t('customers.grading.regrading')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('customers.grading.customersAreRegradedEvery1')}
              </Typography.Paragraph>
      <Popconfirm title={unitId ? t('customers.grading.regradeTheCustomersOfThe') : t('customers.grading.regradeAllCustomers')} onConfirm={() => start.mutate()}>
        <Button type="primary" icon={<SyncOutlined spin={data?.status === 'running'} />} loading={start.isPending} disabled={data?.status === 'running'}>
          {t('customers.grading.regradeNow')}
                  </Button>
      </Popconfirm>
      {data && (
        <div style={{ marginTop: 16 }}>
          <Progress aria-label={t('customers.grading.regradeProgress')} percent={percent} status={data.status === 'failed' ? 'exception' : data.status === 'running' ? 'active' : 'success'} />
          <Typography.Text type={data.status === 'failed' ? 'danger' : 'secondary'}>
            {data.status === 'succeeded'
              ? t('customers.grading.doneCustomersGradesChanged', { v0: data.output?.processed ?? 0, v1: data.output?.changed ?? 0 })
              : data.message || t('customers.grading.running')}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}

function Buckets({ buckets, total }: { buckets: DistributionBucket[]; total: number }) {
  const t = useT();
  if (!buckets.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.grading.noData')} />;
  return (
    <Flex vertical gap={4}>
      {buckets.map((bucket) => (
        <Flex key={bucket.code ?? '∅'} align="center" gap={8}>
          <Typography.Text style={{ width: 96, flex: 'none' }} ellipsis={{ tooltip: bucket.name }}>
            {bucket.name}
          </Typography.Text>
          <Progress aria-label={bucket.name} percent={total ? Math.round((bucket.count / total) * 100) : 0} format={() => `${bucket.count}`} style={{ flex: 1, margin: 0 }} />
        </Flex>
      ))}
    </Flex>
  );
}

function DistributionCard({ unitId }: { unitId?: number }) {
  const t = useT();
  const distribution = useQuery({ queryKey: [...gradingQueryKey, 'distribution', unitId ?? null], queryFn: () => getDistribution(unitId) });
  const data = distribution.data;
  return (
    <Card size="small" title={t('customers.grading.distribution')} loading={distribution.isLoading}>
      {data && (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Statistic title={t('customers.grading.customers')} value={data.total} />
            </Col>
            {data.byGrade.map((bucket) => (
              <Col xs={12} md={4} key={bucket.code ?? '∅'}>
                <Statistic title={bucket.name} value={bucket.count} suffix={data.total ? `/ ${Math.round((bucket.count / data.total) * 100)}%` : undefined} />
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            {data.dimensions.map((dimension) => (
              <Col xs={24} md={12} xl={8} key={dimension.key}>
                <Card size="small" type="inner" title={dimension.name}>
                  <Buckets buckets={dimension.buckets} total={data.total} />
                </Card>
              </Col>
            ))}
          </Row>
        </Flex>
      )}
    </Card>
  );
}

/** 分类分级 (R-CUS-20…23): tiers, per-unit method, regrading and the distribution. */
export function GradingSettingsPage() {
  const t = useT();
  const { hasPermission, me } = useAuth();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const canManage = hasPermission('system:manage');
  return (
    <PageContainer
      title={t('menu.grading')}
      subtitle={t('customers.grading.gradeCustomersByAnnualRevenue')}
      extra={<OrgUnitTreeSelect aria-label={t('customers.grading.chooseAUnitDefaultAll')} value={unitId} onChange={(value) => setUnitId(value ?? undefined)} placeholder={t('customers.grading.chooseAUnitDefaultAll')} style={{ width: 260 }} />}
    >
      <DistributionCard unitId={unitId} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TiersCard canManage={canManage} />
        </Col>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            {unitId ? <UnitSettingCard unitId={unitId} /> : <Card size="small">{t('customers.grading.chooseAUnitToView')}</Card>}
            {canManage && <RegradeCard unitId={unitId} />}
          </Flex>
        </Col>
      </Row>
    </PageContainer>
  );
}
