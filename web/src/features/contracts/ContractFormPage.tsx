import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Alert, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Radio, Select, Skeleton, Space, Steps, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';
import { PageContainer } from '../../ui/PageContainer';
import { CustomerPicker } from '../customers/search/CustomerPicker';
import { useDictionaryItems } from '../dictionaries/dictionaries-api';
import { incentivesKey, listIncentivePackages } from './incentives-api';
import { RebateRulesField, type RebateRuleValue } from './RebateRulesField';
import { getSpace, listUnits } from '../spaces/spaces-api';
import {
  billingCycleLabels,
  chargeBasisLabels,
  contractsKey,
  contractTypeLabels,
  createContract,
  getContract,
  listTemplates,
  submitContract,
  updateContract,
  type BillingCycle,
  type ChargeBasis,
  type ContractDetail,
  type ContractInput,
  type ContractType,
} from './contracts-api';

interface UnitLine {
  spaceId: number;
  label: string;
  area?: string;
}

interface FormValues {
  customerId: number;
  contractType: ContractType;
  title?: string;
  term: [Dayjs, Dayjs];
  units: UnitLine[];
  billingCycle: BillingCycle;
  paymentDay: number;
  charges: { item: string; basis: ChargeBasis; unitPrice: string }[];
  freePeriods: { range: [Dayjs, Dayjs] }[];
  escalationRate: string;
  deposit: string;
  lateFeeRate: string;
  lateFeeGraceDays: number;
  penaltyRule?: string;
  guarantor?: string;
  agentCommissionRate: string;
  incentivePackage?: string;
  incentivePackageId?: number | null;
  rebates?: RebateRuleValue[];
  templateId: number | 'none';
  signingParty: string;
  ourSignatory?: string;
  customerSignatory?: string;
  safetyAgreement: boolean;
  specialTerms?: string;
  note?: string;
}

/** The fields of each step, for validating one step at a time and for showing server errors. */
const stepFields: (keyof FormValues)[][] = [
  ['customerId', 'contractType', 'title'],
  ['term', 'units'],
  ['billingCycle', 'paymentDay', 'charges', 'freePeriods', 'escalationRate', 'deposit', 'lateFeeRate', 'lateFeeGraceDays', 'penaltyRule', 'guarantor', 'agentCommissionRate', 'incentivePackage', 'incentivePackageId', 'rebates'],
  ['templateId', 'signingParty', 'ourSignatory', 'customerSignatory', 'safetyAgreement', 'specialTerms'],
  ['note'],
];

/** Server path → form path: `terms.charges.0.unitPrice` → `charges.0.unitPrice`, `startDate` → `term`. */
function formPath(field: string): (string | number)[] {
  const parts = field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (parts[0] === 'terms') parts.shift();
  if (parts[0] === 'startDate' || parts[0] === 'endDate') return ['term'];
  if (parts[0] === 'freePeriods' && typeof parts[1] === 'number') return ['freePeriods', parts[1], 'range'];
  return parts;
}

function showServerErrors(form: FormInstance<FormValues>, error: unknown, goTo: (step: number) => void) {
  if (!isApiError(error) || error.fieldErrors.length === 0) return;
  const fields = error.fieldErrors.map((item) => ({ name: formPath(item.field) as never, errors: [item.message] }));
  form.setFields(fields);
  const first = String(formPath(error.fieldErrors[0]!.field)[0]);
  const step = stepFields.findIndex((names) => names.includes(first as keyof FormValues));
  if (step >= 0) goTo(step);
}

