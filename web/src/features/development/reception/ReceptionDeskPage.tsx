import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntdApp, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { applyServerFieldErrors } from '../../../ui/form-errors';
import { PageContainer } from '../../../ui/PageContainer';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import {
  createReception,
  getRotation,
  kindLabels,
  listReceivers,
  lookupVisitor,
  receptionQueryKey,
  rotationQueryKey,
  type CreateReceptionBody,
  type LookupResult,
  type ReceptionKind,
  type ReceptionRecord,
} from './reception-api';
import { normalizeMobileInput } from '../../customers/labels';
import { RotationPanel } from './RotationPanel';
import { TodayLog } from './TodayLog';
import { useT } from '../../../app/i18n/LocaleProvider';

interface DeskValues {
  kind: ReceptionKind;
  contactPhone?: string;
  prospectName?: string;
  contactName?: string;
  spaceTypeCode?: string;
  area?: number | null;
  sourceCode?: string;
  companions?: number | null;
  siteTour?: boolean;
  namedSpecialistId?: number;
  receiverId?: number;
  summary?: string;
}

const PHONE = /^1[3-9]\d{9}$|^(?:0\d{2,3}-?)?\d{7,8}(?:-\d{1,6})?$|^[48]00-?\d{3}-?\d{4}$/;

function useOptions(code: string) {
  const items = useDictionaryItems(code);
  return useMemo(() => (items.data?.items ?? []).map((item) => ({ value: item.code, label: item.label })), [items.data]);
}

const text = (value: string | undefined) => value?.trim() || null;

