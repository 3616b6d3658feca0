import { AppError } from '../../../common/errors.js';
import { readValidationTexts } from '../text/textModelFolder.js';
import type { Parity } from './parity.js';

export interface ProbeTexts {
  texts: string[];
  kind: Extract<Parity['inputs'], 'validation texts' | 'sample texts'>;
}

/**
 * Texts of the kinds a page will be handed, for a model whose folder did not record the texts
 * it was validated on: plain, empty, punctuation, non-Latin scripts, emoji, and longer than the
 * encoder reads (its tail is cut).
 */
export const SAMPLE_TEXTS: readonly string[] = [
  'The service was quick and the food was excellent.',
  'I waited an hour and nobody answered my emails.',
  'Meeting moved to Thursday at 10:30, room 4B.',
  'WIN A FREE CRUISE!!! Click now >>> http://example.com/offer',
  '',
  '   ',
  'ok',
  "Don't stop — it's 5 o'clock somewhere; prices from $19.99 (50% off).",
  'Café crème, naïve résumé, ＦＵＬＬＷＩＤＴＨ and ﬁ ligatures.',
  '日本語の文章です。',
  'Русский текст для проверки.',
  'emoji 😀🎉👍🏽 and flags 🇫🇷',
  'tabs\tand\nnew lines\r\nmixed',
  Array.from({ length: 120 }, (_, i) => `sentence ${i} about the weather and the markets.`).join(
    ' ',
  ),
];

/** The model's own validation texts (at most `limit`) when its folder has them; else SAMPLE_TEXTS. */
export async function probeTexts(modelDir: string, limit = 200): Promise<ProbeTexts> {
  const validation = await readValidationTexts(modelDir).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
    throw error;
  });
  if (validation.length > 0)
    return { texts: validation.slice(0, limit).map((e) => e.text), kind: 'validation texts' };
  return { texts: [...SAMPLE_TEXTS], kind: 'sample texts' };
}
