import { useI18n } from '../i18n/context';
import { LOCALES, type Locale } from '../i18n/messages';
import { Segmented } from './Segmented';

/** NL | EN before sign-in: changes the interface at once and is remembered on this device. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      legend={t('lang.label')}
      hideLegend
      size="small"
      value={locale}
      onChange={setLocale}
      options={LOCALES.map((value) => ({ value, label: t(`lang.${value}`), short: value.toUpperCase(), lang: value }))}
    />
  );
}
