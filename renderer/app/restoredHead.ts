import { HEAD_PRESETS, type HeadConfig, type HeadPreset } from '../../src/common/training.js';

/**
 * The head preset a reopened project's head is, for the head selector. A head recorded before a
 * preset changed (the default before it became an ensemble of three) matches its preset in all
 * but `members`: it is taken as that preset, as defined now, so what the selector names is what
 * trains. A head that matches no preset at all (only the CLI makes those) becomes the default.
 */
export function restoredHead(head: HeadConfig): { preset: HeadPreset; head: HeadConfig } {
  const presets = Object.entries(HEAD_PRESETS) as [HeadPreset, HeadConfig][];
  const exact = presets.find(([, preset]) => sameHead(preset, head, true));
  if (exact) return { preset: exact[0], head };
  const [preset, config] = presets.find(([, p]) => sameHead(p, head, false)) ?? [
    'default',
    HEAD_PRESETS.default,
  ];
  return { preset, head: config };
}

function sameHead(a: HeadConfig, b: HeadConfig, withMembers: boolean): boolean {
  return (
    a.pooling === b.pooling &&
    a.dropout === b.dropout &&
    (a.standardize ?? false) === (b.standardize ?? false) &&
    a.hidden.length === b.hidden.length &&
    a.hidden.every((units, i) => units === b.hidden[i]) &&
    (!withMembers || (a.members ?? 1) === (b.members ?? 1))
  );
}
