import type { Bridge } from '../../src/common/contract/bridge.js';

/**
 * Saves an export or hand-in the engine wrote as a browser download: a web page cannot open the
 * engine's folders, so the bytes come over the contract in bounded chunks (the engine refuses any
 * path it did not write itself) and are handed to the browser as one file.
 */
export async function downloadOutput(bridge: Bridge, path: string): Promise<string> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const chunk = await bridge.call('output.download', { path, offset });
    const bytes = fromBase64(chunk.base64);
    parts.push(bytes);
    offset += bytes.length;
    if (offset >= chunk.size || bytes.length === 0) {
      save(new Blob(parts, { type: 'application/zip' }), chunk.name);
      return chunk.name;
    }
  }
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; free the memory afterwards.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
