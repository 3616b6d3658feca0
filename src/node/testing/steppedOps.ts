import { seededRandom } from '../../common/random.js';
import { distModule, SteppedChild } from './killHarness.js';

/**
 * Kill rounds for the file writers: a child runs one write through file operations that report
 * each step (`before k name`, `after k name`) and, in "pause" mode, wait for the parent's go
 * after each report. The parent kills after every step in turn, then at random moments inside
 * steps, spread over the step durations it measured on this machine.
 */

/** Child code: `ops` is realFileOps with every call reported (and paused on, in pause mode). */
function steppedOpsScript(write: string): string {
  return `
const { realFileOps } = await import(${JSON.stringify(distModule('src', 'node', 'adapters', 'files', 'fileOps.js'))});
const pausing = process.env.STEP_MODE === 'pause';
const say = (line) => { report(line + ' ' + performance.now()); if (pausing) pause(); };
let step = 0;
const ops = Object.fromEntries(
  Object.entries(realFileOps).map(([name, call]) => [name, async (...args) => {
    const k = step++;
    say('before ' + k + ' ' + name);
    try { return await call(...args); } finally { say('after ' + k + ' ' + name); }
  }]),
);
say('ready');
${write}
report('done');
`;
}

export interface KillRoundsOptions {
  /** Child code doing one write with `ops` (dynamic imports of dist/ modules allowed). */
  write: string;
  /** Puts the files back to the old version before each round. */
  reset: () => Promise<void>;
  /** Checks the files after a kill (recovering first, as the app would); returns a label to count. */
  check: () => Promise<string>;
  /** How many kills at random moments inside steps. */
  randomKills: number;
  seed?: number;
}

export interface KillRoundsResult {
  /** The steps of one write, with their measured durations (ms). */
  steps: { name: string; ms: number }[];
  /** Kills made after each step (and before the first). */
  stepKills: number;
  /** Random kills that landed while their step was still running (as the parent saw it). */
  killedInsideStep: number;
  randomKills: number;
  /** How many rounds each check label came up. */
  seen: Record<string, number>;
}

export async function runKillRounds(options: KillRoundsOptions): Promise<KillRoundsResult> {
  const script = steppedOpsScript(options.write);
  const seen: Record<string, number> = {};
  const count = (label: string) => (seen[label] = (seen[label] ?? 0) + 1);
  await options.reset();
  const steps = await measureSteps(script);
  await options.reset();
  for (let k = -1; k < steps.length; k++) {
    await killAfterStep(script, k);
    count(await options.check());
    await options.reset();
  }
  const random = seededRandom(options.seed ?? 2026);
  let inside = 0;
  for (let round = 0; round < options.randomKills; round++) {
    const k = Math.floor(random() * steps.length);
    const delay = random() * 1.5 * (steps[k]?.ms ?? 1);
    if (await killInsideStep(script, k, delay)) inside++;
    count(await options.check());
    await options.reset();
  }
  return {
    steps,
    stepKills: steps.length + 1,
    killedInsideStep: inside,
    randomKills: options.randomKills,
    seen,
  };
}

const timed = (line: string) => Number(line.split(' ').pop());

/** One write without pauses; the duration of each of its steps. */
async function measureSteps(script: string): Promise<{ name: string; ms: number }[]> {
  const child = SteppedChild.start(script, { ...process.env, STEP_MODE: 'time' });
  const begun = new Map<number, number>();
  const steps: { name: string; ms: number }[] = [];
  for (let line = await child.next(); line !== 'done'; line = await child.next()) {
    const [kind, k, name] = line.split(' ');
    if (kind === 'before') begun.set(Number(k), timed(line));
    if (kind === 'after')
      steps[Number(k)] = { name: name ?? '?', ms: timed(line) - (begun.get(Number(k)) ?? 0) };
  }
  await child.kill();
  return steps;
}

/** Kills the child while it waits right after step `k` (k = -1: before the first step). */
async function killAfterStep(script: string, k: number): Promise<void> {
  const child = SteppedChild.start(script, { ...process.env, STEP_MODE: 'pause' });
  const point = k < 0 ? 'ready' : `after ${k} `;
  while (!(await child.next()).startsWith(point)) child.proceed();
  await child.kill();
}

/** Lets step `k` start, kills `delayMs` later; true when the step had not reported its end. */
async function killInsideStep(script: string, k: number, delayMs: number): Promise<boolean> {
  const child = SteppedChild.start(script, { ...process.env, STEP_MODE: 'pause' });
  while (!(await child.next()).startsWith(`before ${k} `)) child.proceed();
  child.proceed();
  await waitMs(delayMs);
  await child.kill();
  // A report already read is returned at once; the child is gone, so none is waited for.
  const next = await Promise.race([
    child.next().catch(() => 'killed'),
    new Promise<string>((resolve) => setImmediate(() => resolve('killed'))),
  ]);
  return !next.startsWith(`after ${k} `);
}

/** setTimeout cannot wait under a millisecond; most file steps take less. */
async function waitMs(ms: number): Promise<void> {
  if (ms >= 2) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return;
  }
  const until = performance.now() + ms;
  while (performance.now() < until);
}
