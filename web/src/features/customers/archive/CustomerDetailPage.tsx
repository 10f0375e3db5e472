import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import type { TabsProps } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../../app/api-client';
import { useAuth } from '../../../app/auth-context';
import { formatDate, formatDateTime } from '../../../ui/format';
import { PageContainer } from '../../../ui/PageContainer';
import { AttachmentList } from '../../attachments/AttachmentList';
import { ContactsPanel } from './ContactsPanel';
import { ComplianceActions } from '../compliance/ComplianceActions';
import { customerDetailTabs } from './detail-tabs';
import {
  admissionLabel,
  blacklistLabel,
  customerDictionaries,
  customerFieldLabel as label,
  kindLabel,
  lifecycleColor,
  sectionTitles,
  serviceModeLabel,
  useDictionaryLabels,
} from '../labels';
import { CustomerTimeline } from './CustomerTimeline';
import { useCustomer, type Customer } from './customers-api';
import { KeyPersonsPanel } from './KeyPersonsPanel';
import { gradeColor, useGradeOptions } from '../grading/grading-api';
import { useT } from '../../../app/i18n/LocaleProvider';

const dash = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '—' : value);

function money(value: string | null): string {
  if (!value) return '—';
  const [whole, fraction = '00'] = value.split('.');
  return `¥${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

function CustomerTags({ customer }: { customer: Customer }) {
  const t = useT();
  const lifecycle = useDictionaryLabels(customerDictionaries.lifecycleCode);
  const admission = admissionLabel[customer.admissionStatus];
  const grades = useGradeOptions();
  return (
    <Space size={4} wrap>
      {customer.grade && <Tag color={gradeColor[customer.grade] ?? 'gold'}>{grades.find((grade) => grade.value === customer.grade)?.label ?? customer.grade}</Tag>}
      <Tag color={lifecycleColor[customer.lifecycleCode] ?? 'default'}>{lifecycle(customer.lifecycleCode)}</Tag>
      {admission && <Tag color={admission.color}>{t(admission.text)}</Tag>}
      {customer.blacklistLevel && <Tag color="black">{t(blacklistLabel[customer.blacklistLevel] ?? 'menu.blacklist')}</Tag>}
      {customer.kind === 'individual' && <Tag>{t(kindLabel.individual)}</Tag>}
    </Space>
  );
}

/** 基本信息: sections 1, 2 and 4 of R-CUS-01 plus the classification, as read-only descriptions. */
function CustomerBasics({ customer }: { customer: Customer }) {
  const t = useT();
  const nature = useDictionaryLabels(customerDictionaries.natureCode);
  const industry = useDictionaryLabels(customerDictionaries.industryCode);
  const source = useDictionaryLabels(customerDictionaries.sourceCode);
  const usage = useDictionaryLabels(customerDictionaries.usageCodes);
  const value = useDictionaryLabels(customerDictionaries.valueCode);
  const strategic = useDictionaryLabels(customerDictionaries.strategicCode);
  const lifecycle = useDictionaryLabels(customerDictionaries.lifecycleCode);
  const region = [customer.province, customer.city, customer.district].filter(Boolean).join(' / ');
  const columns = { xs: 1, sm: 2, lg: 3 };
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t(sectionTitles.basic)}>
        <Descriptions size="small" column={columns}>
          <Descriptions.Item label={t(label.name)}>{customer.name}</Descriptions.Item>
          <Descriptions.Item label={t(label.shortName)}>{dash(customer.shortName)}</Descriptions.Item>
          <Descriptions.Item label={t(label.code)}>{customer.code}</Descriptions.Item>
          <Descriptions.Item label={t(label.kind)}>{t(kindLabel[customer.kind])}</Descriptions.Item>
          {customer.kind === 'organization' ? (
            <Descriptions.Item label={t(label.uscc)}>{dash(customer.uscc)}</Descriptions.Item>
          ) : (
            <Descriptions.Item label={t(label.idNumber)}>{dash(customer.idNumber)}</Descriptions.Item>
          )}
          <Descriptions.Item label={t(label.natureCode)}>{nature(customer.natureCode)}</Descriptions.Item>
          <Descriptions.Item label={t(label.industryCode)}>{industry(customer.industryCode)}</Descriptions.Item>
          <Descriptions.Item label={t(label.legalRepresentative)}>{dash(customer.legalRepresentative)}</Descriptions.Item>
          <Descriptions.Item label={t(label.registeredCapital)}>{money(customer.registeredCapital)}</Descriptions.Item>
          <Descriptions.Item label={t(label.employees)}>{dash(customer.employees)}</Descriptions.Item>
          <Descriptions.Item label={t(label.annualOutput)}>{money(customer.annualOutput)}</Descriptions.Item>
          <Descriptions.Item label={t(label.sourceCode)}>{source(customer.sourceCode)}</Descriptions.Item>
          <Descriptions.Item label={t(label.reputation)}>{dash(customer.reputation)}</Descriptions.Item>
          <Descriptions.Item label={t(label.profitability)}>{dash(customer.profitability)}</Descriptions.Item>
          <Descriptions.Item label={t(label.website)}>
            {customer.website && /^https?:\/\//i.test(customer.website) ? (
              <Typography.Link href={customer.website} target="_blank" rel="noopener noreferrer">
                {customer.website}
              </Typography.Link>
            ) : (
              dash(customer.website)
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t(label.mainProducts)} span="filled">
            {dash(customer.mainProducts)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t(sectionTitles.contact)}>
        <Descriptions size="small" column={columns}>
          <Descriptions.Item label={t(label.region)}>{dash(region)}</Descriptions.Item>
          <Descriptions.Item label={t(label.street)}>{dash(customer.street)}</Descriptions.Item>
          <Descriptions.Item label={t(label.postcode)}>{dash(customer.postcode)}</Descriptions.Item>
          <Descriptions.Item label={t(label.phone)}>{dash(customer.phone)}</Descriptions.Item>
          <Descriptions.Item label={t(label.fax)}>{dash(customer.fax)}</Descriptions.Item>
          <Descriptions.Item label={t(label.email)}>{dash(customer.email)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t(sectionTitles.service)}>
        <Descriptions size="small" column={columns}>
          <Descriptions.Item label={t(label.ownerName)}>{customer.ownerName ?? t('customers.archive.sharedPoolNoOwner')}</Descriptions.Item>
          <Descriptions.Item label={t(label.unitName)}>{customer.unitName}</Descriptions.Item>
          <Descriptions.Item label={t(label.serviceMode)}>{t(serviceModeLabel[customer.serviceMode])}</Descriptions.Item>
          <Descriptions.Item label={t(label.createdAt)}>{formatDateTime(customer.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t(label.updatedAt)}>{formatDateTime(customer.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t(label.verifiedAt)}>{formatDate(customer.verifiedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t(sectionTitles.classification)}>
        <Descriptions size="small" column={columns}>
          <Descriptions.Item label={t(label.usageCodes)}>{customer.usageCodes.length ? customer.usageCodes.map(usage).join(t('common.listSeparator')) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t(label.valueCode)}>{value(customer.valueCode)}</Descriptions.Item>
          <Descriptions.Item label={t(label.strategicCode)}>{strategic(customer.strategicCode)}</Descriptions.Item>
          <Descriptions.Item label={t(label.lifecycleCode)}>{lifecycle(customer.lifecycleCode)}</Descriptions.Item>
          <Descriptions.Item label={t(label.grade)}>{dash(customer.grade)}</Descriptions.Item>
          <Descriptions.Item label={t(label.tags)}>
            {customer.tags.length ? customer.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Flex>
  );
}

/** 客户档案详情 — route `/customers/:id`. */
export function CustomerDetailPage() {
  const t = useT();
  const params = useParams();
  // The tab is in the address (`?tab=account`), so links from other pages open it and reload keeps it.
  const [searchParams, setSearchParams] = useSearchParams();
  const id = Number(params.id);
  const validId = Number.isSafeInteger(id) && id > 0;
  const { hasPermission } = useAuth();
  const customer = useCustomer(validId ? id : undefined);
  const canEdit = hasPermission('customer:update');

  if (!validId || customer.isError) {
    const missing = !validId || (isApiError(customer.error) && customer.error.status === 404);
    return (
      <PageContainer title={t('menu.customerList')}>
        <Alert type={missing ? 'warning' : 'error'} showIcon title={missing ? t('customers.archive.theCustomerDoesNotExist') : t('customers.archive.theCustomerFailedToLoad')} />
      </PageContainer>
    );
  }
  if (customer.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  const data = customer.data;

  const tabs: TabsProps['items'] = [
    { key: 'basic', label: t('customers.archive.profile'), children: <CustomerBasics customer={data} /> },
    { key: 'contacts', label: t('customers.archive.contacts'), children: <ContactsPanel customerId={data.id} canEdit={canEdit} /> },
    { key: 'key-persons', label: t('customers.archive.keyPersons'), children: <KeyPersonsPanel customerId={data.id} canEdit={canEdit} /> },
    { key: 'attachments', label: t('customers.archive.attachments'), children: <AttachmentList recordType="customer" recordId={data.id} canUpload={canEdit} /> },
    ...customerDetailTabs
      .filter((tab) => !tab.permission || hasPermission(tab.permission))
      .map((tab) => ({ key: tab.key, label: t(tab.label), children: tab.render(data) })),
    { key: 'timeline', label: t('customers.archive.timeline'), children: <CustomerTimeline customerId={data.id} /> },
  ];

  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid="customer-name">{data.name}</span>
          <CustomerTags customer={data} />
        </Flex>
      }
      subtitle={
        <Space size={16} wrap>
          <span data-testid="customer-code">{t('customers.archive.code')}{' '}{data.code}</span>
          <span>{t('customers.archive.accountManager')}{' '}{data.ownerName ?? t('customers.archive.sharedPool')}</span>
          <span>{data.unitName}</span>
        </Space>
      }
      extra={
        <Space wrap>
          <ComplianceActions customer={data} />
          {canEdit && (
            <Link to={`/customers/${data.id}/edit`}>
              <Button icon={<EditOutlined />} data-testid="customer-edit">
                {t('common.edit')}
                              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Card>
        <Tabs items={tabs} destroyOnHidden={false} activeKey={tabs.some((tab) => tab.key === searchParams.get('tab')) ? searchParams.get('tab')! : 'basic'} onChange={(key) => setSearchParams(key === 'basic' ? {} : { tab: key }, { replace: true })} />
      </Card>
    </PageContainer>
  );
}
