import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineHandlers } from '../../../common/contract/contract.js';
import { connectContract, handle, serveContract } from '../../../common/contract/rpc.js';
import { AppError } from '../../../common/errors.js';
import { commitUnlessAborted } from '../../adapters/platform/abort.js';
import { nodeMessagePort } from '../../adapters/rpc/nodePort.js';
import { whenAborted } from '../../testing/gatedSource.js';
import { TrainerHost, type TrainerProcess } from './trainerHost.js';

/**
 * A project.create handler whose irreversible step (making the folder) waits for the test, and
 * that tells the test where it is.
 */
function steppedCreate(failure?: AppError) {
  const seen = { committed: [] as string[], signal: undefined as AbortSignal | undefined };
  let reachCommit: () => void = () => undefined;
  const atCommit = new Promise<void>((resolve) => (reachCommit = resolve));
  let reachCheck: () => void = () => undefined;
  const beforeCommit = new Promise<void>((resolve) => (reachCheck = resolve));
  let letCheck: () => void = () => undefined;
  const checkMayRun = new Promise<void>((resolve) => (letCheck = resolve));
  let finish: () => void = () => undefined;
  const commitMayEnd = new Promise<void>((resolve) => (finish = resolve));
  const handler: EngineHandlers['project.create'] = async ({ name }, context) => {
    seen.signal = context?.signal;
    reachCheck();
    await checkMayRun;
    return commitUnlessAborted(context?.signal, async () => {
      seen.committed.push(name);
      reachCommit();
      await commitMayEnd;
      if (failure) throw failure;
      return { folder: `/projects/${name}` };
    });
  };
  return { handler, seen, beforeCommit, letCheck, atCommit, finish };
}

/** The trainer's protocol on an in-memory port pair, answering with `handlers`. */
function trainerWith(handlers: Partial<EngineHandlers>): TrainerHost {
  return new TrainerHost((): TrainerProcess => {
    const channel = new MessageChannel();
    const server = serveContract(nodeMessagePort(channel.port2), handlers);
    return {
      port: nodeMessagePort(channel.port1),
      onUnexpectedExit: () => undefined,
      stop: async () => {
        server.close();
        channel.port1.close();
        channel.port2.close();
      },
    };
  });
}

describe('a cancel against a request’s irreversible step', () => {
  const hosts: TrainerHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
  });

  it('lands during the step: the request answers with what the step did', async () => {
    const create = steppedCreate();
    const channel = new MessageChannel();
    serveContract(nodeMessagePort(channel.port2), { 'project.create': create.handler });
    const rpc = connectContract(nodeMessagePort(channel.port1));
    try {
      const controller = new AbortController();
      const answer = rpc.call('project.create', { name: 'cats' }, { signal: controller.signal });
      create.letCheck();
      await create.atCommit;
      controller.abort();
      await whenAborted(create.seen.signal);
      create.finish();
      expect(await answer).toEqual({ folder: '/projects/cats' });
    } finally {
      rpc.close();
      channel.port1.close();
    }
  });

  it('lands just before the step: CANCELLED, and the step never ran', async () => {
    const create = steppedCreate();
    const channel = new MessageChannel();
    serveContract(nodeMessagePort(channel.port2), { 'project.create': create.handler });
    const rpc = connectContract(nodeMessagePort(channel.port1));
    try {
      const controller = new AbortController();
      const answer = rpc.call('project.create', { name: 'dogs' }, { signal: controller.signal });
      await create.beforeCommit;
      controller.abort();
      await whenAborted(create.seen.signal);
      create.letCheck();
      await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(create.seen.committed).toEqual([]);
    } finally {
      rpc.close();
      channel.port1.close();
    }
  });

  it('keeps the result through the trainer host, as main and browser mode answer it', async () => {
    const create = steppedCreate();
    const host = trainerWith({ 'project.create': create.handler });
    hosts.push(host);
    const controller = new AbortController();
    // main's IPC and the browser-mode socket call the host's handlers through handle().
    const answer = handle(host.handlers, 'project.create', { name: 'birds' }, controller.signal);
    create.letCheck();
    await create.atCommit;
    controller.abort();
    await whenAborted(create.seen.signal);
    create.finish();
    expect(await answer).toEqual({ folder: '/projects/birds' });
  });

  it('reports the error of a step that failed after the cancel, through the trainer host', async () => {
    const create = steppedCreate(new AppError('WRITE_FAILED', 'The disk is full'));
    const host = trainerWith({ 'project.create': create.handler });
    hosts.push(host);
    const controller = new AbortController();
    const answer = handle(host.handlers, 'project.create', { name: 'owls' }, controller.signal);
    create.letCheck();
    await create.atCommit;
    controller.abort();
    await whenAborted(create.seen.signal);
    create.finish();
    await expect(answer).rejects.toMatchObject({ code: 'WRITE_FAILED' });
  });

  it('a request cancelled before its step still ends CANCELLED through the trainer host', async () => {
    const create = steppedCreate();
    const host = trainerWith({ 'project.create': create.handler });
    hosts.push(host);
    const controller = new AbortController();
    const answer = handle(host.handlers, 'project.create', { name: 'fish' }, controller.signal);
    await create.beforeCommit;
    controller.abort();
    await whenAborted(create.seen.signal);
    create.letCheck();
    await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(create.seen.committed).toEqual([]);
  });
});
