import { useEffect } from 'react';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { useWorkspace } from '../app/workspace.js';

/**
 * With a text dataset, the base is the installed text encoder (an image pack cannot read texts)
 * and fine-tuning has no epochs: the encoder is a frozen graph. Returns the encoder's listing.
 */
export function useTextBase() {
  const { state, dispatch } = useWorkspace();
  const text = state.dataset?.report.modality === 'text';
  const listed = useBridgeQuery('bases.list', text ? {} : undefined);
  const encoder = listed.data?.textBases?.[0];
  const { base, settings } = state;
  useEffect(() => {
    if (!text || !encoder) return;
    if (base !== encoder.id) dispatch({ type: 'base', base: encoder.id });
    if (settings.phase2.epochs !== 0)
      dispatch({
        type: 'settings',
        settings: { ...settings, phase2: { ...settings.phase2, epochs: 0 } },
      });
  }, [text, encoder, base, settings, dispatch]);
  return { encoder, error: listed.error, loading: listed.loading };
}
