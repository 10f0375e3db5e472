import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Popconfirm,
  Progress,
  Row,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
  type TableColumnsType,
  type UploadProps,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import {
  commitImport,
  customerImportsQueryKey,
  downloadFile,
  getImport,
  IMPORT_MAX_MB,
  importStatusColor,
  importStatusLabel,
  importTemplateUrl,
  isImportRunning,
  listMyImports,
  problemKindColor,
  problemKindLabel,
  rejectedRowsUrl,
  uploadImportFile,
  type CustomerImport,
  type ImportProblem,
} from './import-api';

const POLL_MS = 1_000;

const problemColumns: TableColumnsType<ImportProblem> = [
  { title: '行号', dataIndex: 'row', key: 'row', width: 70 },
  { title: '客户名称', dataIndex: 'name', key: 'name', width: 220, ellipsis: true, render: (name: string) => name || <Typography.Text type="secondary">（空）</Typography.Text> },
  { title: '列', dataIndex: 'column', key: 'column', width: 140 },
  { title: '问题', dataIndex: 'message', key: 'message' },
  { title: '类型', dataIndex: 'kind', key: 'kind', width: 130, render: (kind: ImportProblem['kind']) => <Tag color={problemKindColor[kind]}>{problemKindLabel[kind]}</Tag> },
];

/** Which of the four steps an import is at. */
function stepOf(item: CustomerImport | undefined): number {
  if (!item) return 1;
  if (item.status === 'validating' || item.status === 'uploaded' || item.status === 'failed') return 2;
  return 3;
}

function ImportProgress({ item }: { item: CustomerImport }) {
  const status = item.status === 'failed' ? 'exception' : isImportRunning(item.status) ? 'active' : 'success';
  const label = item.status === 'validating' ? '正在逐行校验与查重…' : item.status === 'committing' ? '正在导入（全部成功或全部撤销）…' : item.message;
  return (
    <div data-testid="import-progress" data-status={item.status}>
      <Progress percent={item.progress} status={status} />
      <Typography.Text type={item.status === 'failed' ? 'danger' : 'secondary'}>{label}</Typography.Text>
    </div>
  );
}

function ImportCounts({ item }: { item: CustomerImport }) {
  return (
    <Row gutter={16}>
      <Col xs={12} md={6}>
        <Statistic title="总行数" value={item.totalRows} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={item.status === 'committed' ? '已导入' : '可导入'} value={item.status === 'committed' ? item.importedRows : item.validRows} styles={{ content: { color: '#389e0d' } }} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title="有错误" value={item.invalidRows} styles={{ content: item.invalidRows ? { color: '#cf1322' } : undefined }} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title="重复" value={item.duplicateRows} styles={{ content: item.duplicateRows ? { color: '#d48806' } : undefined }} />
      </Col>
    </Row>
  );
}

