import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Progress, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
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

/** Flags and duties of a project as small tags (shared with the detail page). */
export function ProjectFlags({ project }: { project: Pick<ProjectSummary, 'flag' | 'reviewRequired' | 'reportRequired' | 'breakthroughAt'> }) {
  return (
    <Flex gap={4} wrap>
      {project.flag && <Tag color={projectFlagLabels[project.flag].color}>{projectFlagLabels[project.flag].label}</Tag>}
      {project.reviewRequired && <Tag color="volcano">待评审</Tag>}
      {project.reportRequired && <Tag color="red">待交书面报告</Tag>}
      {project.breakthroughAt && <Tag color="green">已突破</Tag>}
    </Flex>
  );
}

/** 开发立项 (R-DEV-50): the projects in my development scope, with budget use and time flags. */
export function ProjectsPage() {
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
      title: '立项',
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
    { title: '客户', key: 'customer', render: (_, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link> },
    {
      title: '状态',
      key: 'status',
      width: 200,
      render: (_, row) => (
        <Flex gap={4} wrap>
          <Tag color={projectStatusLabels[row.status].color}>{projectStatusLabels[row.status].label}</Tag>
          <ProjectFlags project={row} />
        </Flex>
      ),
    },
    { title: '负责人', key: 'owner', width: 140, render: (_, row) => `${row.ownerName ?? ''}${row.unitName ? `（${row.unitName}）` : ''}` },
    {
      title: '预算 / 已用（元）',
      key: 'budget',
      width: 200,
      render: (_, row) => {
        const budget = Number(row.budgetTotal);
        const percent = budget > 0 ? Math.round((Number(row.spentTotal) / budget) * 100) : 0;
        return (
          <Tooltip title={`预算 ${formatMoney(row.budgetTotal)}，已用 ${formatMoney(row.spentTotal)}`}>
            <Flex vertical>
              <span>
                {formatMoney(row.budgetTotal)} / {formatMoney(row.spentTotal)}
              </span>
              <Progress percent={percent} size="small" showInfo={false} status={percent > 100 ? 'exception' : 'normal'} />
            </Flex>
          </Tooltip>
        );
      },
    },
    {
      title: '最近进展',
      dataIndex: 'lastProgressAt',
      key: 'lastProgressAt',
      width: 130,
      sorter: true,
      sortOrder: sortOrderFor('lastProgressAt'),
      render: (value: string | null, row) => (
        <Flex vertical>
          <span>{formatDate(value)}</span>
          {row.nextProgressDue && (
            <Typography.Text type={row.nextProgressDue < dayjs().format('YYYY-MM-DD') ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              应于 {row.nextProgressDue} 前汇报
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: '批准日期', dataIndex: 'approvedAt', key: 'approvedAt', width: 110, sorter: true, sortOrder: sortOrderFor('approvedAt'), render: (value: string | null) => formatDate(value) },
  ];

  return (
    <PageContainer
      title="开发立项"
      subtitle="大客户开发立项：评审小组批准预算；突破前费用受上限控制，每项费用最多超预算 5%；至少每 30 天汇报一次进展。"
      extra={
        hasPermission('development:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-create">
            申请立项
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search allowClear placeholder="立项编号、名称或客户名称" style={{ width: 260 }} maxLength={100} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select<ProjectStatus>
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            value={filters.status}
            onChange={(status) => setFilters({ ...filters, status })}
            options={Object.entries(projectStatusLabels).map(([value, { label }]) => ({ value: value as ProjectStatus, label }))}
          />
          <Select<ProjectFlag>
            allowClear
            placeholder="时限标记"
            style={{ width: 190 }}
            value={filters.flag}
            onChange={(flag) => setFilters({ ...filters, flag })}
            options={Object.entries(projectFlagLabels).map(([value, { label }]) => ({ value: value as ProjectFlag, label }))}
          />
          {hasPermission('user:read') && (
            <UserSelect placeholder="负责人" value={filters.ownerId} onChange={(ownerId) => setFilters({ ...filters, ownerId: ownerId ?? undefined })} style={{ width: 160 }} />
          )}
          {hasPermission('org:read') && (
            <OrgUnitTreeSelect placeholder="所属单位（含下级）" value={filters.unitId} onChange={(unitId) => setFilters({ ...filters, unitId: unitId ?? undefined })} style={{ width: 200 }} />
          )}
          <Button icon={<ReloadOutlined />} onClick={() => refetch()}>
            刷新
          </Button>
        </Flex>
      </Card>
      <Table<ProjectSummary> {...tableProps} columns={columns} size="middle" />
      {creating && <ProjectFormModal onClose={() => setCreating(false)} onSaved={(saved) => navigate(`/development/projects/${saved.id}`)} />}
    </PageContainer>
  );
}