function toInput(values: FormValues, withCustomer: boolean): ContractInput {
  return {
    ...(withCustomer ? { customerId: values.customerId } : {}),
    contractType: values.contractType,
    title: values.title?.trim() || undefined,
    startDate: values.term[0].format('YYYY-MM-DD'),
    endDate: values.term[1].format('YYYY-MM-DD'),
    units: values.units.map((unit) => ({ spaceId: unit.spaceId, area: unit.area ? String(unit.area) : undefined })),
    terms: {
      billingCycle: values.billingCycle,
      paymentDay: values.paymentDay,
      charges: values.charges.map((charge) => ({ item: charge.item, basis: charge.basis, unitPrice: String(charge.unitPrice ?? '') })),
      freePeriods: (values.freePeriods ?? []).filter((p) => p?.range).map((p) => ({ startDate: p.range[0].format('YYYY-MM-DD'), endDate: p.range[1].format('YYYY-MM-DD') })),
      escalationRate: String(values.escalationRate ?? '0'),
      deposit: String(values.deposit ?? '0'),
      lateFeeRate: String(values.lateFeeRate ?? '0'),
      lateFeeGraceDays: values.lateFeeGraceDays ?? 0,
      penaltyRule: values.penaltyRule?.trim() ?? '',
      guarantor: values.guarantor?.trim() ?? '',
      agentCommissionRate: String(values.agentCommissionRate ?? '0'),
      incentivePackage: values.incentivePackage?.trim() ?? '',
      incentivePackageId: values.incentivePackageId ?? null,
      rebates: (values.rebates ?? []).map((rule) => ({ window: rule.window, items: rule.items ?? [], tiers: (rule.tiers ?? []).map((tier) => ({ threshold: String(tier?.threshold ?? '').trim(), rate: String(tier?.rate ?? '').trim() })) })),
    },
    signingParty: values.signingParty?.trim(),
    ourSignatory: values.ourSignatory?.trim() || undefined,
    customerSignatory: values.customerSignatory?.trim() || undefined,
    safetyAgreement: values.safetyAgreement,
    specialTerms: values.specialTerms?.trim() || undefined,
    templateId: values.templateId === 'none' ? null : values.templateId,
    note: values.note?.trim() || undefined,
  };
}

function fromContract(contract: ContractDetail): Partial<FormValues> {
  return {
    customerId: contract.customerId,
    contractType: contract.contractType,
    title: contract.title,
    term: [dayjs(contract.startDate), dayjs(contract.endDate)],
    units: contract.unitLines.map((unit) => ({ spaceId: unit.spaceId, label: unit.fullCode, area: unit.area })),
    billingCycle: contract.terms.billingCycle,
    paymentDay: contract.terms.paymentDay,
    charges: contract.terms.charges.map((charge) => ({ item: charge.item, basis: charge.basis, unitPrice: charge.unitPrice })),
    freePeriods: contract.terms.freePeriods.map((p) => ({ range: [dayjs(p.startDate), dayjs(p.endDate)] as [Dayjs, Dayjs] })),
    escalationRate: contract.terms.escalationRate,
    deposit: contract.terms.deposit,
    lateFeeRate: contract.terms.lateFeeRate,
    lateFeeGraceDays: contract.terms.lateFeeGraceDays,
    penaltyRule: contract.terms.penaltyRule,
    guarantor: contract.terms.guarantor,
    agentCommissionRate: contract.terms.agentCommissionRate,
    incentivePackage: contract.terms.incentivePackage,
    incentivePackageId: contract.terms.incentivePackageId ?? null,
    rebates: contract.terms.rebates ?? [],
    templateId: contract.templateId ?? 'none',
    signingParty: contract.signingParty,
    ourSignatory: contract.ourSignatory ?? undefined,
    customerSignatory: contract.customerSignatory ?? undefined,
    safetyAgreement: contract.safetyAgreement,
    specialTerms: contract.specialTerms ?? undefined,
  };
}

/** Adds units found by code or name, vacant on the start date, to the `units` list. */
function UnitPicker({ form, date }: { form: FormInstance<FormValues>; date?: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['contract-unit-search', q, date], queryFn: () => listUnits({ q: q || undefined, status: 'vacant', date, pageSize: 20 }) });
  return (
    <Select
      aria-label={t('contracts.pickUnits')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={null}
      placeholder={t('contracts.pickUnits')}
      loading={hits.isFetching}
      style={{ width: '100%' }}
      data-testid="contract-unit-picker"
      options={(hits.data?.items ?? []).map((unit) => ({ value: unit.id, label: t('contracts.unitOption', { code: unit.fullCode, name: unit.name, area: unit.grossArea ?? unit.usableArea ?? '—' }) }))}
      onChange={(spaceId: number) => {
        const unit = hits.data?.items.find((item) => item.id === spaceId);
        const current = form.getFieldValue('units') ?? [];
        if (!unit || current.some((line: UnitLine) => line.spaceId === spaceId)) return;
        form.setFieldValue('units', [...current, { spaceId, label: `${unit.fullCode} ${unit.name}`, area: unit.grossArea ?? unit.usableArea ?? undefined }]);
      }}
    />
  );
}

