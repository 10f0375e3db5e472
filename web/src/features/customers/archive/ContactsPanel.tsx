import { translatedRules } from '../../../app/i18n/dictionary';
import { DeleteOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Checkbox, Col, Flex, Form, Input, Modal, Popconfirm, Row, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { customerTimelineQueryKey } from './CustomerTimeline';
import { contactFieldLabel, decisionRoleLabel, decisionRoleOptions, MOBILE_PATTERN, normalizeMobileInput, normalizeTextInput, PHONE_PATTERN } from '../labels';
import {
  createContact,
  customerQueryKey,
  deleteContact,
  isMasked,
  listContacts,
  updateContact,
  type Contact,
  type ContactBody,
  type DecisionRole,
} from './customers-api';
import { useT } from '../../../app/i18n/LocaleProvider';

interface ContactFormValues {
  name: string;
  title?: string;
  department?: string;
  mobile?: string;
  phone?: string;
  email?: string;
  decisionRole?: DecisionRole;
  isPrimary?: boolean;
}

export const contactsQueryKey = (customerId: number) => [...customerQueryKey(customerId), 'contacts'] as const;

/** The list and the timeline change; the detail itself is not reloaded (each load is an access event). */
async function refreshAfterChange(queryClient: QueryClient, customerId: number) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: contactsQueryKey(customerId) }),
    queryClient.invalidateQueries({ queryKey: customerTimelineQueryKey(customerId) }),
  ]);
}

const text = (value: string | undefined) => value?.trim() || null;

const maskableFields = ['mobile', 'phone', 'email'] as const;

/** Only what changed goes into the PATCH, so a masked mobile, phone or e-mail is never sent back. */
function changedContactFields(contact: Contact, values: ContactFormValues): Partial<ContactBody> {
  const next: Partial<ContactBody> = {
    name: values.name.trim(),
    title: text(values.title),
    department: text(values.department),
    decisionRole: values.decisionRole ?? null,
    isPrimary: Boolean(values.isPrimary),
  };
  for (const field of maskableFields) {
    const value = text(values[field]);
    // An empty input over a masked value means "leave it as it is".
    if (value !== null || !isMasked(contact[field])) next[field] = value;
  }
  const changes: Partial<ContactBody> = {};
  for (const [field, value] of Object.entries(next) as [keyof ContactBody, unknown][]) {
    if (value !== (contact[field as keyof Contact] ?? null)) (changes as Record<string, unknown>)[field] = value;
  }
  return changes;
}

/** Mobile / phone / e-mail rules shared with the customer form's inline contacts. */
export const contactRules = {
  mobile: [{ pattern: MOBILE_PATTERN, message: 'customers.archive.aMobileNumberHas11' }],
  phone: [{ pattern: PHONE_PATTERN, message: 'customers.archive.aPhoneNumberLooksLike' }],
  email: [{ type: 'email' as const, message: 'users.emailInvalid' }],
};

