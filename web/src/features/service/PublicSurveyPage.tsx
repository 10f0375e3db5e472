import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Rate, Result, Skeleton, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { apiRequest } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';

interface PublicSurvey {
  title: string;
  description: string | null;
  questions: { id: string; kind: 'single' | 'multiple' | 'rating' | 'text'; text: string; options: string[]; required: boolean }[];
}

/** The one-time survey link (R-SVC-22): no account, one questionnaire, one submission; made for a phone screen. */
export function PublicSurveyPage() {
  const t = useT();
  const token = useParams().token ?? '';
  const [form] = Form.useForm();
  const url = `/public/surveys/${encodeURIComponent(token)}`;
  const survey = useQuery({ queryKey: ['public-survey', token], queryFn: () => apiRequest<PublicSurvey>(url, { skipAuthRedirect: true }), retry: false });
  const submit = useMutation({
    mutationFn: (values: { answers: Record<string, unknown> }) => apiRequest<void>(url, { method: 'POST', body: values, skipAuthRedirect: true }),
    onError: (error: Error) => {
      applyServerFieldErrors(form, error);
    },
  });
  return (
    <main style={{ maxWidth: 560, margin: '0 auto', padding: 16 }}>
      {survey.isLoading && <Skeleton active />}
      {survey.error && <Result status="warning" title={(survey.error as Error).message} />}
      {submit.isSuccess && <Result status="success" title={t('surveys.thanks')} />}
      {survey.data && !submit.isSuccess && (
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22 }}>{survey.data.title}</Typography.Title>
          {survey.data.description && <Typography.Paragraph type="secondary">{survey.data.description}</Typography.Paragraph>}
          {submit.error && <Alert type="error" showIcon message={(submit.error as Error).message} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" onFinish={(values) => submit.mutate(values)}>
            {survey.data.questions.map((q, index) => (
              <Form.Item key={q.id} name={['answers', q.id]} label={`${index + 1}. ${q.text}`} rules={q.required ? [{ required: true, message: t('surveys.requiredAnswer') }] : []}>
                {q.kind === 'single' ? (
                  <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={q.options} />
                ) : q.kind === 'multiple' ? (
                  <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={q.options} />
                ) : q.kind === 'rating' ? (
                  <Rate aria-label={q.text} style={{ fontSize: 28 }} />
                ) : (
                  <Input.TextArea aria-label={q.text} rows={3} maxLength={2000} />
                )}
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending}>{t('surveys.submit')}</Button>
          </Form>
        </Card>
      )}
    </main>
  );
}
