import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Col, Divider, Flex, Form, InputNumber, Popconfirm, Row, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { OrgUnitTreeSelect } from '../../org/OrgUnitTreeSelect';
import {
  developmentSettingsQueryKey,
  getDevelopmentSettings,
  resetDevelopmentSettings,
  saveDevelopmentSettings,
  type DevelopmentRules,
  type EffectiveSettings,
} from './development-settings-api';

type FormValues = Omit<DevelopmentRules, 'projectOverBudgetRate'> & { projectOverBudgetPercent: number };

const toForm = (rules: DevelopmentRules): FormValues => {
  const { projectOverBudgetRate, ...rest } = rules;
  return { ...rest, projectOverBudgetPercent: Math.round(projectOverBudgetRate * 10000) / 100 };
};

const fromForm = (values: FormValues): DevelopmentRules => {
  const { projectOverBudgetPercent, ownerLimits, ...rest } = values;
  const limits = Object.fromEntries(Object.entries(ownerLimits ?? {}).filter(([, value]) => typeof value === 'number')) as Record<string, number>;
  return { ...rest, ownerLimits: limits, projectOverBudgetRate: Math.round(projectOverBudgetPercent * 100) / 10000 };
};

function sourceText(settings: EffectiveSettings): string {
  if (settings.source === 'own') return `「${settings.unitName}」单独设置的规则${settings.updatedByName ? `（${settings.updatedByName} 于 ${formatDateTime(settings.updatedAt)} 修改）` : ''}。`;
  if (settings.source === 'inherited') return `沿用上级单位「${settings.sourceUnitName ?? ''}」的规则；保存后本单位及其下级改用单独设置。`;
  return '使用系统默认规则；保存后本单位及其下级改用单独设置。';
}

const days = (name: keyof FormValues, label: string, min: number, max: number, extra?: string) => (
  <Col xs={24} md={12} lg={8}>
    <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: `请填写${label}` }]}>
      <InputNumber min={min} max={max} precision={0} suffix="天" style={{ width: '100%' }} />
    </Form.Item>
  </Col>
);

/** 客户开发规则: per unit; sub-units without their own rules inherit from the nearest ancestor. */
export function DevelopmentSettingsPage() {
  const { me } = useAuth();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const [form] = Form.useForm<FormValues>();
  const settings = useQuery({ queryKey: [...developmentSettingsQueryKey, unitId], queryFn: () => getDevelopmentSettings(unitId), enabled: unitId !== undefined });
  const data = settings.data;

  useEffect(() => {
    if (data) form.setFieldsValue(toForm(data.rules));
  }, [data, form]);

  const onSaved = async (result: EffectiveSettings, text: string) => {
    message.success(text);
    queryClient.setQueryData([...developmentSettingsQueryKey, unitId], result);
    await queryClient.invalidateQueries({ queryKey: developmentSettingsQueryKey });
  };
  const save = useMutation({
    mutationFn: (values: FormValues) => saveDevelopmentSettings(unitId!, fromForm(values)),
    meta: { silent: true },
    onSuccess: (result) => onSaved(result, '规则已保存'),
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  const reset = useMutation({ mutationFn: () => resetDevelopmentSettings(unitId!), onSuccess: (result) => onSaved(result, '已恢复沿用上级或默认规则') });
  const editable = data?.canEdit ?? false;

  return (
    <PageContainer title="客户开发规则" subtitle="独家开发期、保护期、无跟进释放、名下客户上限、商机跟进周期、拜访报告期限与立项预算。按单位设置，下级单位未单独设置时沿用上级。">
      <Card size="small">
        <Flex gap={8} align="center" wrap>
          <Typography.Text>单位</Typography.Text>
          <OrgUnitTreeSelect value={unitId} onChange={(value) => setUnitId(value ?? me?.unitId)} allowClear={false} style={{ width: 280 }} />
        </Flex>
      </Card>
      {data && (
        <Card size="small" loading={settings.isLoading}>
          <Alert type={data.source === 'own' ? 'success' : 'info'} showIcon title={sourceText(data)} style={{ marginBottom: 16 }} />
          <Form<FormValues> form={form} layout="vertical" disabled={!editable} onFinish={(values) => save.mutate(values)}>
            <Divider titlePlacement="start">报备与保护期</Divider>
            <Row gutter={16}>
              {days('exclusiveDays', '独家开发期', 1, 365, '报备批准后他人不能报备、认领、建商机或邀约')}
              {days('protectionDays', '保护期', 1, 730, '认领或新报备后至少保有的天数')}
              {days('releaseDays', '无有效跟进释放', 7, 730, '超过该天数无有效跟进退回公海')}
              {days('releaseWarningDays', '释放前提醒', 0, 60, '提前几天为客户经理创建提醒待办')}
            </Row>
            <Divider titlePlacement="start">名下客户上限</Divider>
            <Row gutter={16}>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="defaultOwnerLimit" label="默认上限" rules={[{ required: true, message: '请填写默认上限' }]} extra="未单独设置的角色使用此上限">
                  <InputNumber min={1} max={100000} precision={0} suffix="个" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {data.roles.map((role) => (
                <Col xs={24} md={12} lg={8} key={role.code}>
                  <Form.Item name={['ownerLimits', role.code]} label={`${role.name}上限`} extra="留空则使用默认上限">
                    <InputNumber min={1} max={100000} precision={0} suffix="个" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Divider titlePlacement="start">跟进与拜访</Divider>
            <Row gutter={16}>
              {days('opportunityFollowUpDays', '商机跟进周期', 1, 365)}
              {days('visitReportDays', '拜访报告期限', 1, 30)}
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="visitReportWorkdays" label="期限按工作日计算" valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="visitsWithoutProgress" label="无进展拜访次数" rules={[{ required: true, message: '请填写无进展拜访次数' }]} extra="达到后建议移出拜访计划">
                  <InputNumber min={1} max={50} precision={0} suffix="次" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Divider titlePlacement="start">开发立项</Divider>
            <Row gutter={16}>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="projectPreBreakthroughCap" label="突破前费用上限" rules={[{ required: true, message: '请填写突破前费用上限' }]}>
                  <InputNumber min={0} max={100000000} precision={2} suffix="元" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="projectOverBudgetPercent" label="单项可超预算" rules={[{ required: true, message: '请填写可超预算比例' }]}>
                  <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Form>
          {editable ? (
            <Flex gap={8}>
              <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
                保存为「{data.unitName}」的规则
              </Button>
              {data.source === 'own' && (
                <Popconfirm title="删除本单位单独设置的规则，改为沿用上级或默认规则？" onConfirm={() => reset.mutateAsync()}>
                  <Button loading={reset.isPending}>恢复沿用</Button>
                </Popconfirm>
              )}
              <Button onClick={() => form.setFieldsValue(toForm(data.defaults))}>填入系统默认值</Button>
            </Flex>
          ) : (
            <Typography.Text type="secondary">该单位不在您的管理范围内，只能查看。</Typography.Text>
          )}
        </Card>
      )}
    </PageContainer>
  );
}
