import { en } from './en';
import { zh, type MessageKey, type Messages } from './zh';

export type Locale = 'zh' | 'en';

export const MESSAGES: Record<Locale, Messages> = { zh, en };

const STORAGE_KEY = 'changan.locale';

/** Chinese unless the user chose English before; storage may be unavailable (private mode). */
export function readStoredLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisting is acceptable: the choice still holds for this page.
  }
}

export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

/** `{name}` placeholders are replaced; numbers are grouped for the locale (12,345). */
export function createTranslator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  const numbers = new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US');
  return (key, params) => {
    const text = messages[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

/** For values from the server (light, weather, vehicle type): a message key only if we have one. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES.zh, key);
}

/** `key` said in the user's language when the client knows it (a road class, a rule the API named); else `fallback`. */
export function translateOr(t: Translate, key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback;
}
