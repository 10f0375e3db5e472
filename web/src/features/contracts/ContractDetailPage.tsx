import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, List, Modal, Select, Skeleton, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useT } from '../../app/i18n/LocaleProvider';
import { formatDateTime } from '../../ui/format';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { PageContainer } from '../../ui/PageContainer';
import { ApprovalHistory } from '../approvals/ApprovalHistory';
import { AttachmentList } from '../attachments/AttachmentList';
import { listAttachments } from '../attachments/attachments-api';
import { BreachesTab } from './BreachesTab';
import { AmendmentsTab } from './AmendmentsTab';
import { DisputesTab, RenewalDecisionDialog } from './DisputesTab';
import { MoveInTab } from './MoveInTab';
import { ArchiveTab } from './ArchiveTab';
import { ExecutionTab } from './ExecutionTab';
import { TerminationPanel } from './TerminationPanel';
import { FinanceTag } from './ContractsPage';
import {
  contractsKey,
  contractStatusLabels,
  contractTypeLabels,
  documentUrl,
  getContract,
  getPlaceholders,
  getSchedule,
  handToFinance,
  listVersions,
  renewContract,
  signContract,
  submitContract,
  terminateContract,
  type ContractDetail,
} from './contracts-api';
import { businessToday } from '../../ui/business-date';

type Dialog = 'sign' | 'terminate' | null | 'decide_renewal';

