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

interface TierFormValues {
  code: string;
  name: string;
  minAnnualRevenue: string;
  sortOrder: number;
}

function TierModal({ tier, onClose }: { tier: GradeTier | null; onClose: () => void }) {
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
      message.success('分级档次已保存，下次重新分级时生效');
      await queryClient.invalidateQueries({ queryKey: gradingQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  return (
    <Modal open title={tier ? `编辑档次「${tier.name}」` : '新增档次'} onOk={() => form.submit()} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden>
      <Form<TierFormValues>
        form={form}
        layout="vertical"
        initialValues={tier ?? { sortOrder: 0 }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="code" label="代码" rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,31}$/, message: '2–32 位小写字母、数字或下划线，以字母开头' }]}>
          <Input disabled={Boolean(tier)} placeholder="例如 silver" />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={20} placeholder="例如 白银" />
        </Form.Item>
        <Form.Item
          name="minAnnualRevenue"
          label="年收入门槛（元，未乘单位系数）"
          rules={[{ required: true, pattern: /^\d{1,14}(\.\d{1,2})?$/, message: '请输入不超过两位小数的金额' }]}
        >
          <Input placeholder="例如 50000" prefix="≥ ¥" />
        </Form.Item>
        <Form.Item name="sortOrder" label="显示顺序">
          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TiersCard({ canManage }: { canManage: boolean }) {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const tiers = useGradeTiers();
  const [editing, setEditing] = useState<GradeTier | null | undefined>(undefined);
  const remove = useMutation({
    mutationFn: deleteTier,
    onSuccess: async () => {
      message.success('档次已删除');
      await queryClient.invalidateQueries({ queryKey: gradingQueryKey });
    },
  });
  const columns: TableColumnsType<GradeTier> = [
    { title: '等级', dataIndex: 'name', render: (name: string, row) => <Tag color={gradeColor[row.code] ?? 'blue'}>{name}</Tag> },
    { title: '代码', dataIndex: 'code' },
    { title: '年收入门槛', dataIndex: 'minAnnualRevenue', align: 'right', render: (value: string) => `≥ ${formatYuan(value)}` },
    { title: '当前客户数', dataIndex: 'customerCount', align: 'right' },
  ];
  if (canManage) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 120,
      render: (_, row) => (
        <Space>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(row)} aria-label={`编辑${row.name}`} />
          <Popconfirm title={`删除档次「${row.name}」？`} description="该等级的客户在下次重新分级时调整" onConfirm={() => remove.mutate(row.code)}>
            <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={`删除${row.name}`} />
          </Popconfirm>
        </Space>
      ),
    });
  }
  return (
    <Card
      size="small"
      title="收入分级档次"
      extra={
        canManage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            新增档次
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        按近 12 个月收入（截至上一个完整月份）评定；门槛乘以单位系数；低于最低档为「合格」。
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
    onSuccess: () => onDone('分级设置已保存，下次重新分级时生效'),
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  const reset = useMutation({ mutationFn: () => resetUnitSetting(unitId), onSuccess: () => onDone('已恢复沿用上级设置') });
  const data = setting.data;
  const editable = data?.canEdit ?? false;
  return (
    <Card size="small" title={`单位分级设置${data ? ` — ${data.unitName}` : ''}`} loading={setting.isLoading}>
      {data && (
        <>
          <Alert
            type={data.inherited ? 'info' : 'success'}
            showIcon
            style={{ marginBottom: 16 }}
            title={
              data.inherited
                ? data.sourceUnitName
                  ? `未单独设置，沿用上级「${data.sourceUnitName}」的设置`
                  : '未单独设置，使用系统默认（按收入分级，系数 1.00，重点客户 100 名）'
                : '本单位已单独设置，下级单位未单独设置时沿用'
            }
          />
          <Form<SettingFormValues> form={form} layout="vertical" disabled={!editable} onFinish={(values) => save.mutate(values)}>
            <Form.Item name="method" label="分级方式">
              <Radio.Group
                options={[
                  { value: 'revenue', label: '按收入档次 × 系数' },
                  { value: 'quota', label: '按配额（VIP ≤ 15%，优选 ≤ 30%）' },
                ]}
              />
            </Form.Item>
            {method !== 'quota' && (
              <Form.Item name="coefficient" label="门槛系数" extra="0.50–1.50；例如 0.80 表示门槛打八折（200,000 × 0.8 = 160,000）" rules={[{ required: true, message: '请填写系数' }]}>
                <InputNumber min={0.5} max={1.5} step={0.05} precision={2} style={{ width: 160 }} />
              </Form.Item>
            )}
            {method === 'quota' && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                每个单位的客户按近 12 个月收入从高到低排序：前 15% 为 VIP、其后 30% 为优选（名额向下取整，无收入的客户不占名额），其余为合格。
              </Typography.Paragraph>
            )}
            <Form.Item name="topN" label="重点客户监控数量（N）" rules={[{ required: true, message: '请填写数量' }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} />
            </Form.Item>
            {editable && (
              <Space>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  保存设置
                </Button>
                {!data.inherited && (
                  <Popconfirm title="取消单独设置，恢复沿用上级？" onConfirm={() => reset.mutate()}>
                    <Button loading={reset.isPending}>恢复沿用上级</Button>
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
      message.info('已开始重新分级');
    },
  });
  useEffect(() => {
    if (run.data && run.data.status !== 'running') void queryClient.invalidateQueries({ queryKey: gradingQueryKey });
  }, [run.data, queryClient]);
  const data = run.data;
  const percent = data?.total ? Math.round((data.progress / data.total) * 100) : data?.status === 'succeeded' ? 100 : 0;
  return (
    <Card size="small" title="重新分级">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        系统每年 1 月 1 日自动重新分级（可在「定时任务」中调整）；只记录等级有变化的客户，并写入变更原因。
      </Typography.Paragraph>
      <Popconfirm title={unitId ? '对所选单位及下级单位的客户重新分级？' : '对全部客户重新分级？'} onConfirm={() => start.mutate()}>
        <Button type="primary" icon={<SyncOutlined spin={data?.status === 'running'} />} loading={start.isPending} disabled={data?.status === 'running'}>
          立即重新分级
        </Button>
      </Popconfirm>
      {data && (
        <div style={{ marginTop: 16 }}>
          <Progress percent={percent} status={data.status === 'failed' ? 'exception' : data.status === 'running' ? 'active' : 'success'} />
          <Typography.Text type={data.status === 'failed' ? 'danger' : 'secondary'}>
            {data.status === 'succeeded'
              ? `完成：处理 ${data.output?.processed ?? 0} 个客户，其中 ${data.output?.changed ?? 0} 个等级变更`
              : data.message || '运行中…'}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}

function Buckets({ buckets, total }: { buckets: DistributionBucket[]; total: number }) {
  if (!buckets.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />;
  return (
    <Flex vertical gap={4}>
      {buckets.map((bucket) => (
        <Flex key={bucket.code ?? '∅'} align="center" gap={8}>
          <Typography.Text style={{ width: 96, flex: 'none' }} ellipsis={{ tooltip: bucket.name }}>
            {bucket.name}
          </Typography.Text>
          <Progress percent={total ? Math.round((bucket.count / total) * 100) : 0} format={() => `${bucket.count}`} style={{ flex: 1, margin: 0 }} />
        </Flex>
      ))}
    </Flex>
  );
}

function DistributionCard({ unitId }: { unitId?: number }) {
  const distribution = useQuery({ queryKey: [...gradingQueryKey, 'distribution', unitId ?? null], queryFn: () => getDistribution(unitId) });
  const data = distribution.data;
  return (
    <Card size="small" title="客户分布" loading={distribution.isLoading}>
      {data && (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Statistic title="客户总数" value={data.total} />
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
  const { hasPermission, me } = useAuth();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const canManage = hasPermission('system:manage');
  return (
    <PageContainer
      title="分类分级"
      subtitle="按年收入档次或配额评定客户等级；各单位可设置系数或改用配额"
      extra={<OrgUnitTreeSelect value={unitId} onChange={(value) => setUnitId(value ?? undefined)} placeholder="选择单位（默认全部可见）" style={{ width: 260 }} />}
    >
      <DistributionCard unitId={unitId} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TiersCard canManage={canManage} />
        </Col>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            {unitId ? <UnitSettingCard unitId={unitId} /> : <Card size="small">选择单位以查看或调整其分级设置</Card>}
            {canManage && <RegradeCard unitId={unitId} />}
          </Flex>
        </Col>
      </Row>
    </PageContainer>
  );
}
