import type { MessageKey } from '../../../app/i18n/dictionary';
import { SearchOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Form, Input, Progress, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../../ui/PageContainer';
import { checkDuplicates, type DuplicateCheckResult, type DuplicateHit } from './list-api';
import { customerDictionaries, lifecycleColor, useDictionaryLabels } from '../labels';
import { useT } from '../../../app/i18n/LocaleProvider';

const matchLabel: Record<'name' | 'uscc' | 'phone', MessageKey> = { name: 'customers.search.sameName', uscc: 'customers.search.sameCreditCode', phone: 'customers.search.samePhone' };

interface CheckForm {
  name?: string;
  phone?: string;
  uscc?: string;
}

/** Percentage colour: the closer the name, the more it warns. */
const similarityColor = (value: number) => (value >= 0.8 ? '#cf1322' : value >= 0.6 ? '#fa8c16' : '#1677ff');

/**
 * 查重 (R-CUS-06): before registering a customer, check a name, phone or USCC against the whole
 * archive. Records outside my data scope show only name, owner and status.
 */
export function DuplicateCheckPage() {
  const t = useT();
  const [form] = Form.useForm<CheckForm>();
  const lifecycle = useDictionaryLabels(customerDictionaries.lifecycleCode);
  const check = useMutation({
    mutationFn: (values: CheckForm) =>
      checkDuplicates({ name: values.name?.trim() || undefined, phone: values.phone?.trim() || undefined, uscc: values.uscc?.trim() || undefined }),
  });

  const nameCell = (name: string, hit: DuplicateHit) =>
    hit.inScope && hit.id !== undefined ? (
      <Link to={`/customers/${hit.id}`}>{name}</Link>
    ) : (
      <Tooltip title={t(hit.similarity === undefined ? 'customers.search.outsideYourDataScopeOnly' : 'customers.search.outsideScopeSimilar')}>
        <Typography.Text>{name}</Typography.Text>
      </Tooltip>
    );
  const common: TableColumnsType<DuplicateHit> = [
    { title: t('customers.search.customerName'), dataIndex: 'name', key: 'name', render: nameCell },
    { title: t('customers.search.customerCode'), dataIndex: 'code', key: 'code', render: (code?: string) => code ?? '—', width: 150 },
    {
      title: t('customers.search.accountManager'),
      dataIndex: 'ownerName',
      key: 'ownerName',
      render: (owner: string | null, hit: DuplicateHit) =>
        owner ?? (!hit.inScope && hit.similarity !== undefined ? '—' : <Tag>{t('customers.search.sharedPool')}</Tag>),
      width: 120,
    },
    { title: t('customers.search.unit'), dataIndex: 'unitName', key: 'unitName', render: (unit?: string) => unit ?? '—', width: 140 },
    {
      title: t('users.status'),
      dataIndex: 'lifecycleCode',
      key: 'lifecycleCode',
      render: (code: string) => <Tag color={lifecycleColor[code] ?? 'default'}>{lifecycle(code)}</Tag>,
      width: 90,
    },
  ];
  const exactColumns: TableColumnsType<DuplicateHit> = [
    ...common,
    {
      title: t('customers.search.matches'),
      dataIndex: 'matchedBy',
      key: 'matchedBy',
      render: (matched?: DuplicateHit['matchedBy']) => (matched ?? []).map((by) => <Tag color="red" key={by}>{t(matchLabel[by])}</Tag>),
    },
  ];
  const similarColumns: TableColumnsType<DuplicateHit> = [
    ...common,
    {
      title: t('customers.search.similarity'),
      dataIndex: 'similarity',
      key: 'similarity',
      width: 200,
      render: (value = 0) => (
        <Progress aria-label={t('customers.search.similarity')} percent={Math.round(value * 100)} size="small" strokeColor={similarityColor(value)} format={(percent) => `${percent}%`} />
      ),
    },
  ];

  const result: DuplicateCheckResult | undefined = check.data;
  const rowKey = (hit: DuplicateHit) => `${hit.id ?? ''}|${hit.name}`;

  return (
    <PageContainer title={t('customers.search.duplicateCheck')} subtitle={t('customers.search.beforeFilingANewCustomer')}>
      <Card variant="borderless">
        <Form<CheckForm>
          form={form}
          layout="inline"
          onFinish={(values) => {
            if (!values.name?.trim() && !values.phone?.trim() && !values.uscc?.trim()) {
              form.setFields([{ name: 'name', errors: [t('customers.search.pleaseEnterANamePhone')] }]);
              return;
            }
            check.mutate(values);
          }}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="name" label={t('customers.search.customerName')} rules={[{ max: 100 }]}>
            <Input placeholder={t('customers.search.eG')} allowClear style={{ width: 280 }} data-testid="duplicate-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('customers.search.phone')} rules={[{ max: 30 }]}>
            <Input placeholder={t('customers.search.mobileOrLandline')} allowClear style={{ width: 180 }} data-testid="duplicate-phone" />
          </Form.Item>
          <Form.Item name="uscc" label={t('customers.search.creditCode')} rules={[{ max: 30 }]}>
            <Input placeholder={t('customers.search.18CharacterUnifiedSocialCredit')} allowClear style={{ width: 220 }} data-testid="duplicate-uscc" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={check.isPending} data-testid="duplicate-check">
              {t('customers.search.duplicateCheck')}
                          </Button>
          </Form.Item>
        </Form>
      </Card>
      {result && (
        <Flex vertical gap={16}>
          {result.exact.length > 0 ? (
            <Alert type="error" showIcon title={t('customers.search.matchingCustomersFoundDoNot', { length: result.exact.length })} />
          ) : (
            <Alert type="success" showIcon title={t('customers.search.noDuplicatesFound')} />
          )}
          <Card variant="borderless" title={t('customers.search.matchingCustomers')}>
            {result.exact.length ? (
              <Table<DuplicateHit> rowKey={rowKey} columns={exactColumns} dataSource={result.exact} pagination={false} size="middle" />
            ) : (
              <Empty description={t('customers.search.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card variant="borderless" title={t('customers.search.similarNames')}>
            {result.similar.length ? (
              <Flex vertical gap={8}>
                <Typography.Text type="secondary">{t('customers.search.byNameSimilarityComparedWithout')}</Typography.Text>
                <Table<DuplicateHit> rowKey={rowKey} columns={similarColumns} dataSource={result.similar} pagination={false} size="middle" />
              </Flex>
            ) : (
              <Empty description={t('customers.search.noSimilarNames')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Flex>
      )}
    </PageContainer>
  );
}
