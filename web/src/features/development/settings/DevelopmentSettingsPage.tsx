import type { Translate } from '../../../app/i18n/dictionary';
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
import { useT } from '../../../app/i18n/LocaleProvider';

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

function sourceText(t: Translate, settings: EffectiveSettings): string {
  if (settings.source === 'own') {
    const changed = settings.updatedByName ? t('development.settings.changedBy', { name: settings.updatedByName, at: formatDateTime(settings.updatedAt) }) : '';
    return t('development.settings.rulesSetFor', { unitName: settings.unitName, changed });
  }
  if (settings.source === 'inherited') return t('development.settings.inheritsFrom', { unitName: settings.sourceUnitName ?? '' });
  return t('development.settings.usesTheSystemDefaultsSaving');
}

const days = (t: Translate, name: keyof FormValues, label: string, min: number, max: number, extra?: string) => (
  <Col xs={24} md={12} lg={8}>
    <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: t('development.settings.pleaseEnter', { label }) }]}>
      <InputNumber min={min} max={max} precision={0} suffix={t('development.settings.days')} style={{ width: '100%' }} />
    </Form.Item>
  </Col>
);

/** 客户开发规则: per unit; sub-units without their own rules inherit from the nearest ancestor. */
export function DevelopmentSettingsPage() {
  const t = useT();
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
    onSuccess: (result) => onSaved(result, t('development.settings.rulesSaved')),
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error instanceof Error ? error.message : String(error));
    },
  });
  const reset = useMutation({ mutationFn: () => resetDevelopmentSettings(unitId!), onSuccess: (result) => onSaved(result, t('development.settings.inheritsTheParentOrDefault')) });
  const editable = data?.canEdit ?? false;

  return (
    <PageContainer title={t('development.settings.developmentRules')} subtitle={t('development.settings.exclusivePeriodProtectionPeriodRelease')}>
      <Card size="small">
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('development.settings.unit')}</Typography.Text>
          <OrgUnitTreeSelect aria-label={t('customers.search.unit')} value={unitId} onChange={(value) => setUnitId(value ?? me?.unitId)} allowClear={false} style={{ width: 280 }} />
        </Flex>
      </Card>
      {data && (
        <Card size="small" loading={settings.isLoading}>
          <Alert type={data.source === 'own' ? 'success' : 'info'} showIcon title={sourceText(t, data)} style={{ marginBottom: 16 }} />
          <Form<FormValues> form={form} layout="vertical" disabled={!editable} onFinish={(values) => save.mutate(values)}>
            <Divider titlePlacement="start">{t('development.settings.registrationsAndProtection')}</Divider>
            <Row gutter={16}>
              {days(t, 'exclusiveDays', t('development.settings.exclusivePeriod'), 1, 365, t('development.settings.afterApprovalNobodyElseMay'))}
              {days(t, 'protectionDays', t('development.settings.protectionPeriod'), 1, 730, t('development.settings.daysAClaimOrNew'))}
              {days(t, 'releaseDays', t('development.settings.releaseWithoutFollowUp'), 7, 730, t('development.settings.backToThePoolAfter'))}
              {days(t, 'releaseWarningDays', t('development.settings.reminderBeforeRelease'), 0, 60, t('development.settings.daysAheadToRemindThe'))}
            </Row>
            <Divider titlePlacement="start">{t('development.settings.ownedCustomerLimit')}</Divider>
            <Row gutter={16}>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="defaultOwnerLimit" label={t('development.settings.defaultLimit')} rules={[{ required: true, message: t('development.settings.pleaseEnterTheDefaultLimit') }]} extra={t('development.settings.rolesWithoutTheirOwnLimit')}>
                  <InputNumber min={1} max={100000} precision={0} suffix={t('development.settings.text2')} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {data.roles.map((role) => (
                <Col xs={24} md={12} lg={8} key={role.code}>
                  <Form.Item name={['ownerLimits', role.code]} label={t('development.settings.limit', { name: role.name })} extra={t('development.settings.emptyTheDefaultLimit')}>
                    <InputNumber min={1} max={100000} precision={0} suffix={t('development.settings.text2')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Divider titlePlacement="start">{t('development.settings.followUpAndVisits')}</Divider>
            <Row gutter={16}>
              {days(t, 'opportunityFollowUpDays', t('development.settings.opportunityFollowUp'), 1, 365)}
              {days(t, 'visitReportDays', t('development.settings.visitReportDeadline'), 1, 30)}
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="visitReportWorkdays" label={t('development.settings.countWorkingDays')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="visitsWithoutProgress" label={t('development.settings.visitsWithoutProgress')} rules={[{ required: true, message: t('development.settings.pleaseEnterTheNumberOf') }]} extra={t('development.settings.thenRemovalFromThePlan')}>
                  <InputNumber min={1} max={50} precision={0} suffix={t('development.settings.times')} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Divider titlePlacement="start">{t('menu.projects')}</Divider>
            <Row gutter={16}>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="projectPreBreakthroughCap" label={t('development.settings.spendingCapBeforeBreakthrough')} rules={[{ required: true, message: t('development.settings.pleaseEnterTheCap') }]}>
                  <InputNumber min={0} max={100000000} precision={2} suffix={t('development.settings.cny')} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <Form.Item name="projectOverBudgetPercent" label={t('development.settings.allowedOverBudgetPerItem')} rules={[{ required: true, message: t('development.settings.pleaseEnterThePercentage') }]}>
                  <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Form>
          {editable ? (
            <Flex gap={8}>
              <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
                {t('development.settings.saveAsRulesOf')}{data.unitName}{t('development.settings.text')}
                              </Button>
              {data.source === 'own' && (
                <Popconfirm title={t('development.settings.deleteThisUnitSOwn')} onConfirm={() => reset.mutateAsync()}>
                  <Button loading={reset.isPending}>{t('development.settings.inheritAgain')}</Button>
                </Popconfirm>
              )}
              <Button onClick={() => form.setFieldsValue(toForm(data.defaults))}>{t('development.settings.fillInTheDefaults')}</Button>
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('development.settings.thisUnitIsOutsideYour')}</Typography.Text>
          )}
        </Card>
      )}
    </PageContainer>
  );
}
