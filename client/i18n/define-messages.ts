/**
 * A feature's words: Chinese (the default) and English under the same keys, which the type holds
 * together (a key missing in English does not compile). Keys start with the feature's prefix.
 */
export function defineMessages<Z extends Record<string, string>>(zh: Z, en: { [K in keyof Z]: string }) {
  return { zh, en };
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The keys of several features' words as one dictionary type. */
export type MergedMessages<T extends readonly { zh: Record<string, string> }[]> = UnionToIntersection<T[number]['zh']>;
