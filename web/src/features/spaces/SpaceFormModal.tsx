import { App as AntdApp, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { TAG_SEPARATORS } from '../../ui/tag-input';
import {
  childLevelOf,
  createSpace,
  levelLabels,
  spacesKey,
  unitTypeLabels,
  updateSpace,
  type SpaceDetail,
  type SpaceInput,
  type SpaceLevel,
  type SpaceNode,
  type UnitType,
} from './spaces-api';
import { businessToday } from '../../ui/business-date';

interface FormValues {
  code: string;
  name: string;
  unitType?: UnitType;
  usableArea?: string;
  grossArea?: string;
  floorLoad?: string;
  ceilingHeight?: string;
  listRent?: string;
  rentBasis?: 'day' | 'month';
  facilities?: string[];
  condition?: 'available' | 'maintenance' | 'unavailable';
  availableFrom?: Dayjs;
  note?: string;
}

const blankToNull = (value: string | undefined) => (value && value.trim() ? value.trim() : null);

/**
 * New node under the selected one (a park at the top, then building/库区, floor, unit), or edit
 * of an existing one. Units carry type, areas, load, height, facilities, list rent and condition.
 */
export function SpaceFormModal({ parent, space, onClose }: { parent?: SpaceNode | null; space?: SpaceDetail; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const level: SpaceLevel | null = space ? space.level : parent ? childLevelOf[parent.level] : 'park';
  const isUnit = level === 'unit';
  const mutation = useMutation({
    mutationFn: (values: FormValues) => {
      const body: SpaceInput = {
        code: values.code.trim(),
        name: values.name.trim(),
        note: blankToNull(values.note),
        ...(values.availableFrom ? { availableFrom: values.availableFrom.format('YYYY-MM-DD') } : {}),
        ...(isUnit
          ? {
              unitType: values.unitType,
              usableArea: blankToNull(values.usableArea),
              grossArea: blankToNull(values.grossArea),
              floorLoad: blankToNull(values.floorLoad),
              ceilingHeight: blankToNull(values.ceilingHeight),
              listRent: blankToNull(values.listRent),
              rentBasis: values.rentBasis,
              facilities: values.facilities ?? [],
              condition: values.condition,
            }
          : {}),
      };
      return space ? updateSpace(space.id, body) : createSpace({ ...body, parentId: parent?.id ?? null });
    },
    onSuccess: async () => {
      message.success(t('spaces.saved'));
      await queryClient.invalidateQueries({ queryKey: spacesKey });
      onClose();
    },
    onError: (error) => applyServerFieldErrors(form, error),
  });

  if (!level) return null;
  const initialValues: Partial<FormValues> = space
    ? {
        code: space.code,
        name: space.name,
        unitType: space.unitType ?? undefined,
        usableArea: space.usableArea ?? undefined,
        grossArea: space.grossArea ?? undefined,
        floorLoad: space.floorLoad ?? undefined,
        ceilingHeight: space.ceilingHeight ?? undefined,
        listRent: space.listRent ?? undefined,
        rentBasis: space.rentBasis ?? 'day',
        facilities: space.facilities,
        condition: space.condition,
        availableFrom: dayjs(space.availableFrom),
        note: space.note ?? undefined,
      }
    : { rentBasis: 'day', condition: 'available', availableFrom: businessToday() };
  const title = space ? t('spaces.editTitle', { name: space.fullCode }) : t('spaces.newTitle', { level: t(levelLabels[level]), parent: parent ? parent.fullCode : '' });

  return (
    <Modal open title={title} width={isUnit ? 720 : 480} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutation.isPending} destroyOnHidden>
      <Form<FormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => mutation.mutate(values)}>
        <Row gutter={12}>
          <Col span={isUnit ? 8 : 12}>
            <Form.Item name="code" label={t('spaces.field.code')} rules={[{ required: true, message: t('spaces.codeRequired') }]} extra={t('spaces.codeHint')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={isUnit ? 16 : 12}>
            <Form.Item name="name" label={t('spaces.field.name')} rules={[{ required: true, message: t('spaces.nameRequired') }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          {isUnit && (
            <>
              <Col span={8}>
                <Form.Item name="unitType" label={t('spaces.field.unitType')} rules={[{ required: true, message: t('spaces.typeRequired') }]}>
                  <Select aria-label={t('spaces.field.unitType')} options={(Object.keys(unitTypeLabels) as UnitType[]).map((key) => ({ value: key, label: t(unitTypeLabels[key]) }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="usableArea" label={t('spaces.field.usableArea')} rules={[{ required: true, message: t('spaces.areaRequired') }]}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="grossArea" label={t('spaces.field.grossArea')}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="floorLoad" label={t('spaces.field.floorLoad')}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="ceilingHeight" label={t('spaces.field.ceilingHeight')}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="condition" label={t('spaces.field.condition')}>
                  <Select
                    aria-label={t('spaces.field.condition')}
                    options={[
                      { value: 'available', label: t('spaces.condition.available') },
                      { value: 'maintenance', label: t('spaces.status.maintenance') },
                      { value: 'unavailable', label: t('spaces.status.unavailable') },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="listRent" label={t('spaces.field.listRent')}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="rentBasis" label={t('spaces.field.rentBasis')}>
                  <Select aria-label={t('spaces.field.rentBasis')} options={[{ value: 'day', label: t('spaces.perDay') }, { value: 'month', label: t('spaces.perMonth') }]} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="availableFrom" label={t('spaces.field.availableFrom')}>
                  <DatePicker aria-label={t('spaces.field.availableFrom')} style={{ width: '100%' }} allowClear={false} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="facilities" label={t('spaces.field.facilities')}>
                  <Select aria-label={t('spaces.field.facilities')} mode="tags" tokenSeparators={TAG_SEPARATORS} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={24}>
            <Form.Item name="note" label={t('spaces.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
