import { SearchOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Form, Input, Progress, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../../ui/PageContainer';
import { checkDuplicates, type DuplicateCheckResult, type DuplicateHit } from './list-api';
import { customerDictionaries, lifecycleColor, useDictionaryLabels } from '../labels';

const matchLabel: Record<'name' | 'uscc' | 'phone', string> = { name: '名称相同', uscc: '信用代码相同', phone: '电话相同' };

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
      <Tooltip title="不在您的数据范围内，仅显示名称、客户经理与状态">
        <Typography.Text>{name}</Typography.Text>
      </Tooltip>
    );
  const common: TableColumnsType<DuplicateHit> = [
    { title: '客户名称', dataIndex: 'name', key: 'name', render: nameCell },
    { title: '客户编号', dataIndex: 'code', key: 'code', render: (code?: string) => code ?? '—', width: 150 },
    { title: '客户经理', dataIndex: 'ownerName', key: 'ownerName', render: (owner: string | null) => owner ?? <Tag>公海</Tag>, width: 120 },
    { title: '所属单位', dataIndex: 'unitName', key: 'unitName', render: (unit?: string) => unit ?? '—', width: 140 },
    {
      title: '状态',
      dataIndex: 'lifecycleCode',
      key: 'lifecycleCode',
      render: (code: string) => <Tag color={lifecycleColor[code] ?? 'default'}>{lifecycle(code)}</Tag>,
      width: 90,
    },
  ];
  const exactColumns: TableColumnsType<DuplicateHit> = [
    ...common,
    {
      title: '重复项',
      dataIndex: 'matchedBy',
      key: 'matchedBy',
      render: (matched?: DuplicateHit['matchedBy']) => (matched ?? []).map((by) => <Tag color="red" key={by}>{matchLabel[by]}</Tag>),
    },
  ];
  const similarColumns: TableColumnsType<DuplicateHit> = [
    ...common,
    {
      title: '相似度',
      dataIndex: 'similarity',
      key: 'similarity',
      width: 200,
      render: (value = 0) => (
        <Progress percent={Math.round(value * 100)} size="small" strokeColor={similarityColor(value)} format={(percent) => `${percent}%`} />
      ),
    },
  ];

  const result: DuplicateCheckResult | undefined = check.data;
  const rowKey = (hit: DuplicateHit) => `${hit.id ?? ''}|${hit.name}`;

  return (
    <PageContainer title="查重" subtitle="登记新客户前，按名称、电话或统一社会信用代码检查是否已有档案；显示相同与相似的客户名称">
      <Card variant="borderless">
        <Form<CheckForm>
          form={form}
          layout="inline"
          onFinish={(values) => {
            if (!values.name?.trim() && !values.phone?.trim() && !values.uscc?.trim()) {
              form.setFields([{ name: 'name', errors: ['请至少填写客户名称、电话或信用代码之一'] }]);
              return;
            }
            check.mutate(values);
          }}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="name" label="客户名称" rules={[{ max: 100 }]}>
            <Input placeholder="如：上海华通物流有限公司" allowClear style={{ width: 280 }} data-testid="duplicate-name" />
          </Form.Item>
          <Form.Item name="phone" label="电话" rules={[{ max: 30 }]}>
            <Input placeholder="手机或座机" allowClear style={{ width: 180 }} data-testid="duplicate-phone" />
          </Form.Item>
          <Form.Item name="uscc" label="信用代码" rules={[{ max: 30 }]}>
            <Input placeholder="18 位统一社会信用代码" allowClear style={{ width: 220 }} data-testid="duplicate-uscc" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={check.isPending} data-testid="duplicate-check">
              查重
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {result && (
        <Flex vertical gap={16}>
          {result.exact.length > 0 ? (
            <Alert type="error" showIcon title={`发现 ${result.exact.length} 个重复客户，请勿重复建档；如需跟进请联系客户经理`} />
          ) : (
            <Alert type="success" showIcon title="没有发现重复的客户" />
          )}
          <Card variant="borderless" title="重复的客户">
            {result.exact.length ? (
              <Table<DuplicateHit> rowKey={rowKey} columns={exactColumns} dataSource={result.exact} pagination={false} size="middle" />
            ) : (
              <Empty description="无" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card variant="borderless" title="相似名称">
            {result.similar.length ? (
              <Flex vertical gap={8}>
                <Typography.Text type="secondary">按名称相似度排序（去掉“有限公司”等后缀后比较），相似度 40% 以上的前 10 个</Typography.Text>
                <Table<DuplicateHit> rowKey={rowKey} columns={similarColumns} dataSource={result.similar} pagination={false} size="middle" />
              </Flex>
            ) : (
              <Empty description="没有相似的名称" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Flex>
      )}
    </PageContainer>
  );
}
