import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Alert, Button, Card, Col, Flex, Form, Input, Row, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { DataScopeTable, PermissionGroups } from './PermissionMatrix';
import { rolesQueryKey, updateRole, type DataScope, type PermissionCatalog, type Role } from './roles-api';

interface RoleInfoValues {
  name: string;
  description?: string;
}

interface RoleEditorProps {
  role: Role;
  catalog: PermissionCatalog;
  canManage: boolean;
  onDirtyChange: (dirty: boolean) => void;
}

function sameSet(left: Set<string>, right: string[]): boolean {
  return left.size === right.length && right.every((code) => left.has(code));
}

function sameScopes(left: Record<string, DataScope>, right: Record<string, DataScope>, resources: string[]): boolean {
  return resources.every((code) => (left[code] ?? 'self') === (right[code] ?? 'self'));
}

/** Right-hand panel of 角色权限: name, permission matrix and data scopes of one role. */
export function RoleEditor({ role, catalog, canManage, onDirtyChange }: RoleEditorProps) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RoleInfoValues>();
  const [granted, setGranted] = useState(() => new Set(role.permissions));
  const [scopes, setScopes] = useState<Record<string, DataScope>>(() => ({ ...role.dataScopes }));
  const name = Form.useWatch('name', form);
  const description = Form.useWatch('description', form);
  const resourceCodes = useMemo(() => catalog.resources.map((resource) => resource.code), [catalog.resources]);

  const dirty =
    !sameSet(granted, role.permissions) ||
    !sameScopes(scopes, role.dataScopes, resourceCodes) ||
    (name !== undefined && name !== role.name) ||
    (description !== undefined && description !== role.description);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const revert = () => {
    setGranted(new Set(role.permissions));
    setScopes({ ...role.dataScopes });
    form.setFieldsValue({ name: role.name, description: role.description });
  };

  const mutation = useMutation({
    mutationFn: (values: RoleInfoValues) =>
      updateRole(role.id, {
        name: values.name.trim(),
        description: values.description?.trim() ?? '',
        // keep catalogue order so the stored list reads like the matrix
        permissions: catalog.permissions.map((permission) => permission.code).filter((code) => granted.has(code)),
        dataScopes: Object.fromEntries(resourceCodes.map((code) => [code, scopes[code] ?? 'self'])),
      }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: rolesQueryKey });
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });

  return (
    <Card
      variant="borderless"
      title={
        <Flex align="center" gap={8}>
          <span>{role.name}</span>
          <Typography.Text type="secondary" code style={{ fontWeight: 'normal' }}>
            {role.code}
          </Typography.Text>
          {role.builtIn && <Tag>{t('roles.builtIn')}</Tag>}
          {dirty && <Tag color="orange">{t('roles.unsaved')}</Tag>}
        </Flex>
      }
      extra={
        canManage && (
          <Flex gap={8}>
            <Button icon={<UndoOutlined />} onClick={revert} disabled={!dirty}>
              {t('common.reset')}
            </Button>
            <Button type="primary" icon={<SaveOutlined />} onClick={() => form.submit()} loading={mutation.isPending} disabled={!dirty} data-testid="role-save">
              {t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {!canManage && <Alert type="info" showIcon title={t('roles.readOnly')} style={{ marginBottom: 16 }} />}
      {role.builtIn && canManage && <Alert type="info" showIcon title={t('roles.builtInHint')} style={{ marginBottom: 16 }} />}
      <Form<RoleInfoValues>
        form={form}
        name="roleEditor"
        layout="vertical"
        disabled={!canManage}
        initialValues={{ name: role.name, description: role.description }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('roles.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { label: t('roles.name') }) }, { max: 50 }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="description" label={t('roles.description')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Form>

      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('roles.permissions')}
      </Typography.Title>
      <PermissionGroups permissions={catalog.permissions} granted={granted} disabled={!canManage} onChange={setGranted} />

      <Typography.Title level={5} style={{ marginTop: 24, marginBottom: 4 }}>
        {t('roles.dataScopes')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('roles.dataScopesHint')}
      </Typography.Paragraph>
      <DataScopeTable
        resources={catalog.resources}
        scopes={scopes}
        disabled={!canManage}
        onChange={(resource, scope) => setScopes((current) => ({ ...current, [resource]: scope }))}
      />
    </Card>
  );
}
