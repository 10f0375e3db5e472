import { ArrowRightOutlined } from '@ant-design/icons';
import { Empty, Table, Typography } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';
import type { FieldChange } from './audit-api';

function renderValue(value: unknown) {
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (typeof value === 'object') {
    return (
      <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {JSON.stringify(value)}
      </Typography.Text>
    );
  }
  return <span style={{ wordBreak: 'break-all' }}>{String(value)}</span>;
}

interface ChangeRow {
  field: string;
  before: unknown;
  after: unknown;
}

/** Field-level before → after of one audit event (R-PLT-10). */
export function AuditChanges({ changes }: { changes: Record<string, FieldChange> | null }) {
  const t = useT();
  const rows: ChangeRow[] = Object.entries(changes ?? {}).map(([field, change]) => ({ field, before: change?.before, after: change?.after }));
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noChanges')} />;
  return (
    <Table<ChangeRow>
      rowKey="field"
      size="small"
      pagination={false}
      dataSource={rows}
      style={{ maxWidth: 900 }}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 180, render: (field: string) => <Typography.Text strong>{field}</Typography.Text> },
        {
          title: (
            <span>
              {t('audit.before')} <ArrowRightOutlined style={{ fontSize: 11, margin: '0 4px' }} /> {t('audit.after')}
            </span>
          ),
          key: 'change',
          render: (_value, row) => (
            <span>
              <span style={{ background: '#fff1f0', padding: '1px 6px', borderRadius: 4 }}>{renderValue(row.before)}</span>
              <ArrowRightOutlined style={{ margin: '0 10px', color: '#8c8c8c' }} />
              <span style={{ background: '#f6ffed', padding: '1px 6px', borderRadius: 4 }}>{renderValue(row.after)}</span>
            </span>
          ),
        },
      ]}
    />
  );
}
