import { join } from 'node:path';
import { packTestEnv } from '../src/node/testing/testEnv.js';

/**
 * The engine's environment for a flow on the test's own model pack (written into `dir/store`):
 * every folder the engine writes is inside `dir`, and the repository's bundled ImageNet packs stay
 * out, so the flow sees exactly one base and nothing of the machine it runs on.
 */
export function testPackEnv(dir: string, backend: 'cpu' | 'wasm' = 'cpu'): Record<string, string> {
  return {
    TRANSFER_STUDIO_BACKEND: backend,
    ...packTestEnv(dir),
    TRANSFER_STUDIO_RUNS: join(dir, 'runs'),
    TRANSFER_STUDIO_UPLOADS: join(dir, 'uploads'),
  };
}
