import { describe, expect, it } from 'vitest';
import {
  LOOKED_PER_REQUEST,
  lookedKey,
  planLooks,
  ScreenRequests,
  type PendingLook,
  type TriedImage,
} from './tryRequests.js';

const MODEL = '/home/ann/.transfer-studio/runs/2026-11-30 pets';
const OTHER = '/home/ann/.transfer-studio/runs/2026-11-30 pets scratch';

const image = (name: string, tryId: number): TriedImage => ({
  path: `/tmp/transfer-studio/uploads/try/${name}`,
  tryId,
});
const pendingFor = (images: TriedImage[], model = MODEL): PendingLook => ({
  keys: images.map((i) => lookedKey(model, i)),
  controller: new AbortController(),
});

describe('planLooks: which overlays to ask for', () => {
  const first = [image('cat.jpg', 1), image('dog.jpg', 1)];

  it('asks only for the images of a new try, not for those already explained', () => {
    const explained = new Set(first.map((i) => lookedKey(MODEL, i)));
    const onScreen = [image('bird.png', 2), ...first];
    const plan = planLooks(MODEL, onScreen, explained, []);
    expect(plan.ask).toEqual([image('bird.png', 2)]);
    expect(plan.drop).toEqual([]);
  });

  it('does not ask again for images a request in flight is already explaining', () => {
    const inFlight = pendingFor(first);
    const plan = planLooks(MODEL, [image('bird.png', 2), ...first], new Set(), [inFlight]);
    expect(plan.ask).toEqual([image('bird.png', 2)]);
    expect(plan.drop).toEqual([]);
  });

  it('asks again for a path tried again (a new picture may have the same upload name)', () => {
    const explained = new Set(first.map((i) => lookedKey(MODEL, i)));
    const plan = planLooks(MODEL, [image('cat.jpg', 2), image('dog.jpg', 1)], explained, []);
    expect(plan.ask).toEqual([image('cat.jpg', 2)]);
  });

  it('asks everything again for another model: explanations belong to the model that made them', () => {
    const explained = new Set(first.map((i) => lookedKey(MODEL, i)));
    expect(planLooks(OTHER, first, explained, []).ask).toEqual(first);
  });

  it('stops requests whose images have all left the screen (Clear), keeps the others', () => {
    const cleared = pendingFor(first);
    const stillShown = pendingFor([image('bird.png', 2), image('cat.jpg', 1)]);
    const plan = planLooks(MODEL, [image('bird.png', 2)], new Set(), [cleared, stillShown]);
    expect(plan.drop).toEqual([cleared]);
    expect(plan.ask).toEqual([]);
  });

  it('wants no more than one request can carry, the newest first', () => {
    const many = Array.from({ length: LOOKED_PER_REQUEST + 7 }, (_, i) => image(`${i}.jpg`, 1));
    const plan = planLooks(MODEL, many, new Set(), []);
    expect(plan.ask).toEqual(many.slice(0, LOOKED_PER_REQUEST));
  });

  it('keys never collide when a path holds the separator of another key', () => {
    const tricky = { path: `x",2,"y`, tryId: 1 };
    expect(lookedKey(MODEL, tricky)).not.toBe(lookedKey(MODEL, { path: 'x', tryId: 1 }));
    expect(lookedKey('a', image('b', 1))).not.toBe(lookedKey('a', image('b', 11)));
  });
});

describe('ScreenRequests: answers only for the model on screen', () => {
  it('an answer asked of the model still on screen is current', () => {
    let model: string | undefined = MODEL;
    const requests = new ScreenRequests(() => model);
    const request = requests.start(MODEL);
    expect(request.isCurrent()).toBe(true);
    model = OTHER;
    expect(request.isCurrent()).toBe(false);
  });

  it('abortAll stops every request in flight and none of their answers is current', () => {
    const requests = new ScreenRequests(() => MODEL);
    const a = requests.start(MODEL);
    const b = requests.start(MODEL);
    const aborted: string[] = [];
    a.signal.addEventListener('abort', () => aborted.push('a'));
    b.signal.addEventListener('abort', () => aborted.push('b'));
    expect(requests.size).toBe(2);
    requests.abortAll();
    expect(aborted).toEqual(['a', 'b']);
    expect([a.isCurrent(), b.isCurrent()]).toEqual([false, false]);
    expect(requests.size).toBe(0);
    // A request started afterwards (the next try) is not affected.
    const c = requests.start(MODEL);
    expect(c.isCurrent()).toBe(true);
    c.done();
    expect(requests.size).toBe(0);
  });

  it('with no model yet (pretrained guesses only), answers stay current until one appears', () => {
    const screen: { model?: string } = {};
    const requests = new ScreenRequests(() => screen.model);
    const request = requests.start(undefined);
    expect(request.isCurrent()).toBe(true);
    screen.model = MODEL;
    expect(request.isCurrent()).toBe(false);
  });
});
