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
import { useT } from '../../../app/i18n/LocaleProvider';
import type { Translate } from '../../../app/i18n/dictionary';

const POLL_MS = 1_000;

const problemColumns = (t: Translate): TableColumnsType<ImportProblem> => [
  { title: t('customers.io.row'), dataIndex: 'row', key: 'row', width: 70 },
  { title: t('customers.io.customerName'), dataIndex: 'name', key: 'name', width: 220, ellipsis: true, render: (name: string) => name || <Typography.Text type="secondary">{t('customers.io.empty')}</Typography.Text> },
  { title: t('customers.io.column'), dataIndex: 'column', key: 'column', width: 140 },
  { title: t('customers.io.problem'), dataIndex: 'message', key: 'message' },
  { title: t('customers.io.type'), dataIndex: 'kind', key: 'kind', width: 130, render: (kind: ImportProblem['kind']) => <Tag color={problemKindColor[kind]}>{t(problemKindLabel[kind])}</Tag> },
];

/** Which of the four steps an import is at. */
function stepOf(item: CustomerImport | undefined): number {
  if (!item) return 1;
  if (item.status === 'validating' || item.status === 'uploaded' || item.status === 'failed') return 2;
  return 3;
}

function ImportProgress({ item }: { item: CustomerImport }) {
  const t = useT();
  const status = item.status === 'failed' ? 'exception' : isImportRunning(item.status) ? 'active' : 'success';
  const label = item.status === 'validating' ? t('customers.io.checkingRowsAndDuplicates') : item.status === 'committing' ? t('customers.io.importingAllOrNothing') : item.message;
  return (
    <div data-testid="import-progress" data-status={item.status}>
      <Progress aria-label={label} percent={item.progress} status={status} />
      <Typography.Text type={item.status === 'failed' ? 'danger' : 'secondary'}>{label}</Typography.Text>
    </div>
  );
}

function ImportCounts({ item }: { item: CustomerImport }) {
  const t = useT();
  return (
    <Row gutter={16}>
      <Col xs={12} md={6}>
        <Statistic title={t('customers.io.rows')} value={item.totalRows} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={item.status === 'committed' ? t('customers.io.imported') : t('customers.io.importable')} value={item.status === 'committed' ? item.importedRows : item.validRows} styles={{ content: { color: '#389e0d' } }} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('customers.io.withErrors')} value={item.invalidRows} styles={{ content: item.invalidRows ? { color: '#cf1322' } : undefined }} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={t('customers.io.duplicates')} value={item.duplicateRows} styles={{ content: item.duplicateRows ? { color: '#ad6800' } : undefined }} />
      </Col>
    </Row>
  );
}

