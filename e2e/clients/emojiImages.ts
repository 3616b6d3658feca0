import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { seededRandom, type Random } from '../../src/common/random.js';

/**
 * Emoji-like stickers as people export them from drawing apps: a figure on a transparent
 * background, anti-aliased edges, a soft shadow and a translucent glow (partially transparent
 * pixels whose colour a browser keeps while it drops their alpha). Each sticker is also written
 * as an opaque JPEG on a light backdrop, the other kind of image users feed a classifier, into
 * the same class folder: a model trained on both kinds is not guessing on either.
 */
export const EMOJI_CLASSES = ['smiley', 'heart', 'star'] as const;
type EmojiClass = (typeof EMOJI_CLASSES)[number];

export interface WrittenEmoji {
  label: EmojiClass;
  /** Path relative to the dataset folder (`<label>/<name>.png`). */
  png: string;
  /** The same drawing on an opaque backdrop (`<label>/<name>.jpg`). */
  jpeg: string;
}

/** Writes `perClass` transparent PNGs per class under `dataset/<class>/`, and their JPEG twins. */
export async function writeEmojiImages(
  dataset: string,
  perClass: number,
  seed = 19,
): Promise<WrittenEmoji[]> {
  const random = seededRandom(seed);
  const written: WrittenEmoji[] = [];
  for (const label of EMOJI_CLASSES) {
    await mkdir(join(dataset, label), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const name = `${label}-${String(i).padStart(3, '0')}`;
      const { svg, backdrop } = emojiSvg(label, random);
      const png = await sharp(Buffer.from(svg)).png().toBuffer();
      const jpeg = await sharp(png)
        .flatten({ background: backdrop })
        .jpeg({ quality: 90 })
        .toBuffer();
      await writeFile(join(dataset, label, `${name}.png`), png);
      await writeFile(join(dataset, label, `${name}.jpg`), jpeg);
      written.push({ label, png: `${label}/${name}.png`, jpeg: `${label}/${name}.jpg` });
    }
  }
  return written;
}

function emojiSvg(label: EmojiClass, random: Random): { svg: string; backdrop: string } {
  // 96–320 px, not always square: the clients' centre crop and the app's must meet.
  const width = Math.round(96 + random() * 224);
  const height = Math.round(width * (0.8 + random() * 0.45));
  const side = Math.min(width, height);
  const r = side * (0.28 + random() * 0.14);
  const cx = width / 2 + (random() - 0.5) * (width - 2 * r) * 0.5;
  const cy = height / 2 + (random() - 0.5) * (height - 2 * r) * 0.5;
  const hue = Math.floor(random() * 360);
  // Dark and light fills alike: a dark figure is where "transparent becomes black" bites.
  const fill = `hsl(${hue}, ${55 + random() * 40}%, ${18 + random() * 55}%)`;
  const glow = `hsla(${(hue + 40) % 360}, 90%, 60%, ${(0.3 + random() * 0.35).toFixed(2)})`;
  const shadow = `<ellipse cx="${cx + r * 0.12}" cy="${cy + r * 0.15}" rx="${r * 1.05}" ry="${r * 1.05}" fill="rgba(0,0,0,0.25)"/>`;
  const halo = `<circle cx="${cx}" cy="${cy}" r="${r * 1.3}" fill="${glow}"/>`;
  const figure = FIGURES[label](cx, cy, r, fill);
  const backdrop = `hsl(${Math.floor(random() * 360)}, 30%, ${80 + random() * 15}%)`;
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${halo}${shadow}${figure}</svg>`,
    backdrop: hslToHex(backdrop),
  };
}

const FIGURES: Record<EmojiClass, (cx: number, cy: number, r: number, fill: string) => string> = {
  smiley: (cx, cy, r, fill) =>
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" stroke="#222" stroke-width="${r * 0.06}"/>` +
    `<circle cx="${cx - r * 0.35}" cy="${cy - r * 0.25}" r="${r * 0.12}" fill="#fff"/>` +
    `<circle cx="${cx + r * 0.35}" cy="${cy - r * 0.25}" r="${r * 0.12}" fill="#fff"/>` +
    `<path d="M${cx - r * 0.5} ${cy + r * 0.2} Q${cx} ${cy + r * 0.75} ${cx + r * 0.5} ${cy + r * 0.2}" stroke="#fff" stroke-width="${r * 0.1}" fill="none"/>`,
  heart: (cx, cy, r, fill) =>
    `<path d="M${cx} ${cy + r} C${cx - r * 1.6} ${cy - r * 0.1} ${cx - r * 0.6} ${cy - r * 1.3} ${cx} ${cy - r * 0.45} C${cx + r * 0.6} ${cy - r * 1.3} ${cx + r * 1.6} ${cy - r * 0.1} ${cx} ${cy + r}Z" fill="${fill}"/>`,
  star: (cx, cy, r, fill) => {
    const points = Array.from({ length: 10 }, (_, k) => {
      const radius = k % 2 === 0 ? r : r * 0.45;
      const angle = (Math.PI / 5) * k - Math.PI / 2;
      return `${(cx + radius * Math.cos(angle)).toFixed(1)},${(cy + radius * Math.sin(angle)).toFixed(1)}`;
    });
    return `<polygon points="${points.join(' ')}" fill="${fill}"/>`;
  },
};

/** sharp's flatten takes a hex colour; the backdrops are drawn in HSL. */
function hslToHex(hsl: string): string {
  const [h = 0, s = 0, l = 0] = (hsl.match(/[\d.]+/g) ?? []).map(Number);
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/**
 * The opaque twin framed wider, as a webcam or phone photo frames a subject: 16:9, the drawing in
 * the middle, its edge pixels repeated sideways. A centre crop sees about the original; a client
 * that squashes the whole frame to a square sees the figure narrowed by a third or more.
 */
export async function writeWideFrame(jpeg: string, out: string): Promise<void> {
  const image = sharp(jpeg);
  const { width = 0, height = 0 } = await image.metadata();
  const side = Math.max(0, Math.round((height * 16) / 9) - width);
  await mkdir(dirname(out), { recursive: true });
  await image
    .extend({ left: Math.floor(side / 2), right: Math.ceil(side / 2), extendWith: 'copy' })
    .jpeg({ quality: 90 })
    .toFile(out);
}
