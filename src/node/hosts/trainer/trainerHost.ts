import {
  ENGINE_CHANNELS,
  type EngineChannel,
  type EngineHandlers,
  type EventName,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from '../../../common/contract/contract.js';
import {
  connectContract,
  markCommitted,
  type CallOptions,
  type ContractClient,
  type MessagePortLike,
} from '../../../common/contract/rpc.js';
import { EVENTS } from '../../../common/contract/events.js';
import { AppError } from '../../../common/errors.js';

/** How a trainer process ended when nobody asked it to. */
export interface TrainerExit {
  reason: 'crashed' | 'out-of-memory';
  exitCode: number | null;
  message: string;
}

/** One running trainer: a worker thread here and in browser mode, a utility process in Electron. */
export interface TrainerProcess {
  port: MessagePortLike;
  /** Called once if the process ends on its own (a crash, running out of memory). */
  onUnexpectedExit(listener: (exit: TrainerExit) => void): void;
  stop(): Promise<void>;
}

export type TrainerLauncher = () => TrainerProcess;

type EventSink = <E extends EventName>(name: E, payload: EventOf<E>) => void;

/** Every event the trainer may send; trainer.exited is the host's own, about the trainer. */
const FORWARDED_EVENTS = (Object.keys(EVENTS) as EventName[]).filter(
  (name) => name !== 'trainer.exited',
);

/**
 * Keeps a trainer process and forwards contract calls to it, cancellation included. If it dies,
 * every call waiting on it (a running training too) fails with TRAINER_CRASHED (or
 * OUT_OF_MEMORY), listeners get trainer.exited with the reason, and the next call starts a fresh
 * trainer: the app stays up.
 */
export class TrainerHost {
  private current: { process: TrainerProcess; client: ContractClient } | undefined;
  private readonly sinks = new Set<EventSink>();

  constructor(private readonly launch: TrainerLauncher) {}

  /** Handlers for a renderer connection: each engine channel forwarded to the trainer. */
  get handlers(): EngineHandlers {
    return Object.fromEntries(
      ENGINE_CHANNELS.map((channel) => [
        channel,
        (request: unknown, context?: CallOptions) => this.forward(channel, request, context),
      ]),
    ) as unknown as EngineHandlers;
  }

  /** Receives every event the trainer sends, plus trainer.exited; returns the unsubscribe. */
  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  async call<C extends EngineChannel>(
    channel: C,
    request: RequestOf<C>,
    options?: CallOptions,
  ): Promise<ResponseOf<C>> {
    return this.running().client.call(channel, request, options);
  }

  private async forward(
    channel: EngineChannel,
    request: unknown,
    context: CallOptions | undefined,
  ): Promise<unknown> {
    try {
      return await this.call(channel, request as never, context);
    } finally {
      // The trainer already chose between CANCELLED and what its handler did (a result, or the
      // error of a step it had committed to): its answer is this side's answer too.
      if (context?.signal) markCommitted(context.signal);
    }
  }

  get isRunning(): boolean {
    return this.current !== undefined;
  }

  async stop(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    current.client.close();
    await current.process.stop();
  }

  private running(): { process: TrainerProcess; client: ContractClient } {
    if (this.current) return this.current;
    const process = this.launch();
    const client = connectContract(process.port);
    const current = { process, client };
    for (const name of FORWARDED_EVENTS)
      client.on(name, (payload) => this.broadcast(name, payload));
    process.onUnexpectedExit((exit) => {
      if (this.current === current) this.onExit(current.client, exit);
    });
    this.current = current;
    return current;
  }

  private onExit(client: ContractClient, exit: TrainerExit): void {
    this.current = undefined;
    const error = new AppError(
      exit.reason === 'out-of-memory' ? 'OUT_OF_MEMORY' : 'TRAINER_CRASHED',
      exit.message,
      { exitCode: exit.exitCode },
    );
    client.close(error);
    this.broadcast('trainer.exited', exit);
  }

  private broadcast<E extends EventName>(name: E, payload: EventOf<E>): void {
    for (const sink of this.sinks) sink(name, payload);
  }
}
