import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Collapse, DatePicker, Empty, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { ApprovalHistory } from '../approvals/ApprovalHistory';
import { AttachmentList } from '../attachments/AttachmentList';
import { listAttachments } from '../attachments/attachments-api';
import { searchCustomers } from '../customers/search/list-api';
import { listUnits } from '../spaces/spaces-api';
import { applyForAmendment, contractsKey, listAmendments, signAmendment, type Amendment, type AmendmentInput, type ContractDetail } from './contracts-api';
import { businessToday } from '../../ui/business-date';

// 变更/补充协议 (R-LEA-30): the contract's amendments with what each changed, the application
// form (units and areas, end date, prices, deposit, 换名 with its fee) and the annex signing.

interface Values {
  requestedOn: Dayjs;
  effectiveDate: Dayjs;
  reason: string;
  units: { spaceId: number; label: string; area?: string }[];
  endDate: Dayjs;
  prices: string[];
  deposit: string;
  customerId?: number;
  transferFee?: string;
}

const statusColor: Record<Amendment['status'], string> = { pending: 'processing', approved: 'gold', effective: 'green', rejected: 'default', withdrawn: 'default' };

/** Only what differs from the contract goes to the server: the kinds follow from it there. */
function toInput(contract: ContractDetail, values: Values): AmendmentInput {
  const units = values.units.map((unit) => ({ spaceId: unit.spaceId, area: unit.area ? String(unit.area).trim() : undefined }));
  const sameUnits = units.length === contract.unitLines.length && units.every((unit) => contract.unitLines.some((line) => line.spaceId === unit.spaceId && Number(line.area) === Number(unit.area)));
  const charges = contract.terms.charges.map(({ item, basis, unitPrice, rentFree, escalates }, index) => ({ item, basis, unitPrice: String(values.prices[index] ?? unitPrice).trim(), rentFree, escalates }));
  const samePrices = charges.every((charge, index) => Number(charge.unitPrice) === Number(contract.terms.charges[index]!.unitPrice));
  const sameDeposit = Number(values.deposit) === Number(contract.terms.deposit);
  const endDate = values.endDate.format('YYYY-MM-DD');
  const { charges: _charges, ...rest } = contract.terms;
  return {
    requestedOn: values.requestedOn.format('YYYY-MM-DD'),
    effectiveDate: values.effectiveDate.format('YYYY-MM-DD'),
    reason: values.reason,
    units: sameUnits ? undefined : units,
    endDate: endDate === contract.endDate ? undefined : endDate,
    terms: samePrices && sameDeposit ? undefined : { ...rest, charges, deposit: String(values.deposit).trim() },
    customerId: values.customerId,
    transferFee: values.customerId ? (values.transferFee ?? '') : undefined,
  };
}