function ContactFormModal({ customerId, contact, onClose }: { customerId: number; contact?: Contact; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ContactFormValues>();
  const mobileMasked = isMasked(contact?.mobile);
  const phoneMasked = isMasked(contact?.phone);
  const emailMasked = isMasked(contact?.email);
  const mutation = useMutation({
    mutationFn: (values: ContactFormValues) => {
      if (contact) return updateContact(customerId, contact.id, changedContactFields(contact, values));
      return createContact(customerId, {
        name: values.name.trim(),
        title: text(values.title),
        department: text(values.department),
        mobile: text(values.mobile),
        phone: text(values.phone),
        email: text(values.email),
        decisionRole: values.decisionRole ?? null,
        isPrimary: values.isPrimary || undefined,
      });
    },
    onSuccess: async () => {
      message.success(contact ? t('customers.archive.contactSaved') : t('customers.archive.contactAdded'));
      await refreshAfterChange(queryClient, customerId);
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const initialValues: Partial<ContactFormValues> = contact
    ? {
        name: contact.name,
        title: contact.title ?? undefined,
        department: contact.department ?? undefined,
        mobile: mobileMasked ? undefined : (contact.mobile ?? undefined),
        phone: phoneMasked ? undefined : (contact.phone ?? undefined),
        email: emailMasked ? undefined : (contact.email ?? undefined),
        decisionRole: contact.decisionRole ?? undefined,
        isPrimary: contact.isPrimary,
      }
    : {};
  return (
    <Modal open title={contact ? t('customers.archive.editContact') : t('customers.archive.addContact')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} destroyOnHidden width={600}>
      <Form<ContactFormValues> form={form} layout="vertical" name="contact" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 16 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t(contactFieldLabel.name)} rules={[{ required: true, whitespace: true, message: t('customers.archive.pleaseEnterTheContactS') }, { max: 40 }]}>
              <Input maxLength={40} autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="title" label={t(contactFieldLabel.title)} rules={[{ max: 40 }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="department" label={t(contactFieldLabel.department)} rules={[{ max: 60 }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="decisionRole" label={t(contactFieldLabel.decisionRole)}>
              <Select options={decisionRoleOptions.map((option) => ({ ...option, label: t(option.label) }))} allowClear />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mobile" label={t(contactFieldLabel.mobile)} normalize={normalizeMobileInput} rules={translatedRules(t, contactRules.mobile)} extra={mobileMasked ? t('customers.archive.maskedLeaveEmptyToKeep') : undefined}>
              <Input maxLength={11} inputMode="numeric" placeholder={mobileMasked ? (contact?.mobile ?? undefined) : undefined} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t(contactFieldLabel.phone)} normalize={normalizeTextInput} rules={translatedRules(t, contactRules.phone)} extra={phoneMasked ? t('customers.archive.maskedLeaveEmptyToKeep') : undefined}>
              <Input maxLength={30} placeholder={phoneMasked ? (contact?.phone ?? undefined) : undefined} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t(contactFieldLabel.email)} rules={translatedRules(t, contactRules.email)} extra={emailMasked ? t('customers.archive.maskedLeaveEmptyToKeep') : undefined}>
              <Input maxLength={120} placeholder={emailMasked ? (contact?.email ?? undefined) : undefined} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="isPrimary" valuePropName="checked" label=" ">
              <Checkbox>{t('customers.archive.primaryContact')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 联系人 tab: the customer's contacts with add / edit / delete for those who may edit the customer. */
export function ContactsPanel({ customerId, canEdit }: { customerId: number; canEdit: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const contacts = useQuery({ queryKey: contactsQueryKey(customerId), queryFn: () => listContacts(customerId) });
  const remove = useMutation({
    mutationFn: (contact: Contact) => deleteContact(customerId, contact.id),
    onSuccess: async () => {
      message.success(t('customers.archive.contactDeleted'));
      await refreshAfterChange(queryClient, customerId);
    },
  });

  const columns: TableColumnsType<Contact> = [
    {
      title: t(contactFieldLabel.name),
      dataIndex: 'name',
      render: (name: string, contact) => (
        <Flex gap={6} align="center">
          {name}
          {contact.isPrimary && (
            <Tag color="gold" icon={<StarFilled />}>
              {t('customers.archive.primary')}
                          </Tag>
          )}
        </Flex>
      ),
    },
    { title: t(contactFieldLabel.title), dataIndex: 'title', render: (value: string | null) => value ?? '—' },
    { title: t(contactFieldLabel.department), dataIndex: 'department', render: (value: string | null) => value ?? '—' },
    { title: t(contactFieldLabel.mobile), dataIndex: 'mobile', render: (value: string | null) => value ?? '—' },
    { title: t(contactFieldLabel.phone), dataIndex: 'phone', render: (value: string | null) => value ?? '—' },
    { title: t(contactFieldLabel.email), dataIndex: 'email', render: (value: string | null) => value ?? '—' },
    {
      title: t(contactFieldLabel.decisionRole),
      dataIndex: 'decisionRole',
      render: (value: DecisionRole | null) => (value ? t(decisionRoleLabel[value]) : '—'),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, contact) => (
        <Flex gap={4}>
          <Button type="link" size="small" onClick={() => setEditing(contact)}>
            {t('common.edit')}
                      </Button>
          <Popconfirm title={t('customers.archive.deleteContact', { name: contact.name })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(contact)}>
            <Button type="link" size="small" danger>
              {t('common.delete')}
                          </Button>
          </Popconfirm>
        </Flex>
      ),
    });
  }

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t('customers.archive.thereIsOnePrimaryContact')}</Typography.Text>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="contact-add">
            {t('customers.archive.addContact')}
                      </Button>
        )}
      </Flex>
      <Table<Contact> rowKey="id" size="middle" columns={columns} dataSource={contacts.data?.items ?? []} loading={contacts.isPending} pagination={false} scroll={{ x: 'max-content' }} />
      {editing && <ContactFormModal customerId={customerId} contact={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}

const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** The contact rows of the new-customer form (Form.List `contacts`): ids `contacts_0_name`, `contacts_0_mobile`, … */
export function InlineContactsFields() {
  const t = useT();
  return (
    <Form.List name="contacts">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map((field) => (
            <Row gutter={8} key={field.key} align="top">
              <Col xs={12} md={4}>
                <Form.Item
                  name={[field.name, 'name']}
                  label={t(contactFieldLabel.name)}
                  dependencies={[['contacts', field.name, 'mobile'], ['contacts', field.name, 'phone'], ['contacts', field.name, 'email']]}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: async (_, value: unknown) => {
                        const row = (getFieldValue(['contacts', field.name]) ?? {}) as Record<string, unknown>;
                        if (!filled(value) && Object.values(row).some(filled)) throw new Error(t('customers.archive.pleaseEnterTheContactS'));
                      },
                    }),
                    { max: 40 },
                  ]}
                >
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name={[field.name, 'title']} label={t(contactFieldLabel.title)} rules={[{ max: 40 }]}>
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name={[field.name, 'mobile']} label={t(contactFieldLabel.mobile)} normalize={normalizeMobileInput} rules={translatedRules(t, contactRules.mobile)}>
                  <Input maxLength={11} inputMode="numeric" />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name={[field.name, 'phone']} label={t(contactFieldLabel.phone)} normalize={normalizeTextInput} rules={translatedRules(t, contactRules.phone)}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name={[field.name, 'email']} label={t(contactFieldLabel.email)} rules={translatedRules(t, contactRules.email)}>
                  <Input maxLength={120} />
                </Form.Item>
              </Col>
              <Col xs={10} md={3}>
                <Form.Item name={[field.name, 'decisionRole']} label={t(contactFieldLabel.decisionRole)}>
                  <Select options={decisionRoleOptions.map((option) => ({ ...option, label: t(option.label) }))} allowClear />
                </Form.Item>
              </Col>
              <Col xs={2} md={1}>
                <Form.Item label=" ">
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('customers.archive.deleteThisContact')} onClick={() => remove(field.name)} />
                </Form.Item>
              </Col>
            </Row>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 50}>
            {t('customers.archive.addAnotherContact')}
                      </Button>
        </Flex>
      )}
    </Form.List>
  );
}
