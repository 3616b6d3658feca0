import type { WebSocketRoute } from '@playwright/test';

export interface Wire {
  kind: string;
  id?: number;
  channel?: string;
  payload?: { images?: string[] };
}

/**
 * The page's socket to the engine, watched in between. Requests, cancels and answers are
 * recorded; the requests of one channel (with their cancels) can be held on their way to the
 * engine, or the answers of one channel on their way back, until the test releases them. "A
 * cancel reaches a run that has only just started" and "the answer arrives after the model
 * changed" then happen on any machine, waiting on messages only, never on time.
 */
export class SocketWatch {
  readonly requests: Wire[] = [];
  /** Ids the page has cancelled. */
  readonly cancels = new Set<number>();
  /** Ids whose answer the page has received. */
  readonly answered = new Set<number>();
  private holding: { channel: string; way: 'requests' | 'answers' } | undefined;
  private readonly heldRequests: { message: string; id: number }[] = [];
  private readonly heldAnswers: { message: string; id: number }[] = [];
  private toServer: ((message: string) => void) | undefined;
  private toPage: ((message: string) => void) | undefined;
  private waiters: (() => void)[] = [];

  attach(route: WebSocketRoute): void {
    const server = route.connectToServer();
    this.toServer = (message) => server.send(message);
    this.toPage = (message) => route.send(message);
    route.onMessage((message) => this.fromPage(String(message)));
    server.onMessage((message) => this.fromEngine(String(message)));
  }

  /** Holds the page's requests on `channel`, and their cancels, until release(). */
  holdRequests(channel: string): void {
    this.holding = { channel, way: 'requests' };
  }

  /** Holds the engine's answers to requests on `channel` until release(). */
  holdAnswers(channel: string): void {
    this.holding = { channel, way: 'answers' };
  }

  /** Sends what was held, in the order it came, and holds nothing more. */
  release(): void {
    this.holding = undefined;
    for (const { message } of this.heldRequests.splice(0)) this.toServer?.(message);
    for (const { message, id } of this.heldAnswers.splice(0)) {
      this.toPage?.(message);
      this.answered.add(id);
    }
    this.changed();
  }

  heldRequestIds(): number[] {
    return this.heldRequests.map((h) => h.id);
  }

  heldAnswerIds(): number[] {
    return this.heldAnswers.map((h) => h.id);
  }

  /** The file names each request on `channel` asked about. */
  imagesAsked(channel: string): string[][] {
    return this.requests
      .filter((r) => r.channel === channel)
      .map((r) => (r.payload?.images ?? []).map((p) => p.split('/').pop() ?? ''));
  }

  /** Resolves once `ready` gives a value (checked on every message). */
  async until<T>(ready: () => T | undefined): Promise<T> {
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private fromPage(message: string): void {
    const wire = JSON.parse(message) as Wire;
    const id = wire.id ?? -1;
    if (wire.kind === 'request') this.requests.push(wire);
    if (wire.kind === 'cancel') this.cancels.add(id);
    const holdsRequests = this.holding?.way === 'requests';
    const hold =
      (holdsRequests && wire.kind === 'request' && wire.channel === this.holding?.channel) ||
      (wire.kind === 'cancel' && this.heldRequests.some((h) => h.id === id));
    if (hold) this.heldRequests.push({ message, id });
    else this.toServer?.(message);
    this.changed();
  }

  private fromEngine(message: string): void {
    const wire = JSON.parse(message) as Wire;
    const id = wire.id ?? -1;
    const channel = this.requests.find((r) => r.id === id)?.channel;
    const hold =
      wire.kind === 'response' &&
      this.holding?.way === 'answers' &&
      channel === this.holding.channel;
    if (hold) this.heldAnswers.push({ message, id });
    else {
      this.toPage?.(message);
      if (wire.kind === 'response') this.answered.add(id);
    }
    this.changed();
  }

  private changed(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
