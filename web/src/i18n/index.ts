import { ref } from 'vue';
import { en } from './en.ts';
import { zhCN, type MessageKey, type Messages } from './zh-CN.ts';

export type { MessageKey } from './zh-CN.ts';

export const locales = { 'zh-CN': zhCN, en } as const satisfies Record<
  string,
  Messages
>;

export type Locale = keyof typeof locales;

const storageKey = 'hotline.locale';

function readStoredLocale(): Locale {
  const stored = window.localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'zh-CN';
}

/** Current language; Chinese unless the user switched and it was stored. */
export const locale = ref<Locale>(readStoredLocale());

/** Sets the language of the app and remembers it in this browser. */
export function setLocale(next: Locale): void {
  locale.value = next;
  window.localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
}

/**
 * Returns the message for `key` in the current language with each
 * `{name}` replaced by `params[name]`. Reads `locale`, so templates that
 * call it re-render when the language changes.
 */
export function t(
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const template = locales[locale.value][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}

/** Looks up a message whose key is built at run time, e.g. a status. */
export function translateOptional(
  prefix: string,
  value: string | null | undefined,
): string {
  if (value === null || value === undefined || value === '') {
    return t('app.none');
  }
  const key = `${prefix}.${value}`;
  if (key in zhCN) return t(key as MessageKey);
  return value;
}

/** Formats a 0–1 share as a whole percent in the current language. */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(locale.value, {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(share);
}

/**
 * Formats a stored time for display. Times with a zone (creation times,
 * UTC) are shown in the browser's zone; times without one are receipt
 * times in local China time and are shown as written, to the minute.
 */
export function formatTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return t('app.none');
  }
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(value)) {
    return value.replace('T', ' ').slice(0, 16);
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return value;
  return new Intl.DateTimeFormat(locale.value, {
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(time);
}
