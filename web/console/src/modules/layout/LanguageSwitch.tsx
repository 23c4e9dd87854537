import { Segmented } from 'antd';
import { useI18n, type Lang } from '../../lib/i18n.tsx';

/** 中文 / English. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented
      aria-label={t('language')}
      size="small"
      value={lang}
      onChange={(v) => setLang(v as Lang)}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
