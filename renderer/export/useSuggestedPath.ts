import { useCallback, useEffect, useState } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { useWorkspace } from '../app/workspace.js';

/**
 * The path field of an export or hand-in, filled with a free place under the app's exports
 * folder (named after the project), so nobody has to type one. `next` asks for a new free place
 * once the last one has been written to.
 */
export function useSuggestedPath(kind: 'export' | 'handIn') {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const name = state.project?.name;
  const [path, setPath] = useState('');
  const next = useCallback(
    () =>
      bridge.call('output.suggestPath', { kind, ...(name ? { name } : {}) }).then(
        (suggested) => setPath(suggested.path),
        // No suggestion (an older engine, a read-only home): the field stays for typing.
        () => undefined,
      ),
    [bridge, kind, name],
  );
  useEffect(() => {
    void next();
  }, [next]);
  return { path, setPath, next };
}
