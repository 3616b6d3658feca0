import type { WebSocketRoute } from '@playwright/test';

interface Wire {
  kind: string;
  id?: number;
  channel?: string;
}

/**
 * Holds the page's requests on one channel (and their cancels) on their way to the engine until
 * the test releases them, in order. "Cancel reaches a run that has only just started" then
 * happens on any machine, however fast the run would finish: no race with a click.
 */
export class RequestGate {
  private channel: string | undefined;
  private readonly held: string[] = [];
  private readonly heldIds = new Set<number>();
  /** Ids of held requests the page has cancelled. */
  readonly cancelled = new Set<number>();
  /** Ids the engine has answered. */
  readonly answered = new Set<number>();
  private toServer: ((message: string) => void) | undefined;
  private waiters: (() => void)[] = [];

  attach(route: WebSocketRoute): void {
    const server = route.connectToServer();
    this.toServer = (message) => server.send(message);
    route.onMessage((message) => {
      const wire = JSON.parse(String(message)) as Wire;
      const id = wire.id ?? -1;
      const holdRequest = wire.kind === 'request' && wire.channel === this.channel;
      const holdCancel = wire.kind === 'cancel' && this.heldIds.has(id);
      if (holdRequest) this.heldIds.add(id);
      if (holdCancel) this.cancelled.add(id);
      if (holdRequest || holdCancel) this.held.push(String(message));
      else server.send(message);
      this.changed();
    });
    server.onMessage((message) => {
      const wire = JSON.parse(String(message)) as Wire;
      if (wire.kind === 'response' && wire.id !== undefined) this.answered.add(wire.id);
      route.send(message);
      this.changed();
    });
  }

  hold(channel: string): void {
    this.channel = channel;
  }

  /** Sends what was held, in the order the page sent it, and holds nothing more. */
  release(): void {
    this.channel = undefined;
    for (const message of this.held.splice(0)) this.toServer?.(message);
    this.heldIds.clear();
  }

  /** The first held request's id, once there is one. */
  firstHeld(): Promise<number> {
    return this.until(() => [...this.heldIds][0]);
  }

  /** Resolves once `ready` gives a value (checked on every message). */
  async until<T>(ready: () => T | undefined): Promise<T> {
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private changed(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
