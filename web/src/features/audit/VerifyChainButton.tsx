import { SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Modal, Result } from 'antd';
import { useT } from '../../app/i18n/LocaleProvider';
import { verifyAuditChain } from './audit-api';

/** 校验哈希链: asks the server to recompute the chain and shows the verdict. */
export function VerifyChainButton() {
  const t = useT();
  const verification = useMutation({ mutationFn: verifyAuditChain });
  const result = verification.data;

  return (
    <>
      <Button icon={<SafetyOutlined />} loading={verification.isPending} onClick={() => verification.mutate()} data-testid="audit-verify">
        {t('audit.verify')}
      </Button>
      <Modal open={result !== undefined} footer={null} onCancel={() => verification.reset()} width={480}>
        {result && (
          <Result
            status={result.ok ? 'success' : 'error'}
            title={result.ok ? t('audit.verifyOk') : t('audit.verifyBroken')}
            subTitle={
              result.ok
                ? t('audit.verifyOkDetail', { checked: result.checked })
                : t(result.problem === 'missing' ? 'audit.verifyMissingDetail' : 'audit.verifyBrokenDetail', { checked: result.checked, id: result.brokenAtId ?? '?' })
            }
            extra={
              <Button type="primary" onClick={() => verification.reset()}>
                {t('common.ok')}
              </Button>
            }
            data-testid="audit-verify-result"
          />
        )}
      </Modal>
    </>
  );
}
