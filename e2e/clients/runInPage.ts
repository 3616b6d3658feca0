import type { Page } from '@playwright/test';

/** The few DOM types the page functions use (the e2e TypeScript project has no DOM library). */
interface PageImage {
  src: string;
  decode(): Promise<void>;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  } | null;
}
type PageWindow = { Image: new () => PageImage };

/**
 * Runs a client snippet in the page (code that defines `async function classify(image)`, as in
 * the model card) and classifies each image URL the way a page would: an <img> element loading
 * the file itself, decoded by the browser, handed to `classify`.
 */
export async function classifyInPage(
  page: Page,
  snippet: string,
  imageUrls: readonly string[],
): Promise<number[][]> {
  return page.evaluate(
    async ({ snippet, imageUrls }) => {
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
        body: string,
      ) => () => Promise<(image: PageImage) => Promise<number[]>>;
      const { Image } = globalThis as unknown as PageWindow;
      const classify = await new AsyncFunction(`${snippet}\nreturn classify;`)();
      const results: number[][] = [];
      for (const url of imageUrls) {
        const image = new Image();
        image.src = url;
        await image.decode();
        results.push(Array.from(await classify(image)));
      }
      return results;
    },
    { snippet, imageUrls },
  );
}

/**
 * The RGB bytes a browser hands to `tf.browser.fromPixels` for each image, drawn by
 * `toModelCanvasSource` (the model card's function): the pixels to set beside the app's own.
 */
export async function canvasPixelsInPage(
  page: Page,
  toModelCanvasSource: string,
  imageUrls: readonly string[],
): Promise<number[][]> {
  return page.evaluate(
    async ({ source, imageUrls }) => {
      const toModelCanvas = new Function(`${source}\nreturn toModelCanvas;`)() as (
        image: PageImage,
      ) => PageCanvas;
      const { Image } = globalThis as unknown as PageWindow;
      const results: number[][] = [];
      for (const url of imageUrls) {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = toModelCanvas(image);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d context');
        const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
        results.push(Array.from(rgba.filter((_, i) => i % 4 !== 3)));
      }
      return results;
    },
    { source: toModelCanvasSource, imageUrls },
  );
}

/** Share of rows whose largest entry is at the same index. */
export function topOneAgreement(app: readonly number[][], client: readonly number[][]): number {
  if (app.length !== client.length || app.length === 0) return 0;
  let same = 0;
  app.forEach((row, i) => {
    if (argMax(row) === argMax(client[i] ?? [])) same++;
  });
  return same / app.length;
}

export function argMax(values: readonly number[]): number {
  let best = 0;
  values.forEach((value, i) => {
    if (value > (values[best] ?? -Infinity)) best = i;
  });
  return best;
}
