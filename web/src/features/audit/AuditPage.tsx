import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { PageContainer } from '../../ui/PageContainer';
import { useServerTable } from '../../ui/use-server-table';
import { auditQueryKey, listAuditEvents, type AuditEvent, type AuditFilters } from './audit-api';
import { actionColor, actionLabel, entityTypeLabel } from './audit-labels';
import { AuditChanges } from './AuditChanges';
import { AuditFilterBar } from './AuditFilterBar';
import { VerifyChainButton } from './VerifyChainButton';

/** 审计日志: who did what to which record, newest first (R-PLT-10, R-PLT-11). */
export function AuditPage() {
  const t = useT();
  const { tableProps, setFilters, refetch } = useServerTable<AuditEvent, AuditFilters>({
    queryKey: auditQueryKey,
    fetchPage: listAuditEvents,
    initialFilters: {},
  });

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 170, render: (at: string) => formatDateTime(at, true) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      key: 'actorName',
      width: 140,
      render: (name: string | null, event) => name ?? (event.actorId ? `#${event.actorId}` : t('common.none')),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 110,
      render: (action: string) => <Tag color={actionColor[action] ?? 'default'}>{actionLabel(t, action)}</Tag>,
    },
    {
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      key: 'entityType',
      width: 120,
      render: (type: string) => entityTypeLabel(t, type),
    },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      key: 'entityId',
      width: 100,
      render: (id: string | null) => id ?? t('common.none'),
    },
    {
      title: t('audit.summary'),
      dataIndex: 'summary',
      key: 'summary',
      ellipsis: { showTitle: false },
      render: (summary: string) => (
        <Tooltip title={summary} placement="topLeft">
          {summary || t('common.none')}
        </Tooltip>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', width: 130, render: (ip: string | null) => ip ?? t('common.none') },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      key: 'requestId',
      width: 140,
      render: (id: string | null) =>
        id ? (
          <Typography.Text type="secondary" copyable={{ text: id }} ellipsis style={{ maxWidth: 120, fontSize: 12 }}>
            {id}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <PageContainer
      title={t('audit.title')}
      subtitle={t('audit.subtitle')}
      extra={
        <>
          <VerifyChainButton />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
        </>
      }
    >
      <Card variant="borderless">
        <AuditFilterBar onSearch={setFilters} />
      </Card>
      <Card variant="borderless">
        <Table<AuditEvent>
          {...tableProps}
          columns={columns}
          size="middle"
          scroll={{ x: 1200 }}
          expandable={{
            rowExpandable: (event) => event.changes !== null && Object.keys(event.changes).length > 0,
            expandedRowRender: (event) => <AuditChanges changes={event.changes} />,
          }}
        />
      </Card>
    </PageContainer>
  );
}