/** 起草合同 / 修改草稿: customer → units and term → price terms → template → preview (R-LEA-11, 12). */
export function ContractFormPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const params = useParams();
  const editing = params.id ? Number(params.id) : undefined;
  const existing = useQuery({ queryKey: [...contractsKey, editing], queryFn: () => getContract(editing!), enabled: Boolean(editing) });
  const [search] = useSearchParams();
  // From a unit's drawer on the space map: the wizard starts with that unit.
  const fromSpace = Number(search.get('spaceId')) || undefined;
  const preset = useQuery({ queryKey: ['spaces', 'detail', fromSpace], queryFn: () => getSpace(fromSpace!), enabled: Boolean(fromSpace) && !editing });
  const [form] = Form.useForm<FormValues>();
  const [step, setStep] = useState(0);
  const [customerLabel, setCustomerLabel] = useState<string>();
  const items = useDictionaryItems('charge_item');
  const itemOptions = useMemo(() => (items.data?.items ?? []).map((item) => ({ value: item.code, label: item.label })), [items.data]);
  const contractType = Form.useWatch('contractType', form);
  const term = Form.useWatch('term', form);
  const templates = useQuery({ queryKey: ['contract-templates', 'active'], queryFn: () => listTemplates(true) });
  const packages = useQuery({ queryKey: incentivesKey, queryFn: listIncentivePackages });

  const save = useMutation({
    meta: { silent: true },
    mutationFn: async ({ values, submit }: { values: FormValues; submit: boolean }) => {
      const body = toInput(values, !editing);
      let saved = editing ? await updateContract(editing, body) : await createContract(body);
      if (submit) saved = await submitContract(saved.id);
      return { saved, submit };
    },
    onSuccess: async ({ saved, submit }) => {
      message.success(submit ? t('contracts.submitted') : t('contracts.saved'));
      await queryClient.invalidateQueries({ queryKey: contractsKey });
      navigate(`/contracts/${saved.id}`);
    },
    onError: (error) => {
      showServerErrors(form, error, setStep);
      message.error(isApiError(error) ? error.message : String(error));
    },
  });

  if ((editing && !existing.data) || (fromSpace && !editing && preset.isLoading)) {
    return (
      <PageContainer title={t('contracts.edit')}>
        <Skeleton active />
      </PageContainer>
    );
  }
  const initialValues: Partial<FormValues> = existing.data
    ? fromContract(existing.data)
    : {
        contractType: 'lease',
        units: preset.data && preset.data.level === 'unit' ? [{ spaceId: preset.data.id, label: `${preset.data.fullCode} ${preset.data.name}`, area: preset.data.grossArea ?? preset.data.usableArea ?? undefined }] : [],
        billingCycle: 'quarterly',
        paymentDay: 5,
        charges: [{ item: 'rent', basis: 'sqm_day', unitPrice: '' }],
        freePeriods: [],
        escalationRate: '0',
        deposit: '0',
        lateFeeRate: '0.0005',
        lateFeeGraceDays: 0,
        agentCommissionRate: '0',
        templateId: 'none',
        safetyAgreement: true,
      };
  const next = async () => {
    await form.validateFields(stepFields[step] as never);
    setStep(step + 1);
  };
  const values = form.getFieldsValue(true) as FormValues;
  const steps = [t('contracts.step.customer'), t('contracts.step.units'), t('contracts.step.terms'), t('contracts.step.text'), t('contracts.step.preview')];
  const hidden = (index: number) => ({ display: step === index ? undefined : 'none' });

  return (
    <PageContainer title={editing ? `${t('contracts.edit')} ${existing.data?.number ?? ''}` : t('contracts.new')} subtitle={t('contracts.subtitle')}>
      <Card>
        <Steps current={step} items={steps.map((title) => ({ title }))} style={{ marginBottom: 24 }} onChange={(target) => target < step && setStep(target)} />
        <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} preserve>
          <div style={hidden(0)}>
            <Form.Item name="customerId" label={t('contracts.customer')} rules={[{ required: true, message: t('contracts.customerRequired') }]}>
              <CustomerPicker disabledLabel={existing.data?.customerName} onLabel={setCustomerLabel} />
            </Form.Item>
            <Form.Item name="contractType" label={t('contracts.type')} rules={[{ required: true }]}>
              <Radio.Group options={Object.entries(contractTypeLabels).map(([value, label]) => ({ value, label: t(label) }))} />
            </Form.Item>
            <Form.Item name="title" label={t('contracts.titleLabel')} extra={t('contracts.titleHint')}>
              <Input maxLength={100} />
            </Form.Item>
          </div>
          <div style={hidden(1)}>
            <Form.Item name="term" label={t('contracts.term')} rules={[{ required: true, message: t('contracts.term') }]}>
              <DatePicker.RangePicker aria-label={t('contracts.term')} />
            </Form.Item>
            <UnitPicker form={form} date={term?.[0]?.format('YYYY-MM-DD')} />
            <Form.List name="units" rules={[{ validator: async (_, lines) => { if (!lines?.length) throw new Error(t('contracts.unitsRequired')); } }]}>
              {(fields, { remove }, { errors }) => (
                <Flex vertical gap={8} style={{ marginTop: 12 }}>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} align="baseline">
                      <Typography.Text style={{ width: 280 }}>{form.getFieldValue(['units', field.name, 'label'])}</Typography.Text>
                      <Form.Item name={[field.name, 'area']} label={t('contracts.unitArea')} style={{ marginBottom: 0 }}>
                        <Input aria-label={t('contracts.unitArea')} suffix="㎡" style={{ width: 160 }} />
                      </Form.Item>
                      <Button aria-label={t('common.delete')} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                    </Flex>
                  ))}
                  <Form.ErrorList errors={errors} />
                </Flex>
              )}
            </Form.List>
          </div>
          <div style={hidden(2)}>
            <Flex gap={16} wrap>
              <Form.Item name="billingCycle" label={t('contracts.billingCycle')}>
                <Select aria-label={t('contracts.billingCycle')} style={{ width: 160 }} options={Object.entries(billingCycleLabels).map(([value, label]) => ({ value, label: t(label) }))} />
              </Form.Item>
              <Form.Item name="paymentDay" label={t('contracts.paymentDay')}>
                <InputNumber aria-label={t('contracts.paymentDay')} min={1} max={28} precision={0} />
              </Form.Item>
              <Form.Item name="deposit" label={t('contracts.deposit')}>
                <Input aria-label={t('contracts.deposit')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="escalationRate" label={t('contracts.escalationRate')}>
                <Input aria-label={t('contracts.escalationRate')} style={{ width: 160 }} />
              </Form.Item>
            </Flex>
            <Typography.Title level={5}>{t('contracts.charges')}</Typography.Title>
            <Form.List name="charges">
              {(fields, { add, remove }) => (
                <Flex vertical gap={4}>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" wrap>
                      <Form.Item name={[field.name, 'item']} rules={[{ required: true, message: t('contracts.chargeItem') }]}>
                        <Select aria-label={t('contracts.chargeItem')} placeholder={t('contracts.chargeItem')} style={{ width: 160 }} options={itemOptions} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'unitPrice']} rules={[{ required: true, message: t('contracts.unitPrice') }]}>
                        <Input aria-label={t('contracts.unitPrice')} placeholder={t('contracts.unitPrice')} style={{ width: 140 }} data-testid={`contract-price-${field.name}`} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'basis']} rules={[{ required: true }]}>
                        <Select aria-label={t('contracts.basis')} style={{ width: 170 }} options={Object.entries(chargeBasisLabels).map(([value, label]) => ({ value, label: t(label) }))} />
                      </Form.Item>
                      <Button aria-label={t('common.delete')} icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ item: undefined, basis: 'sqm_month', unitPrice: '' })} style={{ width: 200 }}>
                    {t('contracts.addCharge')}
                  </Button>
                </Flex>
              )}
            </Form.List>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('contracts.freePeriods')}
            </Typography.Title>
            <Form.List name="freePeriods">
              {(fields, { add, remove }) => (
                <Flex vertical gap={4}>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline">
                      <Form.Item name={[field.name, 'range']} rules={[{ required: true, message: t('contracts.freePeriods') }]}>
                        <DatePicker.RangePicker aria-label={t('contracts.freePeriods')} />
                      </Form.Item>
                      <Button aria-label={t('common.delete')} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ width: 200 }}>
                    {t('contracts.addFreePeriod')}
                  </Button>
                </Flex>
              )}
            </Form.List>
            <Flex gap={16} wrap style={{ marginTop: 16 }}>
              <Form.Item name="lateFeeRate" label={t('contracts.lateFeeRate')}>
                <Input aria-label={t('contracts.lateFeeRate')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="lateFeeGraceDays" label={t('contracts.lateFeeGraceDays')}>
                <InputNumber aria-label={t('contracts.lateFeeGraceDays')} min={0} max={365} precision={0} />
              </Form.Item>
              <Form.Item name="agentCommissionRate" label={t('contracts.agentCommissionRate')}>
                <Input aria-label={t('contracts.agentCommissionRate')} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="guarantor" label={t('contracts.guarantor')}>
                <Input aria-label={t('contracts.guarantor')} maxLength={200} style={{ width: 220 }} />
              </Form.Item>
            </Flex>
            <Form.Item name="penaltyRule" label={t('contracts.penaltyRule')}>
              <Input maxLength={500} />
            </Form.Item>
            <Form.Item name="incentivePackageId" label={t('contracts.incentivePackageId')} extra={t('contracts.incentivePackageHint')}>
              <Select
                allowClear
                aria-label={t('contracts.incentivePackageId')}
                options={(packages.data ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: t('contracts.incentiveOption', { project: p.projectName, name: p.name, months: p.freeMonths }) }))}
              />
            </Form.Item>
            <Form.Item name="incentivePackage" label={t('contracts.incentivePackage')}>
              <Input maxLength={200} />
            </Form.Item>
            <RebateRulesField itemOptions={(items.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))} />
          </div>
          <div style={hidden(3)}>
            <Form.Item name="templateId" label={t('contracts.template')}>
              <Radio.Group
                data-testid="contract-template"
                options={[
                  ...(templates.data ?? []).filter((tpl) => tpl.contractType === contractType).map((tpl) => ({ value: tpl.id, label: `${tpl.name}（${t('contracts.version', { version: tpl.version })}）` })),
                  { value: 'none', label: t('contracts.nonTemplate') },
                ]}
              />
            </Form.Item>
            <Form.Item name="signingParty" label={t('contracts.signingParty')} rules={[{ required: true, whitespace: true, message: t('contracts.signingParty') }]}>
              <Input maxLength={100} data-testid="contract-signing-party" />
            </Form.Item>
            <Flex gap={16} wrap>
              <Form.Item name="ourSignatory" label={t('contracts.ourSignatory')}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="customerSignatory" label={t('contracts.customerSignatory')}>
                <Input maxLength={50} />
              </Form.Item>
            </Flex>
            <Form.Item name="safetyAgreement" valuePropName="checked">
              <Checkbox>{t('contracts.safetyAgreement')}</Checkbox>
            </Form.Item>
            <Form.Item name="specialTerms" label={t('contracts.specialTerms')}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
          </div>
          <div style={hidden(4)}>
            {step === 4 && (
              <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('contracts.customer')}>{existing.data?.customerName ?? customerLabel}</Descriptions.Item>
                <Descriptions.Item label={t('contracts.type')}>{values.contractType && t(contractTypeLabels[values.contractType])}</Descriptions.Item>
                <Descriptions.Item label={t('contracts.term')}>{values.term ? `${values.term[0].format('YYYY-MM-DD')} ~ ${values.term[1].format('YYYY-MM-DD')}` : ''}</Descriptions.Item>
                <Descriptions.Item label={t('contracts.units')}>{(values.units ?? []).map((unit) => t('common.nameWithArea', { name: unit.label, area: unit.area ?? '—' })).join('；')}</Descriptions.Item>
                <Descriptions.Item label={t('contracts.charges')}>
                  {(values.charges ?? []).map((charge) => `${itemOptions.find((o) => o.value === charge.item)?.label ?? charge.item} ${charge.unitPrice} ${t(chargeBasisLabels[charge.basis])}`).join('；')}
                </Descriptions.Item>
                <Descriptions.Item label={t('contracts.billingCycle')}>{values.billingCycle && t(billingCycleLabels[values.billingCycle])}</Descriptions.Item>
                <Descriptions.Item label={t('contracts.template')}>
                  {values.templateId === 'none' ? t('contracts.nonTemplate') : templates.data?.find((tpl) => tpl.id === values.templateId)?.name}
                </Descriptions.Item>
                <Descriptions.Item label={t('contracts.signingParty')}>{values.signingParty}</Descriptions.Item>
              </Descriptions>
            )}
            {existing.data?.reviewComment && <Alert type="warning" showIcon title={t('contracts.reviewComment', { comment: existing.data.reviewComment })} style={{ marginBottom: 12 }} />}
            {editing && (
              <Form.Item name="note" label={t('contracts.changeNote')}>
                <Input maxLength={500} />
              </Form.Item>
            )}
            <Typography.Paragraph type="secondary">{t('contracts.previewHint')}</Typography.Paragraph>
          </div>
        </Form>
        <Flex gap={8} justify="end">
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('contracts.previous')}</Button>}
          {step < 4 && (
            <Button type="primary" onClick={() => void next()} data-testid="contract-next">
              {t('contracts.next')}
            </Button>
          )}
          {step === 4 && (
            <>
              <Button loading={save.isPending} onClick={() => save.mutate({ values: form.getFieldsValue(true) as FormValues, submit: false })} data-testid="contract-save">
                {t('contracts.saveDraft')}
              </Button>
              <Button type="primary" loading={save.isPending} onClick={() => save.mutate({ values: form.getFieldsValue(true) as FormValues, submit: true })} data-testid="contract-save-submit">
                {t('contracts.saveAndSubmit')}
              </Button>
            </>
          )}
        </Flex>
      </Card>
    </PageContainer>
  );
}
