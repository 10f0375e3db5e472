import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Progress, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { formatDate } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { useServerTable } from '../../../ui/use-server-table';
import { OrgUnitTreeSelect } from '../../org/OrgUnitTreeSelect';
import { UserSelect } from '../../users/UserSelect';
import { ProjectFormModal } from './ProjectForm';
import {
  formatMoney,
  listProjects,
  projectFlagLabels,
  projectListKey,
  projectStatusLabels,
  type ProjectFilters,
  type ProjectFlag,
  type ProjectStatus,
  type ProjectSummary,
} from './projects-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { businessToday } from '../../../ui/business-date';

/** Flags and duties of a project as small tags (shared with the detail page). */
export function ProjectFlags({ project }: { project: Pick<ProjectSummary, 'flag' | 'reviewRequired' | 'reportRequired' | 'breakthroughAt'> }) {
  const t = useT();
  return (
    <Flex gap={4} wrap>
      {project.flag && <Tag color={projectFlagLabels[project.flag].color}>{t(projectFlagLabels[project.flag].label)}</Tag>}
      {project.reviewRequired && <Tag color="volcano">{t('development.projects.reviewDue')}</Tag>}
      {project.reportRequired && <Tag color="red">{t('development.projects.reportDue')}</Tag>}
      {project.breakthroughAt && <Tag color="green">{t('development.projects.breakthroughReached')}</Tag>}
    </Flex>
  );
}

/** 开发立项 (R-DEV-50): the projects in my development scope, with budget use and time flags. */
export function ProjectsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const [creating, setCreating] = useState(false);
  const { tableProps, filters, setFilters, sortOrderFor, refetch } = useServerTable<ProjectSummary, ProjectFilters>({
    queryKey: projectListKey,
    fetchPage: listProjects,
    initialFilters: {},
  });

  const columns: TableColumnsType<ProjectSummary> = [
    {
      title: t('development.projects.project'),
      key: 'name',
      render: (_, row) => (
        <Flex vertical>
          <Link to={`/development/projects/${row.id}`}>{row.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.number}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('audit.entity.customer'), key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    {
      title: t('users.status'),
      key: 'status',
      width: 200,
      render: (_, row) => (
        <Flex gap={4} wrap>
          <Tag color={projectStatusLabels[row.status].color}>{t(projectStatusLabels[row.status].label)}</Tag>
          <ProjectFlags project={row} />
        </Flex>
      ),
    },
    { title: t('org.manager'), key: 'owner', width: 140, render: (_, row) => `${row.ownerName ?? ''}${row.unitName ? `（${row.unitName}）` : ''}` },
    {
      title: t('development.projects.budgetSpentCny'),
      key: 'budget',
      width: 200,
      render: (_, row) => {
        const budget = Number(row.budgetTotal);
        const percent = budget > 0 ? Math.round((Number(row.spentTotal) / budget) * 100) : 0;
        return (
          <Tooltip title={t('development.projects.budgetSpent', { v0: formatMoney(row.budgetTotal), v1: formatMoney(row.spentTotal) })}>
            <Flex vertical>
              <span>
                {formatMoney(row.budgetTotal)} / {formatMoney(row.spentTotal)}
              </span>
              <Progress aria-label={row.name} percent={percent} size="small" showInfo={false} status={percent > 100 ? 'exception' : 'normal'} />
            </Flex>
          </Tooltip>
        );
      },
    },
    {
      title: t('development.projects.lastProgress'),
      dataIndex: 'lastProgressAt',
      key: 'lastProgressAt',
      width: 130,
      sorter: true,
      sortOrder: sortOrderFor('lastProgressAt'),
      render: (value: string | null, row) => (
        <Flex vertical>
          <span>{formatDate(value)}</span>
          {row.nextProgressDue && (
            <Typography.Text type={row.nextProgressDue < businessToday().format('YYYY-MM-DD') ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {t('development.projects.dueBy')}{' '}{row.nextProgressDue} {t('development.projects.text')}
                          </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('development.projects.approved2'), dataIndex: 'approvedAt', key: 'approvedAt', width: 110, sorter: true, sortOrder: sortOrderFor('approvedAt'), render: (value: string | null) => formatDate(value) },
  ];

  return (
    <PageContainer
      title={t('menu.projects')}
      subtitle={t('development.projects.keyAccountDevelopmentProjectsThe')}
      extra={
        hasPermission('development:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-create">
            {t('development.projects.applyForAProject')}
                      </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search aria-label={t('development.projects.projectNumberNameOrCustomer')} allowClear placeholder={t('development.projects.projectNumberNameOrCustomer')} style={{ width: 260 }} maxLength={100} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select<ProjectStatus> aria-label={t('users.status')}
            allowClear
            placeholder={t('users.status')}
            style={{ width: 120 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(projectStatusLabels).map(([value, { label }]) => ({ value: value as ProjectStatus, label: t(label) }))}
          />
          <Select<ProjectFlag> aria-label={t('development.projects.deadlineFlags')}
            allowClear
            placeholder={t('development.projects.deadlineFlags')}
            style={{ width: 190 }}
            value={filters.flag}
            onChange={(flag) => setFilters({ ...filters, flag })}
            options={Object.entries(projectFlagLabels).map(([value, { label }]) => ({ value: value as ProjectFlag, label: t(label) }))}
          />
          {hasPermission('user:read') && (
            <UserSelect aria-label={t('org.manager')} placeholder={t('org.manager')} value={filters.ownerId} onChange={(ownerId) => setFilters({ ...filters, ownerId: ownerId ?? undefined })} style={{ width: 160 }} />
          )}
          {hasPermission('org:read') && (
            <OrgUnitTreeSelect aria-label={t('development.projects.unitWithSubUnits')} placeholder={t('development.projects.unitWithSubUnits')} value={filters.unitId} onChange={(unitId) => setFilters({ ...filters, unitId: unitId ?? undefined })} style={{ width: 200 }} />
          )}
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            {t('common.refresh')}
                      </Button>
        </Flex>
      </Card>
      <Table<ProjectSummary> {...tableProps} columns={columns} size="middle" />
      {creating && <ProjectFormModal onClose={() => setCreating(false)} onSaved={(saved) => navigate(`/development/projects/${saved.id}`)} />}
    </PageContainer>
  );
}
