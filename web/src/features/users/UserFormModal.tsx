import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useMemo } from 'react';
import { useAuth } from '../../app/auth-context';
import type { MessageKey } from '../../app/i18n/dictionary';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { OrgUnitTreeSelect } from '../org/OrgUnitTreeSelect';
import { useRoles } from '../roles/roles-api';
import { createUser, updateUser, usersQueryKey, type UpdateUserBody, type User } from './users-api';

interface UserFormValues {
  username: string;
  displayName: string;
  unitId: number;
  roleIds: number[];
  mobile?: string;
  email?: string;
  password: string;
}

const mobilePattern = /^1\d{10}$/;

function isMasked(value: string | null): boolean {
  return value !== null && value.includes('*');
}

function sameIds(left: number[], right: number[]): boolean {
  return left.length === right.length && [...left].sort().join(',') === [...right].sort().join(',');
}

/** Only what changed goes into the PATCH, so a masked mobile number is never sent back. */
function changedFields(user: User, values: UserFormValues): UpdateUserBody {
  const changes: UpdateUserBody = {};
  const displayName = values.displayName.trim();
  if (displayName !== user.displayName) changes.displayName = displayName;
  if (values.unitId !== user.unitId) changes.unitId = values.unitId;
  const roleIds = values.roleIds ?? [];
  if (!sameIds(roleIds, user.roles.map((role) => role.id))) changes.roleIds = roleIds;
  const mobile = values.mobile?.trim() ?? '';
  if (mobile && mobile !== user.mobile) changes.mobile = mobile;
  if (!mobile && user.mobile && !isMasked(user.mobile)) changes.mobile = null;
  const email = values.email?.trim() ?? '';
  if (email !== (user.email ?? '')) changes.email = email || null;
  return changes;
}

export function UserFormModal({ user, onClose }: { user?: User; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserFormValues>();
  const roles = useRoles(hasPermission('role:read'));
  const editing = user !== undefined;
  const mobileMasked = user ? isMasked(user.mobile) : false;

  const roleOptions = useMemo(() => {
    const source = roles.data ?? user?.roles ?? [];
    return source.map((role) => ({ value: role.id, label: role.name }));
  }, [roles.data, user]);

  const initialValues = useMemo<Partial<UserFormValues>>(
    () =>
      user
        ? {
            username: user.username,
            displayName: user.displayName,
            unitId: user.unitId,
            roleIds: user.roles.map((role) => role.id),
            mobile: mobileMasked ? undefined : (user.mobile ?? undefined),
            email: user.email ?? undefined,
          }
        : { roleIds: [] },
    [user, mobileMasked],
  );

  const mutation = useMutation({
    mutationFn: (values: UserFormValues) => {
      if (user) return updateUser(user.id, changedFields(user, values));
      return createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        unitId: values.unitId,
        roleIds: values.roleIds ?? [],
        mobile: values.mobile?.trim() || undefined,
        email: values.email?.trim() || undefined,
        password: values.password,
      });
    },
    onSuccess: async () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });

  const required = (labelKey: MessageKey) => ({ required: true, whitespace: true, message: t('common.required', { label: t(labelKey) }) });
  const selectRequired = (labelKey: MessageKey) => ({ required: true, message: t('common.selectRequired', { label: t(labelKey) }) });

  return (
    <Modal
      open
      title={editing ? t('users.editTitle') : t('users.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<UserFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 16 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              extra={editing ? undefined : t('users.usernameRule')}
              rules={editing ? [] : [required('users.username'), { pattern: /^[A-Za-z0-9._-]{3,32}$/, message: t('users.usernameRule') }]}
            >
              <Input maxLength={32} disabled={editing} autoComplete="off" autoFocus={!editing} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[required('users.displayName'), { max: 50 }]}>
              <Input maxLength={50} autoFocus={editing} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="unitId" label={t('users.unit')} rules={[selectRequired('users.unit')]}>
              <OrgUnitTreeSelect allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="roleIds" label={t('users.roles')}>
              <Select mode="multiple" options={roleOptions} loading={roles.isLoading} showSearch={{ optionFilterProp: 'label' }} allowClear />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="mobile"
              label={t('users.mobile')}
              extra={mobileMasked ? t('users.mobileMasked') : undefined}
              rules={[{ pattern: mobilePattern, message: t('users.mobileInvalid') }]}
            >
              <Input maxLength={11} placeholder={mobileMasked ? (user?.mobile ?? undefined) : undefined} inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('users.emailInvalid') }, { max: 254 }]}>
              <Input maxLength={254} />
            </Form.Item>
          </Col>
          {!editing && (
            <Col span={12}>
              <Form.Item
                name="password"
                label={t('users.password')}
                extra={t('users.passwordHint')}
                rules={[required('users.password'), { min: 8, message: t('password.tooShort') }, { max: 128, message: t('password.tooLong') }]}
              >
                <Input.Password autoComplete="new-password" maxLength={128} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
