import { SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Modal, Progress, Result, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { getAuditVerification, startAuditVerification, type AuditVerification } from './audit-api';

/**
 * 校验哈希链: starts the full verification on the server (a background job, minutes at millions
 * of records), shows its progress and then the verdict. Closing the dialog leaves it running.
 */
export function VerifyChainButton() {
  const t = useT();
  const [runId, setRunId] = useState<number | null>(null);
  const start = useMutation({ mutationFn: startAuditVerification, onSuccess: (run) => setRunId(run.id) });
  const run = useQuery({
    queryKey: ['audit-events', 'verification', runId],
    queryFn: () => getAuditVerification(runId!),
    enabled: runId !== null,
    initialData: start.data?.id === runId ? start.data : undefined,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
  const close = () => {
    setRunId(null);
    start.reset();
  };

  return (
    <>
      <Button icon={<SafetyOutlined />} loading={start.isPending} onClick={() => start.mutate()} data-testid="audit-verify">
        {t('audit.verify')}
      </Button>
      <Modal open={runId !== null && run.data !== undefined} footer={null} onCancel={close} width={480}>
        {run.data && <VerificationState verification={run.data} onClose={close} />}
      </Modal>
    </>
  );
}

function VerificationState({ verification, onClose }: { verification: AuditVerification; onClose: () => void }) {
  const t = useT();
  const ok = (
    <Button type="primary" onClick={onClose}>
      {t('common.ok')}
    </Button>
  );
  if (verification.status === 'running') {
    const total = verification.total ?? 0;
    const percent = total > 0 ? Math.floor((verification.progress / total) * 100) : 0;
    return (
      <Result
        icon={<Progress type="circle" percent={percent} size={96} />}
        title={t('audit.verifyRunning')}
        subTitle={
          <>
            {verification.total !== null && t('audit.verifyProgress', { done: verification.progress.toLocaleString(), total: total.toLocaleString() })}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('audit.verifyBackground')}
            </Typography.Paragraph>
          </>
        }
        extra={ok}
        data-testid="audit-verify-progress"
      />
    );
  }
  const result = verification.result;
  if (!result) {
    return <Result status="warning" title={t('audit.verifyInterrupted', { error: verification.error ?? '' })} extra={ok} data-testid="audit-verify-result" />;
  }
  return (
    <Result
      status={result.ok ? 'success' : 'error'}
      title={result.ok ? t('audit.verifyOk') : t('audit.verifyBroken')}
      subTitle={
        result.ok
          ? t('audit.verifyOkDetail', { checked: result.checked })
          : t(result.problem === 'missing' ? 'audit.verifyMissingDetail' : 'audit.verifyBrokenDetail', { checked: result.checked, id: result.brokenAtId ?? '?' })
      }
      extra={ok}
      data-testid="audit-verify-result"
    />
  );
}
