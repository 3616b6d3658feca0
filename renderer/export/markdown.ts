/**
 * The small part of Markdown a model card uses, parsed to plain data that React renders as text:
 * headings, paragraphs, lists, fenced code and tables, with `code`, **bold** and links inline.
 * Nothing is ever handed to the page as HTML, so a class named "<img onerror=…>" stays text.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; language: string; text: string }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const FENCE = /^```\s*([\w+-]*)\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      const stop = end < 0 ? lines.length : end;
      blocks.push({
        kind: 'code',
        language: fence[1] ?? '',
        text: lines.slice(i + 1, stop).join('\n'),
      });
      i = stop + 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(4, heading[1]?.length ?? 1) as 1 | 2 | 3 | 4;
      blocks.push({ kind: 'heading', level, inlines: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (line.trimStart().startsWith('|') && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const body = takeWhile(lines, i + 2, (l) => l.trimStart().startsWith('|'));
      blocks.push({
        kind: 'table',
        header: tableCells(line).map(parseInline),
        rows: body.map((row) => tableCells(row).map(parseInline)),
      });
      i += 2 + body.length;
      continue;
    }
    const ordered = NUMBERED.test(line);
    if (ordered || BULLET.test(line)) {
      const marker = ordered ? NUMBERED : BULLET;
      const items = takeWhile(lines, i, (l) => marker.test(l));
      blocks.push({
        kind: 'list',
        ordered,
        items: items.map((l) => parseInline(marker.exec(l)?.[1] ?? '')),
      });
      i += items.length;
      continue;
    }
    // A line that starts nothing else (a lone "|" line too) opens a paragraph.
    const paragraph = [line, ...takeWhile(lines, i + 1, (l) => l.trim() !== '' && !startsBlock(l))];
    blocks.push({ kind: 'paragraph', inlines: parseInline(paragraph.join(' ').trim()) });
    i += paragraph.length;
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    BULLET.test(line) ||
    NUMBERED.test(line) ||
    line.trimStart().startsWith('|')
  );
}

function takeWhile(lines: readonly string[], from: number, keep: (line: string) => boolean) {
  const taken: string[] = [];
  for (let j = from; j < lines.length && keep(lines[j] ?? ''); j++) taken.push(lines[j] ?? '');
  return taken;
}

function tableCells(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return trimmed.split('|').map((cell) => cell.trim());
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Inline code, bold and links; everything else is text, character for character. */
export function parseInline(text: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    const [, code, strong, label, href] = match;
    if (code !== undefined) parts.push({ kind: 'code', text: code });
    else if (strong !== undefined) parts.push({ kind: 'strong', text: strong });
    else if (label !== undefined && href !== undefined)
      parts.push(
        safeHref(href)
          ? { kind: 'link', text: label, href }
          : { kind: 'text', text: `${label} (${href})` },
      );
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Only web links open: a javascript: or data: link in a card would run in the app's page. */
function safeHref(href: string): boolean {
  return /^https?:\/\//i.test(href);
}
