import { App as AntdApp, Modal } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';
import { ChangePasswordForm } from './ChangePasswordForm';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  return (
    <Modal open={open} title={t('password.title')} footer={null} onCancel={onClose} destroyOnHidden width={420}>
      <ChangePasswordForm
        onCancel={onClose}
        onDone={() => {
          message.success(t('password.changed'));
          onClose();
        }}
      />
    </Modal>
  );
}