/** 来访来电登记 (R-DEV-40/41): quick entry at the front desk, today's log and the rotation. */
export function ReceptionDeskPage() {
  const t = useT();
  const [form] = Form.useForm<DeskValues>();
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [lookup, setLookup] = useState<LookupResult | null>(null);
  const [linked, setLinked] = useState<{ id: number; name: string } | null>(null);
  const [assigned, setAssigned] = useState<ReceptionRecord | null>(null);
  const rotation = useQuery({ queryKey: rotationQueryKey(), queryFn: () => getRotation() });
  const spaceOptions = useOptions('space_type');
  const sourceOptions = useOptions('customer_source');
  const receivers = useQuery({ queryKey: ['development', 'reception-receivers'], queryFn: () => listReceivers() });
  const memberOptions = (receivers.data?.items ?? []).map((person) => ({ value: person.userId, label: `${person.name} · ${person.unitName}` }));

  const check = useMutation({ mutationFn: lookupVisitor, meta: { silent: true }, onSuccess: setLookup });
  const onPhoneBlur = () => {
    const phone = form.getFieldValue('contactPhone')?.replace(/\s+/g, '');
    if (phone && PHONE.test(phone)) check.mutate({ phone });
    else setLookup(null);
  };

  const submit = useMutation({
    mutationFn: (values: DeskValues) => {
      const body: CreateReceptionBody = {
        kind: values.kind,
        customerId: linked?.id ?? null,
        prospectName: linked ? null : text(values.prospectName),
        contactName: text(values.contactName),
        contactPhone: text(values.contactPhone),
        spaceTypeCode: values.spaceTypeCode ?? null,
        area: values.area === null || values.area === undefined ? null : String(values.area),
        sourceCode: values.sourceCode ?? null,
        companions: values.companions ?? 0,
        siteTour: Boolean(values.siteTour),
        namedSpecialistId: values.namedSpecialistId ?? null,
        receiverId: values.receiverId ?? null,
        summary: text(values.summary),
      };
      return createReception(body);
    },
    meta: { silent: true },
    onSuccess: async (record) => {
      setAssigned(record);
      message.success(t('development.reception.loggedReceives', { receiverName: record.receiverName, assignmentLabel: record.assignmentLabel }));
      form.resetFields();
      form.setFieldsValue({ kind: record.kind });
      setLookup(null);
      setLinked(null);
      await Promise.all([queryClient.invalidateQueries({ queryKey: receptionQueryKey }), queryClient.invalidateQueries({ queryKey: rotationQueryKey() })]);
    },
    onError: (error) => {
      if (!applyServerFieldErrors(form, error)) message.error(error.message);
    },
  });

  return (
    <PageContainer title={t('development.reception.receptionDesk')} subtitle={t('development.reception.logVisitorsAndCallsWithout')}>
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Flex vertical gap={16}>
            <Card size="small">
              <Form form={form} layout="vertical" initialValues={{ kind: 'visit', companions: 0 }} onFinish={(values) => submit.mutate(values)} requiredMark={false}>
                <Row gutter={12}>
                  <Col xs={24} md={6}>
                    <Form.Item name="kind" label={t('org.kind')}>
                      <Segmented<ReceptionKind> block options={[{ value: 'visit', label: t('development.reception.visit') }, { value: 'call', label: t('development.reception.call') }]} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name="contactPhone" label={t('development.reception.phone')} normalize={normalizeMobileInput} rules={[{ pattern: PHONE, message: t('development.reception.an11DigitMobileOr') }]}>
                      <Input autoFocus allowClear placeholder={t('development.reception.enterThePhoneFirst')} onBlur={onPhoneBlur} inputMode="tel" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name="prospectName" label={t('development.reception.customerCompany')}>
                      <Input allowClear disabled={Boolean(linked)} placeholder={linked ? linked.name : t('development.reception.theNewVisitorSCompany')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name="contactName" label={t('development.reception.contacts')}>
                      <Input allowClear />
                    </Form.Item>
                  </Col>
                </Row>
                <VisitorHint lookup={lookup} linked={linked} onLink={setLinked} />
                <Row gutter={12}>
                  <Col xs={12} md={5}>
                    <Form.Item name="spaceTypeCode" label={t('development.reception.spaceWanted')}>
                      <Select allowClear options={spaceOptions} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name="area" label={t('development.reception.areaM')}>
                      <InputNumber min={0} max={9_999_999_999} precision={2} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item name="sourceCode" label={t('development.reception.source')}>
                      <Select allowClear options={sourceOptions} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name="companions" label={t('development.reception.companions')}>
                      <InputNumber min={0} max={999} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name="siteTour" label={t('development.reception.siteTour')} valuePropName="checked">
                      <Checkbox>{t('development.reception.toured')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name="namedSpecialistId" label={t('development.reception.specialistAskedFor')}>
                      <Select allowClear options={memberOptions} placeholder={t('development.reception.none')} />
                    </Form.Item>
                  </Col>
                </Row>
                <Row gutter={12} align="bottom">
                  <Col xs={24} md={14}>
                    <Form.Item name="summary" label={t('development.reception.summary')}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
                    </Form.Item>
                  </Col>
                  <Col xs={14} md={6}>
                    <Form.Item name="receiverId" label={t('development.reception.receiver')} tooltip={t('development.reception.emptyAssignedByTheRules')}>
                      <Select allowClear options={memberOptions} placeholder={t('development.reception.assignAutomatically')} />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={4}>
                    <Form.Item>
                      <Button type="primary" htmlType="submit" block loading={submit.isPending}>
                        {t('development.reception.log')}
                                              </Button>
                    </Form.Item>
                  </Col>
                </Row>
              </Form>
              {assigned && (
                <Alert
                  type="success"
                  showIcon
                  closable
                  onClose={() => setAssigned(null)}
                  message={
                    <span>
                      {t(kindLabels[assigned.kind])}{t('common.openQuote')}{assigned.customerName ?? assigned.prospectName ?? assigned.contactName}{t('development.reception.isAssignedTo')}{' '}<b>{assigned.receiverName}</b>
                      {t('common.openParen')}{assigned.assignmentLabel}{t('development.reception.theReceiverHasBeenNotified')}
                                          </span>
                  }
                />
              )}
            </Card>
            <TodayLog />
          </Flex>
        </Col>
        <Col xs={24} xl={7}>
          <RotationPanel rotation={rotation.data} loading={rotation.isPending} />
        </Col>
      </Row>
    </PageContainer>
  );
}

/** What the phone told us: served before (and by whom) and which customers it belongs to. */
function VisitorHint({ lookup, linked, onLink }: { lookup: LookupResult | null; linked: { id: number; name: string } | null; onLink: (customer: { id: number; name: string } | null) => void }) {
  const t = useT();
  if (linked) {
    return (
      <Alert
        style={{ marginBottom: 12 }}
        type="info"
        showIcon
        message={
          <Space wrap>
            {t('development.reception.linkedCustomer')}{' '}<Link to={`/customers/${linked.id}`}>{linked.name}</Link>
            <Button size="small" type="link" onClick={() => onLink(null)}>
              {t('development.reception.unlink')}
                          </Button>
          </Space>
        }
      />
    );
  }
  if (!lookup || (!lookup.previous && lookup.customers.length === 0)) return null;
  return (
    <Alert
      style={{ marginBottom: 12 }}
      type="warning"
      showIcon
      message={
        <Flex vertical gap={4}>
          {lookup.previous && (
            <span>
              {lookup.protectionDays} {t('development.reception.daysAgo')}{lookup.previous.at.slice(0, 10)} {t('development.reception.by')}{' '}<b>{lookup.previous.receiverName}</b> {t('development.reception.received')}
                            {lookup.previous.receiverActive ? t('development.reception.whoIsAssignedFirstThis') : t('development.reception.hasLeftWillBeReassigned')}
            </span>
          )}
          {lookup.customers.map((customer) => (
            <Space key={customer.id} wrap>
              <span>
                {t('development.reception.existingCustomers')}<b>{customer.name}</b>
                <Typography.Text type="secondary">{t('development.reception.accountManager')}{' '}{customer.ownerName ?? t('development.reception.noneSharedPool')}）</Typography.Text>
              </span>
              <Button size="small" onClick={() => onLink({ id: customer.id, name: customer.name })}>
                {t('development.reception.linkThisCustomer')}
                              </Button>
            </Space>
          ))}
          {lookup.customers.length > 0 && <Tag color="default">{t('development.reception.aLinkedVisitGoesOn')}</Tag>}
        </Flex>
      }
    />
  );
}
