/**
 * A word as search compares it, the same at build time (the archive's common words,
 * src/search/common-words.ts) and on the search page: lower case, letters and digits only.
 */
export const termOf = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
