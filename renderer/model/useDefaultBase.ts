import { useEffect } from 'react';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { useWorkspace } from '../app/workspace.js';

/**
 * Chooses the default base (the engine lists it first among the usable packs) when none is chosen
 * yet, so a student can go from Data straight to Train without visiting the Model screen.
 */
export function useDefaultBase(): void {
  const { state, dispatch } = useWorkspace();
  const chosen = state.base !== undefined;
  // No packs listed: the Train screen says a base is needed, the Model screen says why.
  const models = useBridgeQuery('bases.list', chosen ? undefined : {}).data;
  const first = models?.packs.find((p) => !p.problem && p.architecture)?.path;
  useEffect(() => {
    if (!chosen && first) dispatch({ type: 'base', base: first });
  }, [chosen, first, dispatch]);
}
