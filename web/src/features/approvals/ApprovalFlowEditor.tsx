import type { MessageKey } from '../../app/i18n/dictionary';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Col, Drawer, Flex, Form, Input, Row, Select, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { useAuth } from '../../app/auth-context';
import { isApiError } from '../../app/api-client';
import { useRoles } from '../roles/roles-api';
import { UserSelect } from '../users/UserSelect';
import { approverTypeLabel } from './approval-labels';
import { approvalFlowsQueryKey, createFlow, updateFlow, type ApprovalFlow, type ApprovalFlowList, type ApproverType, type FlowStep } from './approvals-api';
import { useT } from '../../app/i18n/LocaleProvider';

interface FlowFormValues {
  businessType?: string;
  name: string;
  description?: string;
  enabled: boolean;
  steps: FlowStep[];
}

const conditionHelp: MessageKey = 'approvals.leaveEmptyToAlwaysRequire';

/** Create or edit one flow definition: ordered steps with approver and optional condition (R-PLT-21). */
export function ApprovalFlowEditor({ flow, catalog, onClose }: { flow: ApprovalFlow | null; catalog: ApprovalFlowList; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FlowFormValues>();
  const roles = useRoles(hasPermission('role:read'));
  const roleOptions = useMemo(() => (roles.data ?? []).map((role) => ({ value: role.code, label: `${role.name}（${role.code}）` })), [roles.data]);
  const chosenType = Form.useWatch('businessType', form) ?? flow?.businessType;
  const offeredFields = catalog.businessTypes.find((type) => type.type === chosenType)?.conditionFields ?? [];
  const conditionExtra = offeredFields.length
    ? t('approvals.conditionFieldsOffered', { fields: offeredFields.map((field) => `${field.key}（${field.label}）`).join(t('common.listSeparator')) })
    : t(conditionHelp);
  const freeTypes = catalog.businessTypes.filter((type) => !catalog.items.some((item) => item.businessType === type.type));

  const mutation = useMutation({
    mutationFn: (values: FlowFormValues) => {
      const steps = values.steps.map((step) => ({
        name: step.name.trim(),
        approverType: step.approverType,
        ...(step.approverType === 'role' ? { roleCode: step.roleCode } : {}),
        ...(step.approverType === 'user' ? { userId: step.userId } : {}),
        ...(step.condition?.trim() ? { condition: step.condition.trim() } : {}),
      }));
      const body = { name: values.name.trim(), description: values.description?.trim() ?? '', enabled: values.enabled, steps };
      return flow ? updateFlow(flow.id, body) : createFlow({ ...body, businessType: values.businessType });
    },
    onSuccess: async () => {
      message.success(flow ? t('approvals.flowSavedRequestsSubmittedFrom') : t('approvals.flowCreated'));
      await queryClient.invalidateQueries({ queryKey: approvalFlowsQueryKey });
      onClose();
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      // `steps.1.condition` → the condition field of the second step
      form.setFields(
        error.fieldErrors.map((item) => ({
          name: item.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) as never,
          errors: [item.message],
        })),
      );
    },
  });

  const initialValues: FlowFormValues = flow
    ? { name: flow.name, description: flow.description, enabled: flow.enabled, steps: flow.steps }
    : { name: '', description: '', enabled: true, steps: [{ name: t('approvals.unitManagerApproval'), approverType: 'unit_manager' }] };

  return (
    <Drawer
      open
      size={760}
      title={flow ? t('approvals.editFlow', { businessTypeName: flow.businessTypeName }) : t('approvals.newApprovalFlow')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="approval-flow-save">
            {t('common.save')}
                      </Button>
        </Flex>
      }
    >
      <Form<FlowFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)}>
        {!flow && (
          <Form.Item name="businessType" label={t('approvals.businessType')} rules={[{ required: true, message: t('approvals.pleaseChooseABusinessType') }]}>
            <Select options={freeTypes.map((type) => ({ value: type.type, label: `${type.name}（${type.type}）` }))} placeholder={t('approvals.oneFlowPerBusinessType')} />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="name" label={t('approvals.flowName')} rules={[{ required: true, whitespace: true, message: t('approvals.pleaseEnterAFlowName') }, { max: 60 }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="enabled" label={t('users.enable')} valuePropName="checked">
              <Switch checkedChildren={t('users.enable')} unCheckedChildren={t('users.disable')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('roles.description')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Typography.Title level={5}>{t('approvals.stepsInOrder')}</Typography.Title>
        <Form.List
          name="steps"
          rules={[
            {
              validator: async (_, steps: FlowStep[] | undefined) => {
                if (!steps || steps.length === 0) throw new Error(t('approvals.atLeastOneStepIs'));
              },
            },
          ]}
        >
          {(fields, { add, remove, move }, { errors }) => (
            <Flex vertical gap={12}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('approvals.step', { v0: index + 1 })}
                  extra={
                    <Flex gap={4}>
                      <Button size="small" type="text" disabled={index === 0} onClick={() => move(index, index - 1)}>
                        {t('approvals.moveUp')}
                                              </Button>
                      <Button size="small" type="text" disabled={index === fields.length - 1} onClick={() => move(index, index + 1)}>
                        {t('approvals.moveDown')}
                                              </Button>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('approvals.removeStep')} />
                    </Flex>
                  }
                >
                  <Row gutter={12}>
                    <Col span={12}>
                      <Form.Item name={[field.name, 'name']} label={t('approvals.stepName')} rules={[{ required: true, whitespace: true, message: t('approvals.pleaseEnterAStepName') }, { max: 40 }]}>
                        <Input maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name={[field.name, 'approverType']} label={t('approvals.approver')} rules={[{ required: true, message: t('approvals.pleaseChooseTheApproverType') }]}>
                        <Select options={catalog.approverTypes.map((type) => ({ value: type.code, label: type.name || t(approverTypeLabel[type.code]) }))} />
                      </Form.Item>
                    </Col>
                    <Form.Item noStyle shouldUpdate>
                      {() => {
                        const type = form.getFieldValue(['steps', field.name, 'approverType']) as ApproverType | undefined;
                        if (type === 'role') {
                          return (
                            <Col span={12}>
                              <Form.Item name={[field.name, 'roleCode']} label={t('home.roles')} rules={[{ required: true, message: t('approvals.pleaseChooseARole') }]}>
                                <Select options={roleOptions} loading={roles.isLoading} showSearch={{ optionFilterProp: 'label' }} />
                              </Form.Item>
                            </Col>
                          );
                        }
                        if (type === 'user') {
                          return (
                            <Col span={12}>
                              <Form.Item name={[field.name, 'userId']} label={t('approvals.approver')} rules={[{ required: true, message: t('approvals.pleaseChooseAnApprover') }]}>
                                <UserSelect initialLabel={form.getFieldValue(['steps', field.name, 'userId']) ? t('approvals.user', { v0: form.getFieldValue(['steps', field.name, 'userId']) }) : null} />
                              </Form.Item>
                            </Col>
                          );
                        }
                        return null;
                      }}
                    </Form.Item>
                    <Col span={24}>
                      <Form.Item name={[field.name, 'condition']} label={t('approvals.conditionOptional')} extra={conditionExtra} rules={[{ max: 300 }]}>
                        <Input maxLength={300} placeholder={t('approvals.eGAmount500000')} style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', approverType: 'unit_manager' })} disabled={fields.length >= 20}>
                {t('approvals.addStep')}
                              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
