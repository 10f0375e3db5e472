import { CopyOutlined } from '@ant-design/icons';
import { App as AntdApp, Alert, Button, Flex, Modal, Typography } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';

/** Shows a reset password exactly once, with a copy button. */
export function TemporaryPasswordModal({ name, password, onClose }: { name: string; password: string; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      message.success(t('common.copied'));
    } catch {
      // Clipboard API blocked (plain http): select the text so Ctrl+C works.
      const element = document.querySelector('[data-testid=temporary-password]');
      if (element) window.getSelection()?.selectAllChildren(element);
    }
  };

  return (
    <Modal
      open
      title={t('users.resetTitle')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.ok')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('users.resetHint', { name })} style={{ marginBottom: 16 }} />
      <Flex align="center" gap={12} style={{ padding: '12px 16px', background: '#f5f7fa', borderRadius: 6 }}>
        <Typography.Text data-testid="temporary-password" style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 18, flex: 1, letterSpacing: 1 }}>
          {password}
        </Typography.Text>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="copy-temporary-password">
          {t('common.copy')}
        </Button>
      </Flex>
    </Modal>
  );
}
