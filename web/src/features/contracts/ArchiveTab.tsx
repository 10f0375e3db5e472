import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { applyServerFieldErrors } from '../../ui/form-errors';
import { UserSelect } from '../users/UserSelect';
import { acknowledgeCopy, archiveContract, contractsKey, getArchive, handOutCopy, recordSealUse, type ContractArchive } from './contracts-api';
import { businessToday } from '../../ui/business-date';

// 归档与用印 (R-LEA-23): the original's archive number and place, copies handed to colleagues with
// their acknowledgement, and the contract seal's uses on this contract.

type Dialog = 'archive' | 'copy' | 'seal' | null;

export function ArchiveTab({ contractId }: { contractId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const queryClient = useQueryClient();
  const key = [...contractsKey, contractId, 'archive'];
  const archive = useQuery({ queryKey: key, queryFn: () => getArchive(contractId) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const done = (next: ContractArchive) => {
    queryClient.setQueryData(key, next);
    setDialog(null);
  };
  const save = useMutation({
    mutationFn: async (values: Record<string, unknown>) => {
      const date = (name: string) => (values[name] as Dayjs).format('YYYY-MM-DD');
      if (dialog === 'archive') return archiveContract(contractId, values as { archiveNumber: string; archiveLocation: string });
      if (dialog === 'copy') return handOutCopy(contractId, { receiverId: values.receiverId as number, purpose: values.purpose as string, handedOn: date('handedOn') });
      return recordSealUse(contractId, { usedOn: date('usedOn'), document: values.document as string, copies: values.copies as number, purpose: (values.purpose as string) || undefined });
    },
    onSuccess: done,
    onError: (error) => applyServerFieldErrors(form, error),
  });
  const acknowledge = useMutation({
    mutationFn: (copyId: number) => acknowledgeCopy(contractId, copyId),
    onSuccess: async () => {
      message.success(t('contracts.archive.acknowledged'));
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error: Error) => message.error(error.message),
  });
  const data = archive.data;
  if (!data) return <Skeleton active />;
  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        title={t('contracts.archive.original')}
        extra={data.canArchive && <Button size="small" onClick={() => setDialog('archive')}>{t('contracts.archive.save')}</Button>}
      >
        <Descriptions.Item label={t('contracts.archive.number')}>{data.archiveNumber ?? <Typography.Text type="secondary">{t('contracts.archive.notYet')}</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.archive.location')}>{data.archiveLocation ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>{t('contracts.archive.copies')}</Typography.Title>
        {data.canArchive && <Button size="small" onClick={() => setDialog('copy')}>{t('contracts.archive.handOut')}</Button>}
      </Flex>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.copies}
        columns={[
          { title: t('contracts.archive.receiver'), dataIndex: 'receiverName' },
          { title: t('contracts.archive.department'), dataIndex: 'department' },
          { title: t('contracts.archive.purpose'), dataIndex: 'purpose' },
          { title: t('contracts.archive.handedOn'), dataIndex: 'handedOn', width: 110 },
          {
            title: t('contracts.archive.acknowledged'),
            key: 'ack',
            width: 150,
            render: (_, copy: ContractArchive['copies'][number]) =>
              copy.acknowledgedAt ? (
                <Tag color="green">{dayjs(copy.acknowledgedAt).format('YYYY-MM-DD')}</Tag>
              ) : copy.canAcknowledge ? (
                <Button size="small" type="primary" loading={acknowledge.isPending} onClick={() => acknowledge.mutate(copy.id)}>
                  {t('contracts.archive.acknowledge')}
                </Button>
              ) : (
                <Tag>{t('contracts.archive.pending')}</Tag>
              ),
          },
        ]}
      />
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>{t('contracts.archive.seal')}</Typography.Title>
        {data.canRecordSeal && <Button size="small" onClick={() => setDialog('seal')}>{t('contracts.archive.recordSeal')}</Button>}
      </Flex>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.sealUses}
        columns={[
          { title: t('contracts.archive.usedOn'), dataIndex: 'usedOn', width: 110 },
          { title: t('contracts.archive.document'), dataIndex: 'document' },
          { title: t('contracts.archive.copiesCount'), dataIndex: 'copies', width: 70 },
          { title: t('contracts.archive.purpose'), dataIndex: 'purpose' },
          { title: t('contracts.archive.keeper'), dataIndex: 'keeperName', width: 120 },
        ]}
      />
      {dialog && (
        <Modal
          open
          title={t(dialog === 'archive' ? 'contracts.archive.save' : dialog === 'copy' ? 'contracts.archive.handOut' : 'contracts.archive.recordSeal')}
          confirmLoading={save.isPending}
          onOk={() => form.submit()}
          onCancel={() => setDialog(null)}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={{ archiveNumber: data.archiveNumber ?? '', archiveLocation: data.archiveLocation ?? '', handedOn: businessToday(), usedOn: businessToday(), copies: 2 }}
            onFinish={(values) => save.mutate(values)}
          >
            {dialog === 'archive' && (
              <>
                <Form.Item name="archiveNumber" label={t('contracts.archive.number')} rules={[{ required: true }]}>
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item name="archiveLocation" label={t('contracts.archive.location')} rules={[{ required: true, min: 2 }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </>
            )}
            {dialog === 'copy' && (
              <>
                <Form.Item name="receiverId" label={t('contracts.archive.receiver')} rules={[{ required: true }]}>
                  <UserSelect aria-label={t('contracts.archive.receiver')} />
                </Form.Item>
                <Form.Item name="purpose" label={t('contracts.archive.purpose')} rules={[{ required: true, min: 2 }]}>
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item name="handedOn" label={t('contracts.archive.handedOn')} rules={[{ required: true }]}>
                  <DatePicker aria-label={t('contracts.archive.handedOn')} />
                </Form.Item>
              </>
            )}
            {dialog === 'seal' && (
              <>
                <Form.Item name="usedOn" label={t('contracts.archive.usedOn')} rules={[{ required: true }]}>
                  <DatePicker aria-label={t('contracts.archive.usedOn')} />
                </Form.Item>
                <Form.Item name="document" label={t('contracts.archive.document')} rules={[{ required: true, min: 2 }]}>
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item name="copies" label={t('contracts.archive.copiesCount')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={100} />
                </Form.Item>
                <Form.Item name="purpose" label={t('contracts.archive.purpose')}>
                  <Input maxLength={200} />
                </Form.Item>
              </>
            )}
          </Form>
        </Modal>
      )}
    </Flex>
  );
}
