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

interface FlowFormValues {
  businessType?: string;
  name: string;
  description?: string;
  enabled: boolean;
  steps: FlowStep[];
}

const conditionHelp = '留空表示总是需要；示例：amount > 500000、discountRate > 10%、crossUnit == true，多个条件用 and / or 连接';

/** Create or edit one flow definition: ordered steps with approver and optional condition (R-PLT-21). */
export function ApprovalFlowEditor({ flow, catalog, onClose }: { flow: ApprovalFlow | null; catalog: ApprovalFlowList; onClose: () => void }) {
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FlowFormValues>();
  const roles = useRoles(hasPermission('role:read'));
  const roleOptions = useMemo(() => (roles.data ?? []).map((role) => ({ value: role.code, label: `${role.name}（${role.code}）` })), [roles.data]);
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
      message.success(flow ? '审批流程已保存，之后提交的申请按新流程审批' : '审批流程已创建');
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
    : { name: '', description: '', enabled: true, steps: [{ name: '部门负责人审批', approverType: 'unit_manager' }] };

  return (
    <Drawer
      open
      size={760}
      title={flow ? `编辑审批流程：${flow.businessTypeName}` : '新建审批流程'}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="approval-flow-save">
            保存
          </Button>
        </Flex>
      }
    >
      <Form<FlowFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)}>
        {!flow && (
          <Form.Item name="businessType" label="业务类型" rules={[{ required: true, message: '请选择业务类型' }]}>
            <Select options={freeTypes.map((type) => ({ value: type.type, label: `${type.name}（${type.type}）` }))} placeholder="每个业务类型一个流程" />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="name" label="流程名称" rules={[{ required: true, whitespace: true, message: '请填写流程名称' }, { max: 60 }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="enabled" label="启用" valuePropName="checked">
              <Switch checkedChildren="启用" unCheckedChildren="停用" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Typography.Title level={5}>审批步骤（按顺序）</Typography.Title>
        <Form.List
          name="steps"
          rules={[
            {
              validator: async (_, steps: FlowStep[] | undefined) => {
                if (!steps || steps.length === 0) throw new Error('至少需要一个审批步骤');
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
                  title={`第 ${index + 1} 步`}
                  extra={
                    <Flex gap={4}>
                      <Button size="small" type="text" disabled={index === 0} onClick={() => move(index, index - 1)}>
                        上移
                      </Button>
                      <Button size="small" type="text" disabled={index === fields.length - 1} onClick={() => move(index, index + 1)}>
                        下移
                      </Button>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="删除步骤" />
                    </Flex>
                  }
                >
                  <Row gutter={12}>
                    <Col span={12}>
                      <Form.Item name={[field.name, 'name']} label="步骤名称" rules={[{ required: true, whitespace: true, message: '请填写步骤名称' }, { max: 40 }]}>
                        <Input maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name={[field.name, 'approverType']} label="审批人" rules={[{ required: true, message: '请选择审批人类型' }]}>
                        <Select options={catalog.approverTypes.map((type) => ({ value: type.code, label: type.name || approverTypeLabel[type.code] }))} />
                      </Form.Item>
                    </Col>
                    <Form.Item noStyle shouldUpdate>
                      {() => {
                        const type = form.getFieldValue(['steps', field.name, 'approverType']) as ApproverType | undefined;
                        if (type === 'role') {
                          return (
                            <Col span={12}>
                              <Form.Item name={[field.name, 'roleCode']} label="角色" rules={[{ required: true, message: '请选择角色' }]}>
                                <Select options={roleOptions} loading={roles.isLoading} showSearch={{ optionFilterProp: 'label' }} />
                              </Form.Item>
                            </Col>
                          );
                        }
                        if (type === 'user') {
                          return (
                            <Col span={12}>
                              <Form.Item name={[field.name, 'userId']} label="审批人" rules={[{ required: true, message: '请选择审批人' }]}>
                                <UserSelect initialLabel={form.getFieldValue(['steps', field.name, 'userId']) ? `用户 #${form.getFieldValue(['steps', field.name, 'userId'])}` : null} />
                              </Form.Item>
                            </Col>
                          );
                        }
                        return null;
                      }}
                    </Form.Item>
                    <Col span={24}>
                      <Form.Item name={[field.name, 'condition']} label="条件（选填）" extra={conditionHelp} rules={[{ max: 300 }]}>
                        <Input maxLength={300} placeholder="如 amount > 500000" style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', approverType: 'unit_manager' })} disabled={fields.length >= 20}>
                添加步骤
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
