import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Button, Card, Empty, Flex, List, Modal, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import { UserSelect } from '../../users/UserSelect';
import { putRotation, rotationQueryKey, setMemberAvailability, type Rotation } from './reception-api';

/** 今日轮流接待 (R-DEV-41): the order, who is next, owed turns; availability toggles for managers and oneself. */
export function RotationPanel({ rotation, loading }: { rotation: Rotation | undefined; loading: boolean }) {
  const { me, hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [editing, setEditing] = useState(false);
  const canAssign = hasPermission('development:assign');

  const toggle = useMutation({
    mutationFn: ({ userId, available }: { userId: number; available: boolean }) => setMemberAvailability(rotation!.unitId, userId, available),
    onSuccess: (data, variables) => {
      queryClient.setQueryData(rotationQueryKey(), data);
      message.success(variables.available ? '已恢复接待' : '已暂停接待，轮到时记为欠轮，回来后优先补上');
    },
  });

  return (
    <Card
      size="small"
      title={`今日轮流接待${rotation ? ` · ${rotation.unitName}` : ''}`}
      loading={loading}
      extra={
        canAssign && rotation ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            设置顺序
          </Button>
        ) : null
      }
    >
      {rotation && rotation.members.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canAssign ? '尚未设置轮流接待名单，请点「设置顺序」' : '尚未设置轮流接待名单，请联系部门经理'} />
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
                  <Tooltip title={member.available ? '可接待，点击暂停' : '暂停中，点击恢复'}>
                    <Switch
                      size="small"
                      checked={member.available}
                      disabled={!(canAssign || member.userId === me?.id) || !member.active}
                      loading={toggle.isPending && toggle.variables?.userId === member.userId}
                      onChange={(available) => toggle.mutate({ userId: member.userId, available })}
                      aria-label={`${member.name} 是否可接待`}
                    />
                  </Tooltip>
                }
              >
                <Flex gap={8} align="center" wrap>
                  <Typography.Text type="secondary">{member.position}.</Typography.Text>
                  <Typography.Text strong={next} delete={!member.active}>
                    {member.name}
                  </Typography.Text>
                  {next && <Tag color="blue">下一位</Tag>}
                  {member.owedTurns > 0 && <Tag color="orange">欠 {member.owedTurns} 轮</Tag>}
                  {!member.available && <Tag>暂停</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    今日 {member.todayReceptions}
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
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [members, setMembers] = useState(rotation.members.map((member) => ({ userId: member.userId, name: member.name })));
  const [adding, setAdding] = useState<number | undefined>();
  const save = useMutation({
    mutationFn: () => putRotation(rotation.unitId, members.map((member) => ({ userId: member.userId }))),
    onSuccess: (data) => {
      queryClient.setQueryData(rotationQueryKey(), data);
      message.success('轮流接待顺序已保存');
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
    <Modal open title={`设置轮流接待顺序 · ${rotation.unitName}`} okText="保存" onOk={() => save.mutate()} confirmLoading={save.isPending} onCancel={onClose}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        新访客按此顺序轮流分配；暂停接待的人轮到时记为欠轮，恢复后优先补上。移出名单的人欠轮作废。
      </Typography.Paragraph>
      <List
        size="small"
        bordered
        dataSource={members}
        locale={{ emptyText: '名单为空' }}
        renderItem={(member, index) => (
          <List.Item
            actions={[
              <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label="上移" />,
              <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === members.length - 1} onClick={() => move(index, 1)} aria-label="下移" />,
              <Button
                key="remove"
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => setMembers(members.filter((other) => other.userId !== member.userId))}
                aria-label="移出"
              />,
            ]}
          >
            {index + 1}. {member.name}
          </List.Item>
        )}
      />
      <Flex gap={8} style={{ marginTop: 12 }}>
        <UserSelect
          style={{ flex: 1 }}
          value={adding}
          onChange={(value, option) => {
            setAdding(undefined);
            const label = (Array.isArray(option) ? option[0] : option)?.label;
            if (value && !members.some((member) => member.userId === value)) {
              setMembers([...members, { userId: value, name: String(label ?? value).replace(/（.*）$/, '') }]);
            }
          }}
          placeholder="添加本单位的招商专员"
        />
      </Flex>
    </Modal>
  );
}
