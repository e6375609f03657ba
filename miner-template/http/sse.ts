import type { ServerResponse } from 'node:http';

/**
 * A hand-written SSE response: the headers leave in the same packet as the first event (Node sends them
 * with the first write; no separate flush), Nagle is off, and every event is
 * its own write (a chunked-encoding chunk). Writes wait for drain so a slow client never buffers unboundedly.
 */
export class SseWriter {
  private opened = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly headers: Record<string, string>,
  ) {}

  get started(): boolean {
    return this.opened;
  }

  /** True when the client went away (no point writing). */
  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  async write(event: string): Promise<void> {
    if (this.closed) return;
    if (!this.opened) this.open();
    if (this.res.write(event)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  end(): void {
    if (this.closed) return;
    if (!this.opened) this.open();
    this.res.end();
  }

  private open(): void {
    this.opened = true;
    this.res.socket?.setNoDelay(true);
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...this.headers,
    });
  }
}
