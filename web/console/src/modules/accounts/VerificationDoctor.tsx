import { Alert, Descriptions, Typography } from 'antd';
import { useI18n, type StringKey } from '../../lib/i18n.tsx';

/** The server's VerificationReport (modules/callbacks/verify-server-url.ts), as error details carry it. */
export interface VerificationReport {
  reason: string | null;
  message: string;
  request_url: string;
  echostr: string;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number;
}

/**
 * Names the likely cause: a 4xx whose body talks about the signature (or a
 * 401/403) almost always means the two sides hold different Tokens.
 */
export function diagnose(report: VerificationReport): StringKey {
  if (
    report.reason === 'http_status' &&
    (report.response_status === 401 ||
      report.response_status === 403 ||
      /sign|token/i.test(report.response_body ?? ''))
  )
    return 'reason_wrong_token';
  const known: Record<string, StringKey> = {
    wrong_echostr: 'reason_wrong_echostr',
    http_status: 'reason_http_status',
    timeout: 'reason_timeout',
    network: 'reason_network',
    tls: 'reason_tls',
    blocked: 'reason_blocked',
    too_large: 'reason_too_large',
  };
  return known[report.reason ?? ''] ?? 'reason_network';
}

/** When the echostr check fails: what was sent, what came back and why. */
export function VerificationDoctor({ report }: { report: VerificationReport }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="verification-doctor"
      style={{ marginBottom: 16 }}
      message={t('doctorTitle')}
      description={
        <>
          <Typography.Paragraph strong data-testid="doctor-why">
            {t('doctorWhy')}: {t(diagnose(report))}
          </Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('doctorSent')}>
              <span className="mono">GET {report.request_url}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('doctorExpected')}>
              <span className="mono">HTTP 200 · {report.echostr}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('doctorGot')}>
              {report.response_status === null ? (
                t('noAnswer')
              ) : (
                <span className="mono" data-testid="doctor-got">
                  HTTP {report.response_status} · {report.response_body || '""'}
                </span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('doctorTime')}>{report.duration_ms} ms</Descriptions.Item>
            <Descriptions.Item label="message">{report.message}</Descriptions.Item>
          </Descriptions>
        </>
      }
    />
  );
}
