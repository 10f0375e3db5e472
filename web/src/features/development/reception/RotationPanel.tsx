import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Empty, Flex, List, Modal, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import { UserSelect } from '../../users/UserSelect';
import { putRotation, rotationQueryKey, setMemberAvailability, type Rotation } from './reception-api';
import { useT } from '../../../app/i18n/LocaleProvider';

/** 今日轮流接待 (R-DEV-41): the order, who is next, owed turns; availability toggles for managers and oneself. */
export function RotationPanel({ rotation, loading }: { rotation: Rotation | undefined; loading: boolean }) {
  const t = useT();
  const { me, hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [editing, setEditing] = useState(false);
  const canAssign = hasPermission('development:assign');

  const toggle = useMutation({
    mutationFn: ({ userId, available }: { userId: number; available: boolean }) => setMemberAvailability(rotation!.unitId, userId, available),
    onSuccess: (data, variables) => {
      queryClient.setQueryData(rotationQueryKey(), data);
      message.success(variables.available ? t('development.reception.backInRotation') : t('development.reception.pausedMissedTurnsAreOwed'));
    },
  });

  return (
    <Card
      size="small"
      title={t('development.reception.todaySRotation', { v0: rotation ? ` · ${rotation.unitName}` : '' })}
      loading={loading}
      extra={
        canAssign && rotation ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('development.reception.setOrder')}
                      </Button>
        ) : null
      }
    >
      {rotation && rotation.members.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canAssign ? t('development.reception.noRotationYetClickSet') : t('development.reception.noRotationYetAskThe')} />
      ) : (
        <List
          size="small"
          dataSource={rotation?.members ?? []}
          renderItem={(member) => {
            const next = member.userId === rotation?.nextUserId;
            return (
              <List.Item
                style={next ? { background: 'rgba(22,119,255,0.06)' } : undefined}
                extra={
                  <Tooltip title={member.available ? t('development.reception.availableClickToPause') : t('development.reception.pausedClickToResume')}>
                    <Switch
                      size="small"
                      checked={member.available}
                      disabled={!(canAssign || member.userId === me?.id) || !member.active}
                      loading={toggle.isPending && toggle.variables?.userId === member.userId}
                      onChange={(available) => toggle.mutate({ userId: member.userId, available })}
                      aria-label={t('development.reception.available', { name: member.name })}
                    />
                  </Tooltip>
                }
              >
                <Flex gap={8} align="center" wrap>
                  <Typography.Text type="secondary">{member.position}.</Typography.Text>
                  <Typography.Text strong={next} delete={!member.active}>
                    {member.name}
                  </Typography.Text>
                  {next && <Tag color="blue">{t('development.reception.next')}</Tag>}
                  {member.owedTurns > 0 && <Tag color="orange">{t('development.reception.owed')}{' '}{member.owedTurns} {t('development.reception.turns')}</Tag>}
                  {!member.available && <Tag>{t('development.reception.paused')}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('development.reception.today')}{' '}{member.todayReceptions}
                  </Typography.Text>
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
      {editing && rotation && <RotationEditor rotation={rotation} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function RotationEditor({ rotation, onClose }: { rotation: Rotation; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [members, setMembers] = useState(rotation.members.map((member) => ({ userId: member.userId, name: member.name })));
  const [adding, setAdding] = useState<number | undefined>();
  const save = useMutation({
    mutationFn: () => putRotation(rotation.unitId, members.map((member) => ({ userId: member.userId }))),
    onSuccess: (data) => {
      queryClient.setQueryData(rotationQueryKey(), data);
      message.success(t('development.reception.rotationSaved'));
      onClose();
    },
  });
  const move = (index: number, delta: number) => {
    const next = [...members];
    const [item] = next.splice(index, 1);
    next.splice(index + delta, 0, item!);
    setMembers(next);
  };

  return (
    <Modal open title={t('development.reception.rotationOrder', { unitName: rotation.unitName })} okText={t('common.save')} onOk={() => save.mutate()} confirmLoading={save.isPending} onCancel={onClose}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('development.reception.newVisitorsGoRoundIn')}
              </Typography.Paragraph>
      <List
        size="small"
        bordered
        dataSource={members}
        locale={{ emptyText: t('development.reception.nobodyYet') }}
        renderItem={(member, index) => (
          <List.Item
            actions={[
              <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('development.reception.moveUp')} />,
              <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === members.length - 1} onClick={() => move(index, 1)} aria-label={t('development.reception.moveDown')} />,
              <Button
                key="remove"
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => setMembers(members.filter((other) => other.userId !== member.userId))}
                aria-label={t('development.reception.remove')}
              />,
            ]}
          >
            {index + 1}. {member.name}
          </List.Item>
        )}
      />
      <Flex gap={8} style={{ marginTop: 12 }}>
        <UserSelect aria-label={t('development.reception.addASpecialistOfThis')}
          style={{ flex: 1 }}
          value={adding}
          onChange={(value, option) => {
            setAdding(undefined);
            const label = (Array.isArray(option) ? option[0] : option)?.label;
            if (value && !members.some((member) => member.userId === value)) {
              setMembers([...members, { userId: value, name: String(label ?? value).replace(/（.*）$/, '') }]);
            }
          }}
          placeholder={t('development.reception.addASpecialistOfThis')}
        />
      </Flex>
    </Modal>
  );
}
