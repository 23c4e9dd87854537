import { Tag } from 'antd';
import { useI18n } from '../../lib/i18n.tsx';

/** Type and verification, as WeChat's console shows them. */
export function AccountBadges({ type, verified }: { type: 'service' | 'subscription'; verified: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Tag color={type === 'service' ? 'green' : 'blue'}>{t(type)}</Tag>
      <Tag color={verified ? 'gold' : 'default'}>{verified ? t('verified') : t('unverified')}</Tag>
    </>
  );
}
