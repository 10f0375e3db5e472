import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntdApp, Button, Col, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { mergeUnits, spacesKey, splitUnit, useUnits, type SpaceDetail } from './spaces-api';

interface SplitValues {
  parts: { code: string; name?: string; usableArea: string; grossArea?: string }[];
}

/** 拆分 (R-LEA-04): the unit's parts with their codes and areas; the unit itself keeps its history. */
export function SplitModal({ unit, onClose }: { unit: SpaceDetail; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SplitValues>();
  const mutation = useMutation({
    mutationFn: (values: SplitValues) =>
      splitUnit(unit.id, {
        parts: values.parts.map((part) => ({ code: part.code.trim(), usableArea: part.usableArea.trim(), ...(part.name?.trim() ? { name: part.name.trim() } : {}), ...(part.grossArea?.trim() ? { grossArea: part.grossArea.trim() } : {}) })),
      }),
    onSuccess: async () => {
      message.success(t('spaces.splitDone'));
      await queryClient.invalidateQueries({ queryKey: spacesKey });
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open width={680} title={t('spaces.splitTitle', { code: unit.fullCode })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('spaces.splitHint', { area: unit.usableArea ?? '—' })}</Typography.Paragraph>
      <Form<SplitValues>
        form={form}
        layout="vertical"
        initialValues={{ parts: [{ code: `${unit.code}-1`, usableArea: '' }, { code: `${unit.code}-2`, usableArea: '' }] }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Form.List name="parts">
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field) => (
                <Row key={field.key} gutter={8} align="middle">
                  <Col span={5}>
                    <Form.Item name={[field.name, 'code']} label={t('spaces.field.code')} rules={[{ required: true, message: t('spaces.codeRequired') }]}>
                      <Input maxLength={20} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[field.name, 'name']} label={t('spaces.field.name')}>
                      <Input maxLength={60} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[field.name, 'usableArea']} label={t('spaces.field.usableArea')} rules={[{ required: true, message: t('spaces.areaRequired') }]}>
                      <Input inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[field.name, 'grossArea']} label={t('spaces.field.grossArea')}>
                      <Input inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    {fields.length > 2 && <Button type="text" aria-label={t('spaces.removePart')} icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />}
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: `${unit.code}-${fields.length + 1}`, usableArea: '' })} disabled={fields.length >= 20}>
                {t('spaces.addPart')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

interface MergeValues {
  others: number[];
  code: string;
  name: string;
}

/** 合并 (R-LEA-04): this unit with others of the same floor and type into one. */
export function MergeModal({ unit, onClose }: { unit: SpaceDetail; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MergeValues>();
  const siblings = useUnits({ parentId: unit.parentId ?? undefined, unitType: unit.unitType ?? undefined, pageSize: 100 });
  const options = (siblings.data?.items ?? []).filter((item) => item.id !== unit.id).map((item) => ({ value: item.id, label: t('common.nameWithArea', { name: item.code, area: item.usableArea ?? '—' }) }));
  const mutation = useMutation({
    mutationFn: (values: MergeValues) => mergeUnits({ unitIds: [unit.id, ...values.others], code: values.code.trim(), name: values.name.trim() }),
    onSuccess: async () => {
      message.success(t('spaces.mergeDone'));
      await queryClient.invalidateQueries({ queryKey: spacesKey });
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });
  return (
    <Modal open title={t('spaces.mergeTitle', { code: unit.fullCode })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('spaces.mergeHint')}</Typography.Paragraph>
      <Form<MergeValues> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        <Form.Item name="others" label={t('spaces.mergeWith')} rules={[{ required: true, message: t('spaces.chooseUnits') }]}>
          <Select aria-label={t('spaces.mergeWith')} mode="multiple" options={options} loading={siblings.isPending} />
        </Form.Item>
        <Form.Item name="code" label={t('spaces.field.code')} rules={[{ required: true, message: t('spaces.codeRequired') }]} extra={t('spaces.newCodeHint')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="name" label={t('spaces.field.name')} rules={[{ required: true, message: t('spaces.nameRequired') }]}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
