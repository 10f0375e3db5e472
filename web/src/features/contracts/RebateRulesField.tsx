import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';

export interface RebateRuleValue {
  window: 'period' | 'contract_year';
  items: string[];
  tiers: { threshold: string; rate: string }[];
}

/** 量价阶梯与年度量返 (R-BIL-20) in the contract's price terms: rules of tiers on billed volume. */
export function RebateRulesField({ itemOptions }: { itemOptions: { value: string; label: string }[] }) {
  const t = useT();
  return (
    <Form.List name="rebates">
      {(rules, { add, remove }) => (
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t('contracts.rebates')}</Typography.Text>
          <Typography.Text type="secondary">{t('contracts.rebatesHelp')}</Typography.Text>
          {rules.map((rule, index) => (
            <Card key={rule.key} size="small" title={t('contracts.rebateRule', { n: index + 1 })} extra={<Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.delete')} onClick={() => remove(rule.name)} />}>
              <Flex gap={12} wrap>
                <Form.Item name={[rule.name, 'window']} label={t('contracts.rebateWindow')}>
                  <Select style={{ width: 160 }} aria-label={t('contracts.rebateWindow')} options={(['period', 'contract_year'] as const).map((value) => ({ value, label: t(`contracts.rebateWindow.${value}`) }))} />
                </Form.Item>
                <Form.Item name={[rule.name, 'items']} label={t('contracts.rebateItems')} style={{ flex: 1, minWidth: 240 }} rules={[{ required: true, message: t('common.selectRequired', { label: t('contracts.rebateItems') }) }]}>
                  <Select mode="multiple" aria-label={t('contracts.rebateItems')} options={itemOptions} />
                </Form.Item>
              </Flex>
              <Form.List name={[rule.name, 'tiers']}>
                {(tiers, tierOps) => (
                  <>
                    {tiers.map((tier, tierIndex) => (
                      <Flex key={tier.key} gap={12} align="start">
                        <Form.Item name={[tier.name, 'threshold']} label={t('contracts.rebateThreshold', { n: tierIndex + 1 })} rules={[{ required: true, message: t('common.required', { label: t('contracts.rebateThreshold', { n: tierIndex + 1 }) }) }]}>
                          <Input style={{ width: 180 }} placeholder="500000" />
                        </Form.Item>
                        <Form.Item name={[tier.name, 'rate']} label={t('contracts.rebateRate')} rules={[{ required: true, message: t('common.required', { label: t('contracts.rebateRate') }) }]}>
                          <Input style={{ width: 140 }} placeholder="0.02" />
                        </Form.Item>
                        {tiers.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.delete')} style={{ marginTop: 30 }} onClick={() => tierOps.remove(tier.name)} />}
                      </Flex>
                    ))}
                    {tiers.length < 5 && (
                      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => tierOps.add({})}>
                        {t('contracts.addRebateTier')}
                      </Button>
                    )}
                  </>
                )}
              </Form.List>
            </Card>
          ))}
          {rules.length < 5 && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ window: 'contract_year', items: [], tiers: [{}] })} style={{ alignSelf: 'flex-start' }}>
              {t('contracts.addRebate')}
            </Button>
          )}
        </Flex>
      )}
    </Form.List>
  );
}