function ApplyDialog({ contract, onClose }: { contract: ContractDetail; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unitQuery, setUnitQuery] = useState('');
  const [customerQuery, setCustomerQuery] = useState('');
  const effective = Form.useWatch('effectiveDate', form) as Dayjs | undefined;
  const vacant = useQuery({ queryKey: ['amendment-units', unitQuery, effective?.format('YYYY-MM-DD')], queryFn: () => listUnits({ q: unitQuery || undefined, status: 'vacant', date: effective?.format('YYYY-MM-DD'), pageSize: 20 }) });
  const heirs = useQuery({ queryKey: ['customer-search', customerQuery], queryFn: () => searchCustomers(customerQuery, 10), enabled: customerQuery.trim().length >= 2 });
  const apply = useMutation({
    mutationFn: (values: Values) => applyForAmendment(contract.id, toInput(contract, values)),
    onSuccess: async () => {
      message.success(t('contracts.amendment.applied'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: contractsKey });
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const initialValues: Partial<Values> = {
    requestedOn: businessToday(),
    units: contract.unitLines.map((unit) => ({ spaceId: unit.spaceId, label: unit.fullCode, area: unit.area })),
    endDate: dayjs(contract.endDate),
    prices: contract.terms.charges.map((charge) => charge.unitPrice),
    deposit: contract.terms.deposit,
  };
  return (
    <Modal open width={760} title={t('contracts.amendment.apply')} confirmLoading={apply.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden okButtonProps={{ 'data-testid': 'amendment-submit' } as never}>
      <Alert type="info" showIcon title={t('contracts.amendment.hint')} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={() => apply.mutate(form.getFieldsValue(true) as Values)}>
        <Flex gap={16} wrap>
          <Form.Item name="requestedOn" label={t('contracts.amendment.requestedOn')} rules={[{ required: true }]}>
            <DatePicker aria-label={t('contracts.amendment.requestedOn')} />
          </Form.Item>
          <Form.Item name="effectiveDate" label={t('contracts.amendment.effectiveDate')} rules={[{ required: true }]}>
            <DatePicker aria-label={t('contracts.amendment.effectiveDate')} data-testid="amendment-effective" />
          </Form.Item>
          <Form.Item name="endDate" label={t('contracts.amendment.endDate')} rules={[{ required: true }]}>
            <DatePicker aria-label={t('contracts.amendment.endDate')} />
          </Form.Item>
        </Flex>
        <Form.Item name="reason" label={t('contracts.amendment.reason')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="amendment-reason" />
        </Form.Item>
        <Typography.Text strong>{t('contracts.amendment.units')}</Typography.Text>
        <Form.List name="units">
          {(fields, { remove }) => (
            <Flex vertical gap={4} style={{ margin: '8px 0' }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Typography.Text style={{ width: 240, display: 'inline-block' }}>{form.getFieldValue(['units', field.name, 'label'])}</Typography.Text>
                  <Form.Item name={[field.name, 'area']} style={{ marginBottom: 0 }}>
                    <Input aria-label={t('contracts.unitArea')} suffix="㎡" style={{ width: 160 }} />
                  </Form.Item>
                  {fields.length > 1 && <Button aria-label={t('common.delete')} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />}
                </Space>
              ))}
            </Flex>
          )}
        </Form.List>
        <Select
          showSearch
          aria-label={t('contracts.pickUnits')}
          placeholder={t('contracts.pickUnits')}
          filterOption={false}
          onSearch={setUnitQuery}
          value={null}
          style={{ width: '100%', marginBottom: 16 }}
          options={(vacant.data?.items ?? []).map((unit) => ({ value: unit.id, label: t('contracts.unitOption', { code: unit.fullCode, name: unit.name, area: unit.grossArea ?? unit.usableArea ?? '—' }) }))}
          onChange={(spaceId: number) => {
            const unit = vacant.data?.items.find((item) => item.id === spaceId);
            const current: Values['units'] = form.getFieldValue('units') ?? [];
            if (!unit || current.some((line) => line.spaceId === spaceId)) return;
            form.setFieldValue('units', [...current, { spaceId, label: `${unit.fullCode} ${unit.name}`, area: unit.grossArea ?? unit.usableArea ?? undefined }]);
          }}
        />
        <Typography.Text strong>{t('contracts.amendment.prices')}</Typography.Text>
        <Flex gap={16} wrap style={{ margin: '8px 0' }}>
          {contract.terms.charges.map((charge, index) => (
            <Form.Item key={`${charge.item}-${index}`} name={['prices', index]} label={charge.itemName} style={{ marginBottom: 0 }}>
              <Input aria-label={charge.itemName} style={{ width: 140 }} />
            </Form.Item>
          ))}
          <Form.Item name="deposit" label={t('contracts.amendment.deposit')} style={{ marginBottom: 0 }}>
            <Input aria-label={t('contracts.amendment.deposit')} style={{ width: 160 }} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="customerId" label={t('contracts.amendment.heir')} style={{ flex: 1, minWidth: 280 }}>
            <Select
              allowClear
              showSearch
              aria-label={t('contracts.amendment.heir')}
              filterOption={false}
              onSearch={setCustomerQuery}
              options={(heirs.data?.items ?? []).filter((hit) => hit.id !== contract.customerId).map((hit) => ({ value: hit.id, label: hit.name }))}
            />
          </Form.Item>
          <Form.Item name="transferFee" label={t('contracts.amendment.transferFee')}>
            <Input aria-label={t('contracts.amendment.transferFee')} style={{ width: 160 }} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function AnnexDialog({ contractId, amendment, onClose }: { contractId: number; amendment: Amendment; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ signedDate: Dayjs; annexScanId: number }>();
  const scans = useQuery({ queryKey: ['attachments', 'contract', String(contractId)], queryFn: () => listAttachments('contract', String(contractId)) });
  const options = (scans.data?.items ?? []).filter((a) => a.mimeType === 'application/pdf' || a.mimeType.startsWith('image/')).map((a) => ({ value: a.id, label: a.fileName }));
  const sign = useMutation({
    mutationFn: (values: { signedDate: Dayjs; annexScanId: number }) => signAmendment(contractId, amendment.id, { signedDate: values.signedDate.format('YYYY-MM-DD'), annexScanId: values.annexScanId }),
    onSuccess: async () => {
      message.success(t('contracts.amendment.signed'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: contractsKey });
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open width={680} title={t('contracts.amendment.sign')} confirmLoading={sign.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon title={t('contracts.amendment.signHint')} style={{ marginBottom: 12 }} />
      <AttachmentList recordType="contract" recordId={contractId} canUpload />
      <Form form={form} layout="vertical" initialValues={{ signedDate: businessToday() }} onFinish={(values) => sign.mutate(values)} style={{ marginTop: 12 }}>
        <Form.Item name="signedDate" label={t('contracts.signedDate')} rules={[{ required: true }]}>
          <DatePicker aria-label={t('contracts.signedDate')} />
        </Form.Item>
        <Form.Item name="annexScanId" label={t('contracts.amendment.annex')} rules={[{ required: true, message: t('contracts.amendment.signHint') }]}>
          <Select aria-label={t('contracts.amendment.annex')} options={options} loading={scans.isFetching} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The amendments of a contract and, for its owner, the application and the annex signing. */
export function AmendmentsTab({ contract, canApply }: { contract: ContractDetail; canApply: boolean }) {
  const t = useT();
  const list = useQuery({ queryKey: [...contractsKey, contract.id, 'amendments'], queryFn: () => listAmendments(contract.id) });
  const [applying, setApplying] = useState(false);
  const [signing, setSigning] = useState<Amendment | null>(null);
  const open = list.data?.some((item) => item.status === 'pending' || item.status === 'approved');
  return (
    <Flex vertical gap={12}>
      {canApply && !open && (
        <Button onClick={() => setApplying(true)} style={{ alignSelf: 'flex-start' }} data-testid="amendment-apply">
          {t('contracts.amendment.apply')}
        </Button>
      )}
      {list.data?.length === 0 && <Empty description={t('contracts.amendment.none')} />}
      {(list.data ?? []).map((item) => (
        <Flex key={item.id} vertical gap={6} style={{ border: '1px solid rgba(5, 5, 5, 0.06)', borderRadius: 8, padding: 12 }} data-testid={`amendment-${item.seq}`}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong>{t('contracts.amendment.seq', { n: item.seq })}</Typography.Text>
            <Tag color={statusColor[item.status]}>{item.statusName}</Tag>
            {item.kindNames.map((name) => (
              <Tag key={name}>{name}</Tag>
            ))}
            <Typography.Text type="secondary">
              {t('contracts.amendment.effectiveDate')} {item.effectiveDate}
            </Typography.Text>
            {item.actions.includes('sign') && (
              <Button type="primary" size="small" onClick={() => setSigning(item)} data-testid={`amendment-sign-${item.seq}`}>
                {t('contracts.amendment.sign')}
              </Button>
            )}
          </Flex>
          <Typography.Text>
            {t('contracts.amendment.reasonLine', { reason: item.reason })}
            {item.transferFee ? t('contracts.amendment.feeLine', { fee: item.transferFee }) : ''}
          </Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey="field"
            dataSource={item.changes}
            columns={[
              { title: t('contracts.amendment.change'), dataIndex: 'field', width: 140 },
              { title: t('contracts.amendment.before'), dataIndex: 'before' },
              { title: t('contracts.amendment.after'), dataIndex: 'after' },
            ]}
          />
          {item.approvalId && (
            <Collapse size="small" ghost items={[{ key: 'approval', label: t('contracts.tab.approvals'), children: <ApprovalHistory businessType="contract_amendment" businessId={item.id} /> }]} />
          )}
        </Flex>
      ))}
      {applying && <ApplyDialog contract={contract} onClose={() => setApplying(false)} />}
      {signing && <AnnexDialog contractId={contract.id} amendment={signing} onClose={() => setSigning(null)} />}
    </Flex>
  );
}
