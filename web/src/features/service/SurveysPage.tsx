import { CopyOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Checkbox, Drawer, Flex, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';

// 满意度调查 (R-SVC-22): questionnaires, sending with one-time links, answering for a customer, results.

type Kind = 'single' | 'multiple' | 'rating' | 'text';
interface Question {
  id: string;
  kind: Kind;
  text: string;
  options: string[];
  required: boolean;
}
interface Survey {
  id: number;
  title: string;
  description: string | null;
  questions: Question[];
  status: 'draft' | 'active' | 'closed';
  invited: number;
  answered: number;
  createdAt: string;
}
interface Invitation {
  id: number;
  customerId: number;
  customerName: string;
  contactName: string | null;
  sentAt: string;
  expiresAt: string;
  answeredAt: string | null;
  answeredVia: 'link' | 'staff' | null;
  link?: string;
}
interface Results {
  invited: number;
  answered: number;
  questions: { id: string; text: string; kind: Kind; answers: number; options: { option: string; count: number }[]; average: number | null; texts: string[] }[];
  byUnit: { unitId: number; unitName: string; invited: number; answered: number; averageRating: number | null }[];
}
const statusColor = { draft: 'default', active: 'processing', closed: 'success' } as const;
const kinds: Kind[] = ['single', 'multiple', 'rating', 'text'];

/** Customers in the reader's scope, several at once, searched on the server. */
function CustomersPicker({ value, onChange, label }: { value?: number[]; onChange?: (ids: number[]) => void; label: string }) {
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['survey-customers', q], queryFn: () => api.get<{ items: { id: number; name: string }[] }>('/customers', { q: q || undefined, pageSize: 20 }), staleTime: 30_000 });
  return <Select<number[]> mode="multiple" aria-label={label} showSearch filterOption={false} onSearch={setQ} value={value} onChange={onChange} options={(hits.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />;
}

/** The answer form of a survey, shared by staff answering for a customer (and mirrored by the public page). */
export function AnswerFields({ questions }: { questions: Question[] }) {
  return (
    <>
      {questions.map((q) => (
        <Form.Item key={q.id} name={['answers', q.id]} label={q.text} rules={q.required ? [{ required: true, message: q.text }] : []}>
          {q.kind === 'single' ? (
            <Select aria-label={q.text} options={q.options.map((o) => ({ value: o, label: o }))} />
          ) : q.kind === 'multiple' ? (
            <Checkbox.Group options={q.options} />
          ) : q.kind === 'rating' ? (
            <InputNumber aria-label={q.text} min={1} max={5} precision={0} />
          ) : (
            <Input.TextArea aria-label={q.text} rows={2} maxLength={2000} />
          )}
        </Form.Item>
      ))}
    </>
  );
}

export function SurveysPage() {
  const t = useT();
  const { message } = AntdApp.useApp();
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const designer = hasPermission('complaint:supervise') || hasPermission('system:manage');
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: () => api.get<Survey[]>('/surveys') });
  const [editing, setEditing] = useState<Survey | 'new'>();
  const [sending, setSending] = useState<Survey>();
  const [sent, setSent] = useState<Invitation[]>();
  const [open, setOpen] = useState<Survey>();
  const [answering, setAnswering] = useState<Invitation>();
  const [form] = Form.useForm();
  const [sendForm] = Form.useForm();
  const [answerForm] = Form.useForm();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['surveys'] });
  const fail = (target: ReturnType<typeof Form.useForm>[0]) => (error: Error) => {
    if (!applyServerFieldErrors(target, error)) message.error(error.message);
  };
  const save = useMutation({
    mutationFn: (values: { title: string; description?: string; questions: Question[] }) => {
      const body = { ...values, questions: values.questions.map((q, i) => ({ ...q, id: `q${i + 1}`, options: q.kind === 'single' || q.kind === 'multiple' ? (q.options ?? []) : [] })) };
      return editing === 'new' ? api.post('/surveys', body) : api.put(`/surveys/${(editing as Survey).id}`, body);
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      setEditing(undefined);
      await refresh();
    },
    onError: fail(form),
  });
  const status = useMutation({ mutationFn: ({ id, to }: { id: number; to: 'activate' | 'close' }) => api.post(`/surveys/${id}/${to}`), onSuccess: refresh, onError: (error: Error) => message.error(error.message) });
  const send = useMutation({
    mutationFn: (values: { customerIds: number[]; contactName?: string; expiresInDays: number }) => api.post<Invitation[]>(`/surveys/${sending!.id}/invitations`, values),
    onSuccess: async (invitations) => {
      setSending(undefined);
      setSent(invitations);
      await refresh();
    },
    onError: fail(sendForm),
  });
  const invitations = useQuery({ queryKey: ['surveys', open?.id, 'invitations'], queryFn: () => api.get<Invitation[]>(`/surveys/${open!.id}/invitations`), enabled: Boolean(open) });
  const results = useQuery({ queryKey: ['surveys', open?.id, 'results'], queryFn: () => api.get<Results>(`/surveys/${open!.id}/results`), enabled: Boolean(open) });
  const answer = useMutation({
    mutationFn: (values: { answers: Record<string, unknown> }) => api.post(`/survey-invitations/${answering!.id}/answer`, values),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setAnswering(undefined);
      await queryClient.invalidateQueries({ queryKey: ['surveys'] });
    },
    onError: fail(answerForm),
  });
  const columns: TableColumnsType<Survey> = [
    { title: t('surveys.name'), key: 'title', render: (_, s) => <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(s)}>{s.title}</Button> },
    { title: t('surveys.questions'), key: 'q', width: 80, render: (_, s) => s.questions.length },
    { title: t('surveys.answered'), key: 'a', width: 120, render: (_, s) => `${s.answered} / ${s.invited}` },
    { title: t('complaints.status'), key: 'status', width: 90, render: (_, s) => <Tag color={statusColor[s.status]}>{t(`surveys.status.${s.status}`)}</Tag> },
    {
      title: '',
      key: 'actions',
      width: 260,
      render: (_, s) => (
        <Space>
          {designer && s.status === 'draft' && <Button size="small" onClick={() => { form.setFieldsValue(s); setEditing(s); }}>{t('common.edit')}</Button>}
          {designer && s.status === 'draft' && <Button size="small" onClick={() => status.mutate({ id: s.id, to: 'activate' })}>{t('surveys.activate')}</Button>}
          {s.status === 'active' && hasPermission('service:write') && <Button size="small" type="primary" onClick={() => { sendForm.setFieldsValue({ expiresInDays: 14 }); setSending(s); }}>{t('surveys.send')}</Button>}
          {designer && s.status === 'active' && <Button size="small" onClick={() => status.mutate({ id: s.id, to: 'close' })}>{t('surveys.close')}</Button>}
        </Space>
      ),
    },
  ];
  return (
    <PageContainer
      title={t('surveys.title')}
      subtitle={t('surveys.subtitle')}
      extra={designer && <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.setFieldsValue({ title: '', description: '', questions: [{ kind: 'rating', text: '', required: true }] }); setEditing('new'); }}>{t('surveys.new')}</Button>}
    >
      <Card size="small">
        <Table<Survey> rowKey="id" size="small" loading={surveys.isLoading} dataSource={surveys.data ?? []} columns={columns} pagination={false} />
      </Card>
      <Modal width={760} open={Boolean(editing)} title={editing === 'new' ? t('surveys.new') : t('common.edit')} okButtonProps={{ loading: save.isPending }} onOk={() => form.validateFields().then((values) => save.mutate(values))} onCancel={() => setEditing(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('surveys.name')} rules={[{ required: true, message: t('common.required', { label: t('surveys.name') }) }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="description" label={t('surveys.description')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
          <Form.List name="questions">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Card key={field.key} size="small" title={`${index + 1}.`} extra={<Button type="text" aria-label={t('common.delete')} icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />}>
                    <Flex gap={8} wrap>
                      <Form.Item name={[field.name, 'kind']} style={{ width: 140, marginBottom: 8 }}>
                        <Select aria-label={t('surveys.kind')} options={kinds.map((k) => ({ value: k, label: t(`surveys.kind.${k}`) }))} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'text']} rules={[{ required: true, message: t('common.required', { label: t('surveys.question') }) }]} style={{ flex: 1, minWidth: 240, marginBottom: 8 }}>
                        <Input aria-label={t('surveys.question')} placeholder={t('surveys.question')} maxLength={200} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'required']} valuePropName="checked" style={{ marginBottom: 8 }}><Checkbox>{t('surveys.required')}</Checkbox></Form.Item>
                    </Flex>
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        ['single', 'multiple'].includes(form.getFieldValue(['questions', field.name, 'kind'])) && (
                          <Form.Item name={[field.name, 'options']} label={t('surveys.options')} style={{ marginBottom: 0 }}>
                            <Select mode="tags" aria-label={t('surveys.options')} open={false} placeholder={t('surveys.optionsHint')} />
                          </Form.Item>
                        )
                      }
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'single', text: '', required: true, options: [] })}>{t('surveys.addQuestion')}</Button>
              </Flex>
            )}
          </Form.List>
        </Form>
      </Modal>
      <Modal open={Boolean(sending)} title={t('surveys.send')} okButtonProps={{ loading: send.isPending }} onOk={() => sendForm.validateFields().then((values) => send.mutate(values))} onCancel={() => setSending(undefined)} destroyOnHidden>
        <Form form={sendForm} layout="vertical">
          <Form.Item name="customerIds" label={t('surveys.customers')} rules={[{ required: true, message: t('common.selectRequired', { label: t('surveys.customers') }) }]}><CustomersPicker label={t('surveys.customers')} /></Form.Item>
          <Form.Item name="contactName" label={t('surveys.contact')}><Input maxLength={50} /></Form.Item>
          <Form.Item name="expiresInDays" label={t('surveys.expires')}><InputNumber min={1} max={60} precision={0} aria-label={t('surveys.expires')} /></Form.Item>
        </Form>
      </Modal>
      <Modal width={760} open={Boolean(sent)} title={t('surveys.links')} footer={null} onCancel={() => setSent(undefined)}>
        <Alert type="warning" showIcon message={t('surveys.linksOnce')} style={{ marginBottom: 12 }} />
        {(sent ?? []).map((i) => {
          const url = i.link?.startsWith('/') ? `${window.location.origin}${i.link}` : (i.link ?? '');
          return (
            <Flex key={i.id} gap={8} align="center" style={{ marginBottom: 6 }}>
              <span style={{ width: 200 }}>{i.customerName}</span>
              <Typography.Text code copyable={{ text: url, icon: <CopyOutlined /> }} ellipsis style={{ flex: 1 }}>{url}</Typography.Text>
            </Flex>
          );
        })}
      </Modal>
      <Drawer width={760} open={Boolean(open)} title={open?.title} onClose={() => setOpen(undefined)} destroyOnHidden>
        {results.data && (
          <Flex vertical gap={12}>
            <Typography.Text>{t('surveys.answeredOf', { answered: results.data.answered, invited: results.data.invited })}</Typography.Text>
            {results.data.questions.map((q, index) => (
              <Card key={q.id} size="small" title={`${index + 1}. ${q.text}`} extra={q.average !== null ? t('surveys.average', { v: q.average }) : `${q.answers}`}>
                {q.options.map((o) => (
                  <Flex key={o.option} gap={8} align="center">
                    <span style={{ width: 120 }}>{o.option}</span>
                    <Progress percent={q.answers ? Math.round((o.count / q.answers) * 100) : 0} style={{ flex: 1, margin: 0 }} aria-label={`${o.option} ${o.count}`} />
                    <span style={{ width: 32, textAlign: 'right' }}>{o.count}</span>
                  </Flex>
                ))}
                {q.texts.map((text, i) => <div key={i}>· {text}</div>)}
              </Card>
            ))}
            <Table size="small" rowKey="unitId" pagination={false} dataSource={results.data.byUnit} columns={[{ title: t('surveys.unit'), dataIndex: 'unitName' }, { title: t('surveys.answered'), key: 'n', render: (_, u) => `${u.answered} / ${u.invited}` }, { title: t('surveys.avgRating'), dataIndex: 'averageRating', render: (v: number | null) => v ?? '—' }]} />
            <Typography.Title level={5}>{t('surveys.sentList')}</Typography.Title>
            <Table<Invitation>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={invitations.data ?? []}
              columns={[
                { title: t('surveys.customers'), dataIndex: 'customerName' },
                { title: t('surveys.sentAt'), key: 's', render: (_, i) => formatDateTime(i.sentAt) },
                { title: t('surveys.answered'), key: 'a', render: (_, i) => (i.answeredAt ? `${formatDateTime(i.answeredAt)} · ${t(`surveys.via.${i.answeredVia!}`)}` : '—') },
                { title: '', key: 'x', render: (_, i) => !i.answeredAt && open?.status === 'active' && hasPermission('service:write') && <Button size="small" onClick={() => { answerForm.resetFields(); setAnswering(i); }}>{t('surveys.answerFor')}</Button> },
              ]}
            />
          </Flex>
        )}
      </Drawer>
      <Modal width={640} open={Boolean(answering)} title={`${t('surveys.answerFor')} · ${answering?.customerName ?? ''}`} okButtonProps={{ loading: answer.isPending }} onOk={() => answerForm.validateFields().then((values) => answer.mutate(values))} onCancel={() => setAnswering(undefined)} destroyOnHidden>
        <Form form={answerForm} layout="vertical">{open && <AnswerFields questions={open.questions} />}</Form>
      </Modal>
    </PageContainer>
  );
}
