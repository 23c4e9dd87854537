import { Alert } from 'antd';
import type { ApiError } from './api.ts';
import { useI18n } from './i18n.tsx';

/** An API error as an alert: the server's message says what to do next. */
export function ErrorAlert({ error }: { error: ApiError | undefined | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      message={error.code === 'CONSOLE_FORBIDDEN' ? t('forbidden') : error.code}
      description={error.message}
    />
  );
}