/** 客户导入 (R-CUS-30, R-QLT-06): template → upload → streamed validation with preview → commit of the valid rows. */
export function CustomerImportPage() {
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedId = Number(searchParams.get('id')) || undefined;
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);

  const recent = useQuery({ queryKey: [...customerImportsQueryKey, 'mine'], queryFn: listMyImports });
  const current = useQuery({
    queryKey: [...customerImportsQueryKey, selectedId],
    queryFn: () => getImport(selectedId!),
    enabled: selectedId !== undefined,
    refetchInterval: (query) => (isImportRunning(query.state.data?.status) ? POLL_MS : false),
  });
  const item = current.data;

  // After a reload without ?id, resume the latest import that is still open.
  useEffect(() => {
    if (selectedId !== undefined || !recent.data) return;
    const open = recent.data.items.find((i) => i.status !== 'committed' && i.status !== 'failed');
    if (open) setSearchParams({ id: String(open.id) }, { replace: true });
  }, [recent.data, selectedId, setSearchParams]);

  // Refresh the recent list when the current import changes state.
  const status = item?.status;
  useEffect(() => {
    if (status) void queryClient.invalidateQueries({ queryKey: [...customerImportsQueryKey, 'mine'] });
  }, [status, queryClient]);

  const select = (id: number) => setSearchParams({ id: String(id) });

  const customRequest: UploadProps['customRequest'] = (options) => {
    const controller = new AbortController();
    setUploadPercent(0);
    uploadImportFile(options.file as File, (percent) => setUploadPercent(percent), controller.signal)
      .then((created) => {
        options.onSuccess?.(created);
        setUploadPercent(null);
        message.success('文件已上传，正在校验');
        queryClient.setQueryData([...customerImportsQueryKey, created.id], created);
        select(created.id);
      })
      .catch((error: unknown) => {
        setUploadPercent(null);
        const detail = error instanceof Error ? error.message : String(error);
        options.onError?.(error instanceof Error ? error : new Error(detail));
        message.error({ content: detail, duration: 6 });
      });
    return { abort: () => controller.abort() };
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    if (!/\.xlsx$/i.test(file.name)) {
      message.error('请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）');
      return Upload.LIST_IGNORE;
    }
    if (file.size > IMPORT_MAX_MB * 1024 * 1024) {
      message.error(`文件超过 ${IMPORT_MAX_MB} MB，请拆分后分别导入`);
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const commit = useMutation({
    mutationFn: (id: number) => commitImport(id),
    onSuccess: (updated) => {
      queryClient.setQueryData([...customerImportsQueryKey, updated.id], updated);
      message.info('已开始导入');
    },
  });

  const recentColumns: TableColumnsType<CustomerImport> = [
    { title: '文件', dataIndex: 'fileName', key: 'fileName', ellipsis: true },
    { title: '上传时间', dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
    { title: '状态', dataIndex: 'status', key: 'status', width: 90, render: (s: CustomerImport['status']) => <Tag color={importStatusColor[s]}>{importStatusLabel[s]}</Tag> },
    {
      title: '结果',
      key: 'result',
      width: 200,
      render: (_, row) =>
        row.status === 'committed' ? `导入 ${row.importedRows} / ${row.totalRows} 行` : row.totalRows ? `可导入 ${row.validRows} / ${row.totalRows} 行` : '—',
    },
  ];

  return (
    <PageContainer title="客户导入" subtitle="按模板填写 Excel，上传后系统逐行校验并查重；确认后只导入校验通过的行（一次性全部导入或全部不导入）。">
      <Card>
        <Steps
          current={stepOf(item)}
          items={[{ title: '下载模板' }, { title: '上传文件' }, { title: '校验结果' }, { title: '导入' }]}
        />
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Flex vertical gap={16}>
            <Card title="1. 下载模板" size="small">
              <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
                模板第一行为中文列名（带 * 为必填），「填写说明」工作表列出每列要求与企业性质、行业、来源的可选值。
              </Typography.Paragraph>
              <Button icon={<DownloadOutlined />} onClick={() => downloadFile(importTemplateUrl, '客户导入模板.xlsx')} data-testid="import-template">
                下载导入模板
              </Button>
            </Card>
            <Card title="2. 上传文件" size="small">
              <div data-testid="import-upload">
                <Upload.Dragger accept=".xlsx" maxCount={1} showUploadList={false} customRequest={customRequest} beforeUpload={beforeUpload} disabled={uploadPercent !== null}>
                  <p className="ant-upload-drag-icon">{uploadPercent === null ? <InboxOutlined /> : <UploadOutlined />}</p>
                  <p className="ant-upload-text">{uploadPercent === null ? '点击或拖拽 .xlsx 文件到此处' : `正在上传 ${uploadPercent}%`}</p>
                  <p className="ant-upload-hint">不超过 {IMPORT_MAX_MB} MB、200,000 行；只读取第一个工作表</p>
                </Upload.Dragger>
              </div>
            </Card>
            <Card title="最近的导入" size="small" styles={{ body: { padding: 0 } }}>
              <Table<CustomerImport>
                size="small"
                rowKey="id"
                columns={recentColumns}
                dataSource={recent.data?.items ?? []}
                loading={recent.isLoading}
                pagination={false}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有导入记录" /> }}
                onRow={(row) => ({ onClick: () => select(row.id), style: { cursor: 'pointer', background: row.id === selectedId ? 'rgba(22,119,255,0.06)' : undefined } })}
              />
            </Card>
          </Flex>
        </Col>

        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            <Card title={item ? `3. 校验结果 — ${item.fileName}` : '3. 校验结果'} size="small" loading={current.isLoading && selectedId !== undefined}>
              {!item ? (
                <Empty description="上传文件后在这里查看校验进度与问题行" />
              ) : (
                <Flex vertical gap={16}>
                  <ImportProgress item={item} />
                  {item.status !== 'failed' && <ImportCounts item={item} />}
                  {item.preview.length > 0 && (
                    <>
                      <Flex justify="space-between" align="center" wrap gap={8}>
                        <Typography.Text type="secondary">
                          问题行（显示前 200 行{item.invalidRows + item.duplicateRows > 200 ? `，共 ${item.invalidRows + item.duplicateRows} 行` : ''}）
                        </Typography.Text>
                        {item.hasRejected && (
                          <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadFile(rejectedRowsUrl(item.id))} data-testid="import-rejected">
                            下载被拒行（含错误原因）
                          </Button>
                        )}
                      </Flex>
                      <Table<ImportProblem>
                        size="small"
                        rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
                        columns={problemColumns}
                        dataSource={item.preview}
                        pagination={{ pageSize: 20, showSizeChanger: false }}
                        scroll={{ x: 760 }}
                      />
                    </>
                  )}
                </Flex>
              )}
            </Card>

            <Card title="4. 导入" size="small">
              {!item || item.status === 'validating' ? (
                <Typography.Text type="secondary">校验完成后可确认导入。</Typography.Text>
              ) : item.status === 'committed' ? (
                <Alert
                  type="success"
                  showIcon
                  icon={<CheckCircleOutlined />}
                  title={item.message}
                  description={
                    <Flex gap={12} wrap>
                      <Link to="/customers">查看客户列表</Link>
                      {item.hasRejected && <a onClick={() => downloadFile(rejectedRowsUrl(item.id))}>下载被拒行，修改后可重新导入</a>}
                    </Flex>
                  }
                />
              ) : item.status === 'failed' ? (
                <Alert type="error" showIcon title="该文件不能导入" description={item.message} />
              ) : (
                <Flex vertical gap={12}>
                  {item.status === 'validated' && item.message && !item.message.startsWith('校验完成') && <Alert type="warning" showIcon title={item.message} />}
                  <Flex align="center" gap={12} wrap>
                    <Popconfirm
                      title="确认导入"
                      description={`将新建 ${item.validRows} 个客户（全部成功或全部不导入）；${item.invalidRows + item.duplicateRows} 个问题行不会导入。`}
                      okText="导入"
                      cancelText="取消"
                      disabled={!item.canCommit}
                      onConfirm={() => commit.mutate(item.id)}
                    >
                      <Button type="primary" disabled={!item.canCommit} loading={commit.isPending || item.status === 'committing'} data-testid="import-commit">
                        导入 {item.validRows} 条有效数据
                      </Button>
                    </Popconfirm>
                    {!item.canCommit && item.status === 'validated' && <Typography.Text type="secondary">没有可导入的有效行，请修改文件后重新上传。</Typography.Text>}
                  </Flex>
                </Flex>
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
    </PageContainer>
  );
}