function SignDialog({ contract, onClose, onDone }: { contract: ContractDetail; onClose: () => void; onDone: (next: ContractDetail) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ signedDate: Dayjs; effectiveDate: Dayjs; signedScanId: number }>();
  const scans = useQuery({ queryKey: ['attachments', 'contract', String(contract.id)], queryFn: () => listAttachments('contract', String(contract.id)) });
  const options = (scans.data?.items ?? []).filter((a) => a.mimeType === 'application/pdf' || a.mimeType.startsWith('image/')).map((a) => ({ value: a.id, label: a.fileName }));
  // The newest PDF or image is the scan unless another is chosen (it is usually the one just uploaded).
  const newest = options[0]?.value;
  useEffect(() => {
    if (newest !== undefined && !form.getFieldValue('signedScanId')) form.setFieldValue('signedScanId', newest);
  }, [newest, form]);
  const mutation = useMutation({
    mutationFn: (values: { signedDate: Dayjs; effectiveDate: Dayjs; signedScanId: number }) =>
      signContract(contract.id, { signedDate: values.signedDate.format('YYYY-MM-DD'), effectiveDate: values.effectiveDate.format('YYYY-MM-DD'), signedScanId: values.signedScanId }),
    onSuccess: onDone,
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open width={720} title={t('contracts.sign')} okText={t('contracts.sign')} okButtonProps={{ 'data-testid': 'contract-sign-ok' } as never} confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon title={t('contracts.signHint')} style={{ marginBottom: 12 }} />
      <AttachmentList recordType="contract" recordId={contract.id} canUpload />
      <Form form={form} layout="vertical" initialValues={{ signedDate: businessToday(), effectiveDate: businessToday() }} onFinish={(values) => mutation.mutate(values)} style={{ marginTop: 12 }}>
        <Flex gap={16}>
          <Form.Item name="signedDate" label={t('contracts.signedDate')} rules={[{ required: true }]}>
            <DatePicker aria-label={t('contracts.signedDate')} />
          </Form.Item>
          <Form.Item name="effectiveDate" label={t('contracts.effectiveDate')} rules={[{ required: true }]}>
            <DatePicker aria-label={t('contracts.effectiveDate')} />
          </Form.Item>
        </Flex>
        <Form.Item name="signedScanId" label={t('contracts.signedScan')} rules={[{ required: true, message: t('contracts.signHint') }]}>
          <Select aria-label={t('contracts.signedScan')} options={options} loading={scans.isFetching} data-testid="contract-scan" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TerminateDialog({ contract, onClose, onDone }: { contract: ContractDetail; onClose: () => void; onDone: (next: ContractDetail) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = useMutation({ mutationFn: (values: { reason: string }) => terminateContract(contract.id, values.reason), onSuccess: onDone, onError: (error) => applyServerFieldErrors(form, error) });
  return (
    <Modal open title={t('contracts.terminate')} okButtonProps={{ danger: true }} okText={t('contracts.terminate')} confirmLoading={mutation.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        <Form.Item name="reason" label={t('contracts.terminateReason')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VersionsTab({ id }: { id: number }) {
  const t = useT();
  const versions = useQuery({ queryKey: [...contractsKey, id, 'versions'], queryFn: () => listVersions(id) });
  if (versions.isLoading) return <Skeleton active />;
  return (
    <Timeline
      items={(versions.data ?? []).map((version) => ({
        children: (
          <Flex vertical gap={4}>
            <Typography.Text strong>
              {t('contracts.version', { version: version.version })} · {version.createdByName} · {formatDateTime(version.createdAt)}
              {version.note ? ` · ${version.note}` : ''}
            </Typography.Text>
            {version.changes.length === 0 ? (
              <Typography.Text type="secondary">{t('contracts.noChanges')}</Typography.Text>
            ) : (
              version.changes.map((change) => (
                <Typography.Text key={change.field}>
                  {change.field}：{t('contracts.changedFrom', { before: change.before || '—', after: change.after || '—' })}
                </Typography.Text>
              ))
            )}
          </Flex>
        ),
      }))}
    />
  );
}

function ScheduleTab({ id }: { id: number }) {
  const t = useT();
  const schedule = useQuery({ queryKey: [...contractsKey, id, 'schedule'], queryFn: () => getSchedule(id) });
  if (!schedule.data) return <Skeleton active />;
  return (
    <Flex vertical gap={8}>
      {schedule.data.preview && <Alert type="info" showIcon title={t('contracts.schedule.preview')} />}
      <Typography.Text strong>{t('contracts.schedule.total', { total: schedule.data.total })}</Typography.Text>
      <Table
        size="small"
        rowKey={(line) => `${line.period}-${line.item}-${line.lineStart}`}
        pagination={{ pageSize: 24, hideOnSinglePage: true }}
        dataSource={schedule.data.lines}
        columns={[
          { title: t('contracts.schedule.period'), dataIndex: 'period', key: 'period', width: 60 },
          { title: t('contracts.schedule.due'), dataIndex: 'dueDate', key: 'due', width: 110 },
          { title: t('contracts.schedule.item'), dataIndex: 'itemName', key: 'item', width: 100 },
          { title: t('contracts.schedule.how'), dataIndex: 'explanation', key: 'how' },
          { title: t('contracts.schedule.amount'), dataIndex: 'amount', key: 'amount', width: 120, align: 'right' },
        ]}
      />
    </Flex>
  );
}

/** 合同详情 (R-LEA-10…14): status, actions, terms, versions, approvals and attachments. */
export function ContractDetailPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const query = useQuery({ queryKey: [...contractsKey, id], queryFn: () => getContract(id) });
  const office = useQuery({ queryKey: ['contract-templates', 'placeholders'], queryFn: getPlaceholders });
  const refresh = async (next: ContractDetail, text: string) => {
    message.success(text);
    queryClient.setQueryData([...contractsKey, id], next);
    setDialog(null);
    await queryClient.invalidateQueries({ queryKey: contractsKey });
  };
  const submit = useMutation({ mutationFn: () => submitContract(id), onSuccess: (next) => refresh(next, t('contracts.submitted')) });
  const renew = useMutation({
    mutationFn: () => renewContract(id),
    onSuccess: async (draft) => {
      message.success(t('contracts.renewed'));
      await queryClient.invalidateQueries({ queryKey: contractsKey });
      navigate(`/contracts/${draft.id}/edit`);
    },
  });
  const handOver = useMutation({ mutationFn: () => handToFinance(id), onSuccess: (next) => refresh(next, t('contracts.handed')) });
  const contract = query.data;
  if (!contract) {
    return (
      <PageContainer title={t('contracts.title')}>
        {query.isError ? <Empty description={t('common.loadFailed')} /> : <Skeleton active />}
      </PageContainer>
    );
  }
  const can = new Set(contract.actions);
  const status = contractStatusLabels[contract.status];
  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span>{contract.number}</span>
          <Tag color={status.color} data-testid="contract-status">
            {t(status.label)}
          </Tag>
          {(contract.status === 'effective' || contract.status === 'changing') && <FinanceTag contract={contract} />}
        </Flex>
      }
      subtitle={contract.title}
      extra={
        <>
          {contract.templateId !== null && (
            <Button icon={<DownloadOutlined />} href={documentUrl(contract.id, 'docx')} data-testid="contract-download">
              {t('contracts.downloadDocx')}
            </Button>
          )}
          {contract.templateId !== null && office.data?.pdfAvailable && (
            <Button icon={<DownloadOutlined />} href={documentUrl(contract.id, 'pdf')}>
              {t('contracts.downloadPdf')}
            </Button>
          )}
          {can.has('edit') && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/contracts/${contract.id}/edit`)}>
              {t('contracts.edit')}
            </Button>
          )}
          {can.has('submit') && (
            <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()} data-testid="contract-submit">
              {t('contracts.submit')}
            </Button>
          )}
          {can.has('sign') && (
            <Button type="primary" onClick={() => setDialog('sign')} data-testid="contract-sign">
              {t('contracts.sign')}
            </Button>
          )}
          {can.has('hand_to_finance') && (
            <Button type="primary" loading={handOver.isPending} onClick={() => handOver.mutate()} data-testid="contract-hand-over">
              {t('contracts.handToFinance')}
            </Button>
          )}
          {can.has('renew') && (
            <Button loading={renew.isPending} onClick={() => renew.mutate()} data-testid="contract-renew">
              {t('contracts.renew')}
            </Button>
          )}
          {can.has('decide_renewal') && (
            <Button onClick={() => setDialog('decide_renewal')} data-testid="contract-decide-renewal">
              {t('contracts.renewalDecision.decide')}
            </Button>
          )}
          {can.has('terminate') && (
            <Button danger onClick={() => setDialog('terminate')}>
              {t('contracts.terminate')}
            </Button>
          )}
        </>
      }
    >
      {contract.status === 'draft' && contract.reviewComment && <Alert type="warning" showIcon title={t('contracts.reviewComment', { comment: contract.reviewComment })} />}
      {contract.renewalDecision ? (
        <Alert
          type={contract.renewalDecision.decision === 'renew' ? 'success' : 'warning'}
          showIcon
          title={t('contracts.renewalDecision.done', { decision: t(`contracts.renewalDecision.${contract.renewalDecision.decision}`), name: contract.renewalDecision.decidedByName ?? '', note: contract.renewalDecision.note })}
        />
      ) : (
        contract.customerDisputed && contract.renewalDecisionDue && <Alert type="error" showIcon title={t('contracts.disputed', { due: contract.renewalDecisionDue })} data-testid="contract-disputed" />
      )}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('contracts.customer')}>
            <Link to={`/customers/${contract.customerId}`}>{contract.customerName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('contracts.type')}>{t(contractTypeLabels[contract.contractType])}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.term')}>
            {contract.startDate} ~ {contract.endDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('contracts.area')}>{contract.totalArea}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.amount')}>{contract.estimatedAmount}</Descriptions.Item>
          {contract.discountRate !== null && <Descriptions.Item label={t('contracts.discountRate')}>{(Number(contract.discountRate) * 100).toFixed(2)}%</Descriptions.Item>}
          <Descriptions.Item label={t('contracts.owner')}>{contract.ownerName}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.template')}>{contract.templateName ? `${contract.templateName}（${t('contracts.version', { version: contract.templateVersion ?? 1 })}）` : t('contracts.nonTemplate')}</Descriptions.Item>
          {contract.effectiveDate && <Descriptions.Item label={t('contracts.effectiveDate')}>{contract.effectiveDate}</Descriptions.Item>}
          {contract.financeDueDate && <Descriptions.Item label={t('contracts.financeDue')}>{contract.financeDueDate}</Descriptions.Item>}
          {contract.renewalOfId && (
            <Descriptions.Item label={t('contracts.renewalOf')}>
              <Link to={`/contracts/${contract.renewalOfId}`}>{contract.renewalOfNumber}</Link>
            </Descriptions.Item>
          )}
          {contract.renewedById && (
            <Descriptions.Item label={t('contracts.renewedBy')}>
              <Link to={`/contracts/${contract.renewedById}`}>{contract.renewedByNumber}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'terms',
              label: t('contracts.tab.terms'),
              children: (
                <Flex vertical gap={12}>
                  <Table
                    size="small"
                    rowKey="spaceId"
                    pagination={false}
                    dataSource={contract.unitLines}
                    columns={[
                      { title: t('contracts.units'), dataIndex: 'fullCode', key: 'code' },
                      { title: t('contracts.area'), dataIndex: 'area', key: 'area', align: 'right' },
                    ]}
                  />
                  <List
                    size="small"
                    bordered
                    dataSource={Object.entries(contract.termsInWords)}
                    renderItem={([label, value]) => (
                      <List.Item>
                        <Typography.Text type="secondary" style={{ width: 120, display: 'inline-block' }}>
                          {label}
                        </Typography.Text>
                        <span style={{ flex: 1 }}>{value}</span>
                      </List.Item>
                    )}
                  />
                  <Descriptions size="small" column={1} bordered>
                    <Descriptions.Item label={t('contracts.signingParty')}>{contract.signingParty}</Descriptions.Item>
                    <Descriptions.Item label={t('contracts.ourSignatory')}>{contract.ourSignatory ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('contracts.customerSignatory')}>{contract.customerSignatory ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('contracts.safetyAgreement')}>{contract.safetyAgreement ? '✓' : '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('contracts.specialTerms')}>{contract.specialTerms ?? '—'}</Descriptions.Item>
                  </Descriptions>
                </Flex>
              ),
            },
            { key: 'versions', label: t('contracts.tab.versions'), children: <VersionsTab id={contract.id} /> },
            { key: 'schedule', label: t('contracts.tab.schedule'), children: <ScheduleTab id={contract.id} /> },
            { key: 'amendments', label: t('contracts.tab.amendments'), children: <AmendmentsTab contract={contract} canApply={can.has('amend')} /> },
            ...(['effective', 'expired', 'terminated_early'].includes(contract.status) ? [{ key: 'move-in', label: t('contracts.tab.moveIn'), children: <MoveInTab contractId={contract.id} /> }] : []),
            ...(['effective', 'changing', 'expired', 'terminated_early'].includes(contract.status)
              ? [{ key: 'execution', label: t('contracts.tab.execution'), children: <ExecutionTab contractId={contract.id} canEdit={can.has('amend')} /> }]
              : []),
            ...(['effective', 'changing', 'expired', 'terminated_early'].includes(contract.status) ? [{ key: 'archive', label: t('contracts.tab.archive'), children: <ArchiveTab contractId={contract.id} /> }] : []),
            { key: 'disputes', label: t('contracts.tab.disputes'), children: <DisputesTab contractId={contract.id} canRecord={can.has('record_dispute')} /> },
            { key: 'breaches', label: t('contracts.tab.breaches'), children: <BreachesTab contractId={contract.id} canRecord={can.has('record_breach')} /> },
            { key: 'termination', label: t('contracts.termination.history'), children: <TerminationPanel contractId={contract.id} canApply={can.has('apply_termination')} /> },
            { key: 'approvals', label: t('contracts.tab.approvals'), children: <ApprovalHistory businessType="contract_review" businessId={contract.id} /> },
            { key: 'attachments', label: t('contracts.tab.attachments'), children: <AttachmentList recordType="contract" recordId={contract.id} canUpload={['draft', 'to_sign', 'effective', 'changing'].includes(contract.status)} /> },
          ]}
        />
      </Card>
      {dialog === 'sign' && <SignDialog contract={contract} onClose={() => setDialog(null)} onDone={(next) => void refresh(next, t('contracts.signed'))} />}
      {dialog === 'decide_renewal' && <RenewalDecisionDialog contract={contract} onClose={() => setDialog(null)} onDone={(next) => void refresh(next, t('contracts.renewalDecision.decide'))} />}
      {dialog === 'terminate' && <TerminateDialog contract={contract} onClose={() => setDialog(null)} onDone={(next) => void refresh(next, t('contracts.terminated'))} />}
    </PageContainer>
  );
}