/** 客户导入 (R-CUS-30, R-QLT-06): template → upload → streamed validation with preview → commit of the valid rows. */
export function CustomerImportPage() {
  const t = useT();
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
        message.success(t('customers.io.fileUploadedChecking'));
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
    if (!/\.(xlsx|csv|tsv)$/i.test(file.name)) {
      message.error(t('customers.io.pleaseUploadAnExcelXlsx'));
      return Upload.LIST_IGNORE;
    }
    if (file.size > IMPORT_MAX_MB * 1024 * 1024) {
      message.error(t('customers.io.theFileIsLargerThan', { IMPORT_MAX_MB }));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const commit = useMutation({
    mutationFn: (id: number) => commitImport(id),
    onSuccess: (updated) => {
      queryClient.setQueryData([...customerImportsQueryKey, updated.id], updated);
      message.info(t('customers.io.importStarted'));
    },
  });

  const recentColumns: TableColumnsType<CustomerImport> = [
    { title: t('customers.io.file'), dataIndex: 'fileName', key: 'fileName', ellipsis: true },
    { title: t('customers.io.uploaded'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
    { title: t('users.status'), dataIndex: 'status', key: 'status', width: 90, render: (s: CustomerImport['status']) => <Tag color={importStatusColor[s]}>{t(importStatusLabel[s])}</Tag> },
    {
      title: t('customers.io.result'),
      key: 'result',
      width: 200,
      render: (_, row) =>
        row.status === 'committed' ? t('customers.io.importedRows', { importedRows: row.importedRows, totalRows: row.totalRows }) : row.totalRows ? t('customers.io.rowsImportable', { validRows: row.validRows, totalRows: row.totalRows }) : '—',
    },
  ];

  return (
    <PageContainer title={t('menu.customerImport')} subtitle={t('customers.io.fillInTheExcelTemplate')}>
      <Card>
        <Steps
          current={stepOf(item)}
          items={[{ title: t('customers.io.template') }, { title: t('customers.io.upload') }, { title: t('customers.io.check') }, { title: t('customers.io.import') }]}
        />
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Flex vertical gap={16}>
            <Card title={t('customers.io.1DownloadTheTemplate')} size="small">
              <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
                {t('customers.io.theFirstRowHoldsThe')}
                              </Typography.Paragraph>
              <Button icon={<DownloadOutlined />} onClick={() => downloadFile(importTemplateUrl, t('customers.io.customerImportTemplateXlsx'))} data-testid="import-template">
                {t('customers.io.downloadTemplate')}
                              </Button>
            </Card>
            <Card title={t('customers.io.2UploadTheFile')} size="small">
              <div data-testid="import-upload">
                <Upload.Dragger accept=".xlsx,.csv,.tsv" maxCount={1} showUploadList={false} customRequest={customRequest} beforeUpload={beforeUpload} disabled={uploadPercent !== null}>
                  <p className="ant-upload-drag-icon">{uploadPercent === null ? <InboxOutlined /> : <UploadOutlined />}</p>
                  <p className="ant-upload-text">{uploadPercent === null ? t('customers.io.clickOrDragAnXlsx') : t('customers.io.uploading', { uploadPercent })}</p>
                  <p className="ant-upload-hint">{t('customers.io.atMost')}{' '}{IMPORT_MAX_MB} {t('customers.io.mbAnd200000Rows')}</p>
                </Upload.Dragger>
              </div>
            </Card>
            <Card title={t('customers.io.recentImports')} size="small" styles={{ body: { padding: 0 } }}>
              <Table<CustomerImport>
                size="small"
                rowKey="id"
                columns={recentColumns}
                dataSource={recent.data?.items ?? []}
                loading={recent.isLoading}
                pagination={false}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.io.noImportsYet')} /> }}
                onRow={(row) => ({ onClick: () => select(row.id), style: { cursor: 'pointer', background: row.id === selectedId ? 'rgba(22,119,255,0.06)' : undefined } })}
              />
            </Card>
          </Flex>
        </Col>

        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            <Card title={item ? t('customers.io.3Check2', { fileName: item.fileName }) : t('customers.io.3Check')} size="small" loading={current.isLoading && selectedId !== undefined}>
              {!item ? (
                <Empty description={t('customers.io.afterUploadingTheProgressAnd')} />
              ) : (
                <Flex vertical gap={16}>
                  <ImportProgress item={item} />
                  {item.status !== 'failed' && <ImportCounts item={item} />}
                  {item.preview.length > 0 && (
                    <>
                      <Flex justify="space-between" align="center" wrap gap={8}>
                        <Typography.Text type="secondary">
                          {t('customers.io.problemRowsFirst200Shown')}{item.invalidRows + item.duplicateRows > 200 ? t('customers.io.inAll', { v0: item.invalidRows + item.duplicateRows }) : ''}）
                        </Typography.Text>
                        {item.hasRejected && (
                          <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadFile(rejectedRowsUrl(item.id))} data-testid="import-rejected">
                            {t('customers.io.downloadRejectedRowsWithReasons')}
                                                        </Button>
                        )}
                      </Flex>
                      <Table<ImportProblem>
                        size="small"
                        rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
                        columns={problemColumns(t)}
                        dataSource={item.preview}
                        pagination={{ pageSize: 20, showSizeChanger: false }}
                        scroll={{ x: 760 }}
                      />
                    </>
                  )}
                </Flex>
              )}
            </Card>

            <Card title={t('customers.io.4Import')} size="small">
              {!item || item.status === 'validating' ? (
                <Typography.Text type="secondary">{t('customers.io.confirmTheImportOnceChecking')}</Typography.Text>
              ) : item.status === 'committed' ? (
                <Alert
                  type="success"
                  showIcon
                  icon={<CheckCircleOutlined />}
                  title={item.message}
                  description={
                    <Flex gap={12} wrap>
                      <Link to="/customers">{t('customers.io.openTheCustomerList')}</Link>
                      {item.hasRejected && <a onClick={() => downloadFile(rejectedRowsUrl(item.id))}>{t('customers.io.downloadTheRejectedRowsFix')}</a>}
                    </Flex>
                  }
                />
              ) : item.status === 'failed' ? (
                <Alert type="error" showIcon title={t('customers.io.thisFileCannotBeImported')} description={item.message} />
              ) : (
                <Flex vertical gap={12}>
                  {item.status === 'validated' && item.message && !item.message.startsWith(t('customers.io.checkComplete')) && <Alert type="warning" showIcon title={item.message} />}
                  <Flex align="center" gap={12} wrap>
                    <Popconfirm
                      title={t('customers.io.confirmImport')}
                      description={t('customers.io.customersWillBeCreatedAll', { validRows: item.validRows, v1: item.invalidRows + item.duplicateRows })}
                      okText={t('customers.io.import')}
                      cancelText={t('common.cancel')}
                      disabled={!item.canCommit}
                      onConfirm={() => commit.mutate(item.id)}
                    >
                      <Button type="primary" disabled={!item.canCommit} loading={commit.isPending || item.status === 'committing'} data-testid="import-commit">
                        {t('customers.io.import')}{' '}{item.validRows} {t('customers.io.validRows')}
                                                    </Button>
                    </Popconfirm>
                    {!item.canCommit && item.status === 'validated' && <Typography.Text type="secondary">{t('customers.io.noValidRowsToImport')}</Typography.Text>}
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
