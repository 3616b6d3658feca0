import type { DatasetSource } from './source.js';

/** The parts of a source a wrapper may replace; the rest reach the wrapped source. */
export type SourceOverrides = Partial<Pick<DatasetSource, 'entries' | 'read' | 'close'>>;

/**
 * `source` with some of its methods replaced (a listing that goes on from a decision, a counted
 * or gated one). Sources are class instances, so a spread would lose their methods: each one not
 * replaced is bound here instead.
 */
export function wrapSource(source: DatasetSource, overrides: SourceOverrides): DatasetSource {
  return {
    kind: source.kind,
    path: source.path,
    list: (segments) => source.list(segments),
    entries: overrides.entries ?? ((signal) => source.entries(signal)),
    read: overrides.read ?? ((path) => source.read(path)),
    close: overrides.close ?? (() => source.close()),
  };
}
