import { useEffect, useState } from 'react';
import type { Channel, RequestOf, ResponseOf } from '../../src/common/contract/contract.js';
import { useBridge } from './bridgeContext.js';

export interface BridgeQuery<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/**
 * Asks the engine for `channel` whenever the request (compared by value) or `refresh` changes,
 * and gives the latest answer. A request that is no longer current is cancelled and its answer
 * dropped, so a slow reply can never overwrite a newer one. `undefined` as the request asks nothing.
 */
export function useBridgeQuery<C extends Channel>(
  channel: C,
  request: RequestOf<C> | undefined,
  refresh: unknown = 0,
): BridgeQuery<ResponseOf<C>> {
  const bridge = useBridge();
  const key = request === undefined ? undefined : JSON.stringify(request);
  const [state, setState] = useState<BridgeQuery<ResponseOf<C>>>({
    data: undefined,
    error: undefined,
    loading: key !== undefined,
  });
  useEffect(() => {
    if (key === undefined) return;
    // A request no longer current is cancelled: the engine stops its work, its answer is dropped.
    const controller = new AbortController();
    const current = () => !controller.signal.aborted;
    setState((s) => ({ ...s, loading: true }));
    bridge.call(channel, JSON.parse(key) as RequestOf<C>, { signal: controller.signal }).then(
      (data) => current() && setState({ data, error: undefined, loading: false }),
      (e: Error) => current() && setState((s) => ({ ...s, error: e.message, loading: false })),
    );
    return () => controller.abort();
  }, [bridge, channel, key, refresh]);
  return state;
}
