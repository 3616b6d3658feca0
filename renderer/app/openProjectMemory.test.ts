import { describe, expect, it } from 'vitest';
import { rememberedOpenProject, rememberOpenProject } from './openProjectMemory.js';

/** Storage as a browser tab has it, with the failures browsers really give (quota, blocked). */
class TabStorage {
  readonly items = new Map<string, string>();
  constructor(private readonly failing?: 'quota' | 'blocked') {}
  getItem(key: string): string | null {
    if (this.failing === 'blocked') throw new DOMException('The operation is insecure.');
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failing) throw new DOMException('Quota exceeded', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe('the project a reload reopens', () => {
  it('is the last one opened in the tab, and none once it is forgotten', () => {
    const tab = new TabStorage();
    expect(rememberedOpenProject(tab)).toBeUndefined();
    rememberOpenProject(tab, '/home/s/.transfer-studio/projects/fashion');
    rememberOpenProject(tab, '/home/s/.transfer-studio/projects/flowers 2');
    expect(rememberedOpenProject(tab)).toBe('/home/s/.transfer-studio/projects/flowers 2');
    rememberOpenProject(tab, undefined);
    expect(rememberedOpenProject(tab)).toBeUndefined();
    expect(tab.items.size).toBe(0);
  });

  it('costs nothing but the reopening when the storage is full, blocked or missing', () => {
    for (const tab of [new TabStorage('quota'), new TabStorage('blocked'), undefined]) {
      expect(() => rememberOpenProject(tab, '/p')).not.toThrow();
      expect(rememberedOpenProject(tab)).toBeUndefined();
    }
  });
});
