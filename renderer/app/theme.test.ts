import { describe, expect, it } from 'vitest';
import { createAppTheme, resolvedMode, storedThemeChoice, storeThemeChoice } from './theme.js';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('theme choice', () => {
  it('follows the system until the user picks, and remembers the pick', () => {
    const storage = memoryStorage();
    expect(storedThemeChoice(storage)).toBe('system');
    expect(resolvedMode('system', true)).toBe('dark');
    expect(resolvedMode('system', false)).toBe('light');
    storeThemeChoice(storage, 'dark');
    expect(storedThemeChoice(storage)).toBe('dark');
    expect(resolvedMode('dark', false)).toBe('dark');
  });

  it('treats a missing storage or a stray value as "system"', () => {
    expect(storedThemeChoice(undefined)).toBe('system');
    const storage = memoryStorage();
    storage.setItem('transfer-studio.theme', 'purple');
    expect(storedThemeChoice(storage)).toBe('system');
  });

  it('keeps unselected tabs at full opacity in both modes', () => {
    for (const mode of ['light', 'dark'] as const) {
      const theme = createAppTheme(mode);
      expect(theme.palette.mode).toBe(mode);
      const root = theme.components?.MuiTab?.styleOverrides?.root as { opacity: number };
      expect(root.opacity).toBe(1);
    }
  });
});
