import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Popconfirm, Row, Skeleton } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { customerTimelineQueryKey } from './CustomerTimeline';
import { keyPersonFieldLabel, MOBILE_PATTERN, normalizeMobileInput } from '../labels';
import { createKeyPerson, customerQueryKey, deleteKeyPerson, isMasked, listKeyPersons, updateKeyPerson, type KeyPerson, type KeyPersonBody } from './customers-api';
import { useT } from '../../../app/i18n/LocaleProvider';

interface KeyPersonFormValues {
  name: string;
  position?: string;
  mobile?: string;
  birthday?: Dayjs | null;
  family?: string;
  homeAddress?: string;
  hobbies?: string;
  note?: string;
}

export const keyPersonsQueryKey = (customerId: number) => [...customerQueryKey(customerId), 'key-persons'] as const;

const text = (value: string | undefined) => value?.trim() || null;
const privateFields = ['family', 'homeAddress', 'hobbies', 'note'] as const;

/** The body to send: on edit only what changed, and never a masked value sent back as if it were real. */
function keyPersonBody(person: KeyPerson | undefined, values: KeyPersonFormValues): Partial<KeyPersonBody> {
  const next: Record<string, string | null> = {
    name: values.name.trim(),
    position: text(values.position),
    mobile: text(values.mobile),
    birthday: values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
  };
  for (const field of privateFields) next[field] = text(values[field]);
  if (!person) return next as Partial<KeyPersonBody>;
  const changes: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(next)) {
    const before = person[field as keyof KeyPerson] ?? null;
    // An empty input over a masked value means "leave it as it is".
    if (value === null && isMasked(typeof before === 'string' ? before : null)) continue;
    if (value !== before) changes[field] = value;
  }
  return changes as Partial<KeyPersonBody>;
}

function KeyPersonFormModal({ customerId, person, onClose }: { customerId: number; person?: KeyPerson; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<KeyPersonFormValues>();
  const masked = person ? isMasked(person.mobile) || privateFields.some((field) => isMasked(person[field])) || isMasked(person.birthday) : false;
  const mutation = useMutation({
    mutationFn: (values: KeyPersonFormValues) => {
      const body = keyPersonBody(person, values);
      return person ? updateKeyPerson(customerId, person.id, body) : createKeyPerson(customerId, body as KeyPersonBody);
    },
    onSuccess: async () => {
      message.success(person ? t('customers.archive.keyPersonSaved') : t('customers.archive.keyPersonAdded'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keyPersonsQueryKey(customerId) }),
        queryClient.invalidateQueries({ queryKey: customerTimelineQueryKey(customerId) }),
      ]);
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const clear = (value: string | null | undefined) => (value && !isMasked(value) ? value : undefined);
  const initialValues: Partial<KeyPersonFormValues> = person
    ? {
        name: person.name,
        position: person.position ?? undefined,
        mobile: clear(person.mobile),
        birthday: clear(person.birthday) ? dayjs(person.birthday) : null,
        family: clear(person.family),
        homeAddress: clear(person.homeAddress),
        hobbies: clear(person.hobbies),
        note: clear(person.note),
      }
    : {};
  return (
    <Modal open title={person ? t('customers.archive.editKeyPerson') : t('customers.archive.addKeyPerson')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} destroyOnHidden width={640}>
      {masked && <Alert type="info" showIcon title={t('customers.archive.privateDetailsAreMaskedEmpty')} style={{ marginTop: 12 }} />}
      <Form<KeyPersonFormValues> form={form} layout="vertical" name="keyPerson" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 16 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t(keyPersonFieldLabel.name)} rules={[{ required: true, whitespace: true, message: t('customers.archive.pleaseEnterAName') }, { max: 40 }]}>
              <Input maxLength={40} autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="position" label={t(keyPersonFieldLabel.position)} rules={[{ max: 60 }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mobile" label={t(keyPersonFieldLabel.mobile)} normalize={normalizeMobileInput} rules={[{ pattern: MOBILE_PATTERN, message: t('customers.archive.aMobileNumberHas11') }]}>
              <Input maxLength={11} inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthday" label={t(keyPersonFieldLabel.birthday)}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="family" label={t(keyPersonFieldLabel.family)} rules={[{ max: 500 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="homeAddress" label={t(keyPersonFieldLabel.homeAddress)} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="hobbies" label={t(keyPersonFieldLabel.hobbies)} rules={[{ max: 500 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t(keyPersonFieldLabel.note)} rules={[{ max: 1000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 关键人 tab — private information (R-PLT-04): masked for viewers without sensitive:view. */
export function KeyPersonsPanel({ customerId, canEdit }: { customerId: number; canEdit: boolean }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<KeyPerson | 'new' | null>(null);
  const persons = useQuery({ queryKey: keyPersonsQueryKey(customerId), queryFn: () => listKeyPersons(customerId) });
  const remove = useMutation({
    mutationFn: (person: KeyPerson) => deleteKeyPerson(customerId, person.id),
    onSuccess: async () => {
      message.success(t('customers.archive.keyPersonDeleted'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keyPersonsQueryKey(customerId) }),
        queryClient.invalidateQueries({ queryKey: customerTimelineQueryKey(customerId) }),
      ]);
    },
  });
  const show = (value: string | null) => value ?? '—';

  return (
    <Flex vertical gap={12}>
      {!hasPermission('sensitive:view') && (
        <Alert type="info" showIcon icon={<LockOutlined />} title={t('customers.archive.keyPersonsPrivateDetailsAre')} />
      )}
      {canEdit && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ alignSelf: 'flex-end' }} data-testid="key-person-add">
          {t('customers.archive.addKeyPerson')}
                  </Button>
      )}
      {persons.isPending ? (
        <Skeleton active />
      ) : (persons.data?.items ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.archive.noKeyPersons')} />
      ) : (
        <Row gutter={[16, 16]}>
          {persons.data!.items.map((person) => (
            <Col key={person.id} xs={24} lg={12}>
              <Card
                size="small"
                title={`${person.name}${person.position ? ` · ${person.position}` : ''}`}
                extra={
                  canEdit && (
                    <Flex gap={4}>
                      <Button type="link" size="small" onClick={() => setEditing(person)}>
                        {t('common.edit')}
                                              </Button>
                      <Popconfirm title={t('customers.archive.deleteKeyPerson', { name: person.name })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(person)}>
                        <Button type="link" size="small" danger>
                          {t('common.delete')}
                                                  </Button>
                      </Popconfirm>
                    </Flex>
                  )
                }
              >
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t(keyPersonFieldLabel.mobile)}>{show(person.mobile)}</Descriptions.Item>
                  <Descriptions.Item label={t(keyPersonFieldLabel.birthday)}>{show(person.birthday)}</Descriptions.Item>
                  <Descriptions.Item label={t(keyPersonFieldLabel.family)}>{show(person.family)}</Descriptions.Item>
                  <Descriptions.Item label={t(keyPersonFieldLabel.homeAddress)}>{show(person.homeAddress)}</Descriptions.Item>
                  <Descriptions.Item label={t(keyPersonFieldLabel.hobbies)}>{show(person.hobbies)}</Descriptions.Item>
                  <Descriptions.Item label={t(keyPersonFieldLabel.note)}>{show(person.note)}</Descriptions.Item>
                </Descriptions>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {editing && <KeyPersonFormModal customerId={customerId} person={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
