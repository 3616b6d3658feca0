import { useState } from 'react';
import { useBridgeQuery } from '../app/useBridgeQuery.js';

/**
 * On demand, for one evaluated image: where the model looked for the class it predicted, so a
 * mistake shows what misled it. Asked only once the card's button is pressed.
 */
export function useLookedOnDemand(
  modelDir: string | undefined,
  dataset: string,
  path: string | undefined,
  predicted: string,
) {
  const [on, setOn] = useState(false);
  const available = modelDir !== undefined && path !== undefined && dataset !== '';
  const { data, loading, error } = useBridgeQuery(
    'model.explain',
    on && available ? { modelDir, images: [path], dataset, class: predicted } : undefined,
  );
  return {
    on,
    available,
    toggle: () => setOn((was) => !was),
    overlay: on ? data?.[0]?.overlay : undefined,
    loading: on && loading,
    error: on ? error : undefined,
  };
}
