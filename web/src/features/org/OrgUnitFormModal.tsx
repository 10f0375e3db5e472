import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { UserSelect } from '../users/UserSelect';
import { createOrgUnit, orgUnitKinds, orgUnitsQueryKey, subtreeIds, updateOrgUnit, type OrgUnit, type OrgUnitBody, type OrgUnitKind } from './org-api';
import { OrgUnitTreeSelect } from './OrgUnitTreeSelect';

interface OrgUnitFormValues {
  name: string;
  code: string;
  parentId?: number | null;
  kind: OrgUnitKind;
  managerId?: number | null;
  sortOrder?: number | null;
}

interface OrgUnitFormModalProps {
  /** the unit being edited; absent when creating */
  unit?: OrgUnit;
  /** preselected parent when creating a child */
  parentId?: number | null;
  units: OrgUnit[];
  onClose: () => void;
}

const childKind: Record<OrgUnitKind, OrgUnitKind> = { company: 'branch', branch: 'department', department: 'team', team: 'team' };

function changedFields(unit: OrgUnit, body: OrgUnitBody): Partial<OrgUnitBody> {
  const changes: Partial<OrgUnitBody> = {};
  if (body.name !== unit.name) changes.name = body.name;
  if (body.code !== unit.code) changes.code = body.code;
  if (body.parentId !== unit.parentId) changes.parentId = body.parentId;
  if (body.kind !== unit.kind) changes.kind = body.kind;
  if ((body.managerId ?? null) !== unit.managerId) changes.managerId = body.managerId ?? null;
  if (body.sortOrder !== undefined && body.sortOrder !== unit.sortOrder) changes.sortOrder = body.sortOrder;
  return changes;
}

export function OrgUnitFormModal({ unit, parentId, units, onClose }: OrgUnitFormModalProps) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrgUnitFormValues>();
  const editing = unit !== undefined;

  const initialValues = useMemo<Partial<OrgUnitFormValues>>(() => {
    if (unit) return { ...unit };
    const parent = units.find((candidate) => candidate.id === parentId);
    return { parentId: parent?.id, kind: parent ? childKind[parent.kind] : 'department', sortOrder: 0 };
  }, [unit, parentId, units]);

  const blockedParents = useMemo(() => (unit ? subtreeIds(units, unit.id) : undefined), [unit, units]);

  const mutation = useMutation({
    mutationFn: (values: OrgUnitFormValues) => {
      const body: OrgUnitBody = {
        name: values.name.trim(),
        code: values.code.trim(),
        parentId: values.parentId ?? null,
        kind: values.kind,
        managerId: values.managerId ?? null,
        sortOrder: values.sortOrder ?? 0,
      };
      return unit ? updateOrgUnit(unit.id, changedFields(unit, body)) : createOrgUnit(body);
    },
    onSuccess: async () => {
      message.success(editing ? t('common.saved') : t('common.created'));
      await queryClient.invalidateQueries({ queryKey: orgUnitsQueryKey });
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });

  const required = (labelKey: Parameters<typeof t>[0]) => ({ required: true, whitespace: true, message: t('common.required', { label: t(labelKey) }) });

  return (
    <Modal
      open
      title={editing ? t('org.editTitle') : t('org.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<OrgUnitFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => mutation.mutate(values)}
        onValuesChange={(changed: Partial<OrgUnitFormValues>) => {
          // a new unit's kind follows its parent until the user picks one
          if (editing || !('parentId' in changed) || form.isFieldTouched('kind')) return;
          const parent = units.find((candidate) => candidate.id === changed.parentId);
          form.setFieldValue('kind', parent ? childKind[parent.kind] : 'company');
        }}
        style={{ marginTop: 16 }}
      >
        <Form.Item name="name" label={t('org.name')} rules={[required('org.name'), { max: 100 }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('org.code')}
          extra={t('org.codeRule')}
          rules={[required('org.code'), { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('org.codeRule') }]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="parentId" label={t('org.parent')}>
          <OrgUnitTreeSelect placeholder={t('org.parentNone')} disabledIds={blockedParents} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('common.selectRequired', { label: t('org.kind') }) }]}>
          <Select options={orgUnitKinds.map((kind) => ({ value: kind, label: t(`org.kind.${kind}`) }))} />
        </Form.Item>
        <Form.Item name="managerId" label={t('org.manager')}>
          <UserSelect initialLabel={unit?.managerName} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('org.sortOrder')}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
