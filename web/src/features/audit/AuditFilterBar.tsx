import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useAuth } from '../../app/auth-context';
import { useT } from '../../app/i18n/LocaleProvider';
import { UserSelect } from '../users/UserSelect';
import { auditActions, type AuditFilters } from './audit-api';
import { entityTypeLabel } from './audit-labels';

interface AuditFilterValues {
  actorId?: number | null;
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  q?: string;
}

const knownEntityTypes = ['user', 'org_unit', 'role', 'session', 'customer'];

function toFilters(values: AuditFilterValues): AuditFilters {
  const [from, to] = values.range ?? [null, null];
  return {
    actorId: values.actorId ?? undefined,
    action: values.action || undefined,
    entityType: values.entityType?.trim() || undefined,
    entityId: values.entityId?.trim() || undefined,
    from: from ? from.toISOString() : undefined,
    to: to ? to.toISOString() : undefined,
    q: values.q?.trim() || undefined,
  };
}

/** Search form above the audit table; named so its field ids cannot clash with other forms. */
export function AuditFilterBar({ onSearch }: { onSearch: (filters: AuditFilters) => void }) {
  const t = useT();
  const { hasPermission } = useAuth();
  const [form] = Form.useForm<AuditFilterValues>();

  return (
    <Form<AuditFilterValues> form={form} name="auditFilter" layout="vertical" onFinish={(values) => onSearch(toFilters(values))}>
      <Row gutter={16}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="actorId" label={t('audit.actor')}>
            {hasPermission('user:read') ? <UserSelect /> : <InputNumber min={1} precision={0} style={{ width: '100%' }} />}
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="action" label={t('audit.action')}>
            <Select allowClear options={auditActions.map((action) => ({ value: action, label: t(`audit.action.${action}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="entityType" label={t('audit.entityType')}>
            <AutoComplete
              allowClear
              options={knownEntityTypes.map((type) => ({ value: type, label: `${entityTypeLabel(t, type)} (${type})` }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Form.Item name="range" label={t('audit.timeRange')}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="q" label={t('common.keyword')}>
            <Input allowClear placeholder={t('audit.keywordPlaceholder')} maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6} style={{ display: 'flex', alignItems: 'flex-end', justifyContent: 'flex-end', gap: 8, paddingBottom: 24 }}>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch({});
            }}
          >
            {t('common.reset')}
          </Button>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
        </Col>
      </Row>
    </Form>
  );
}
