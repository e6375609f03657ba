import { num, strings } from './common.js';
import { dataUrlFormats, imageUrls, markdownImageUrls } from './image-refs.js';

const ACK_TERMS = [
  'image',
  'picture',
  'photo',
  'see',
  'shows',
  'appears',
  'visible',
  'display',
  'color',
  'pixel',
];

/** What janus-bench scores an image whose format passes, as it runs without its optional CLIP extra. */
export const JANUS_NO_CLIP_SCORE = 0.8;

function urlFormat(url: string): string {
  const trimmed = url.split('?')[0]!.split('#')[0]!;
  return trimmed.includes('.') ? trimmed.slice(trimmed.lastIndexOf('.') + 1).toLowerCase() : '';
}

function imageGeneration(text: string, ev: Record<string, unknown>): { score: number; reason: string } {
  const candidates: { type: 'base64' | 'url'; format: string }[] = [];
  for (const format of dataUrlFormats(text)) candidates.push({ type: 'base64', format });
  for (const url of markdownImageUrls(text)) candidates.push({ type: 'url', format: urlFormat(url) });
  for (const url of imageUrls(text)) candidates.push({ type: 'url', format: urlFormat(url) });
  if (!candidates.length) return { score: 0, reason: 'no image found' };
  const candidate = candidates.find((c) => c.type === 'base64') ?? candidates[0]!;
  const allowed =
    typeof ev.check_format === 'string'
      ? ev.check_format
          .split('|')
          .map((f) => f.trim().toLowerCase())
          .filter(Boolean)
      : [];
  if (allowed.length && candidate.format && !allowed.includes(candidate.format.toLowerCase())) {
    return { score: 0.2, reason: `format ${candidate.format} not in ${allowed.join('|')}` };
  }
  return { score: JANUS_NO_CLIP_SCORE, reason: 'image found; CLIP not installed' };
}

/** janus `score_multimodal`, dispatched on the multimodal sub-type (default: image acknowledgement). */
export function scoreMultimodal(
  text: string,
  imageInput: boolean,
  keywords: string[] | undefined,
  type: string,
  ev: Record<string, unknown>,
  meta: Record<string, unknown>,
): { score: number; reason: string } {
  const response = text.trim();
  if (!response) return { score: 0, reason: 'empty response' };
  const lower = response.toLowerCase();
  const has = (s: string) => lower.includes(s.toLowerCase());
  switch (type) {
    case 'image_generation':
      return imageGeneration(response, ev);
    case 'image_understanding': {
      const expected = strings(ev.expected_elements);
      const min = num(ev.min_matches, 1);
      if (!expected.length) return { score: 0.5, reason: 'no expected elements' };
      const matches = expected.filter(has).length;
      if (matches >= min) return { score: 1, reason: `${matches} elements found` };
      return { score: matches && min > 0 ? matches / min : 0, reason: `${matches}/${min} elements found` };
    }
    case 'mixed_media': {
      const expected = strings(ev.expected);
      if (!expected.length) return { score: 0.5, reason: 'no expectations' };
      if ((ev.type ?? 'contains_any') !== 'contains_any')
        return { score: 0.5, reason: 'unknown evaluation type' };
      return expected.some(has)
        ? { score: 1, reason: 'expected item found' }
        : { score: 0, reason: 'no expected item found' };
    }
    case 'modality_routing': {
      const behavior = (meta.expected_behavior ?? ev.expected_behavior) as string | undefined;
      const indicators = (ev.indicators ?? {}) as Record<string, unknown>;
      if (!behavior || !Object.keys(indicators).length)
        return { score: 0, reason: 'no expected behavior or indicators' };
      if (strings(indicators[behavior]).some(has))
        return { score: 1, reason: `indicator of ${behavior} found` };
      for (const [b, list] of Object.entries(indicators)) {
        if (b !== behavior && strings(list).some(has)) return { score: 0, reason: `indicator of ${b} found` };
      }
      return { score: 0.5, reason: 'no indicator found' };
    }
    default: {
      if (!imageInput) return { score: 1, reason: 'no image input' };
      if (!ACK_TERMS.some(has)) return { score: 0.2, reason: 'image not acknowledged' };
      if (keywords?.length) {
        const matches = keywords.filter(has).length;
        return {
          score: 0.5 + 0.5 * (matches / keywords.length),
          reason: `${matches}/${keywords.length} keywords`,
        };
      }
      return { score: 0.8, reason: 'image acknowledged' };
    }
  }
}
