/**
 * A loopback TCP proxy that a test can cut, to drop a WebSocket the way a network failure would, or
 * freeze, to make a connection go silent the way a vanished machine's does (no FIN, no RST: the
 * server still holds an open connection that leads nowhere).
 */
import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** Nothing is forwarded any more and neither end learns when the other closes. */
  frozen: boolean;
  /** What the server sent into the connection after it was frozen (never forwarded). */
  droppedFromServer: Buffer[];
}

export class CuttableProxy {
  private readonly pairs = new Set<Pair>();
  private server!: net.Server;
  port = 0;

  private constructor() {}

  static async start(targetPort: number): Promise<CuttableProxy> {
    const proxy = new CuttableProxy();
    proxy.server = net.createServer((client) => {
      const pair: Pair = { client, upstream: net.connect(targetPort, '127.0.0.1'), frozen: false, droppedFromServer: [] };
      proxy.pairs.add(pair);
      const link = (from: net.Socket, to: net.Socket) => {
        from.on('error', () => undefined);
        from.on('data', (d: Buffer) => {
          if (!pair.frozen) to.write(d);
          else if (from === pair.upstream) pair.droppedFromServer.push(d);
        });
        from.on('close', () => {
          if (!pair.frozen) to.destroy();
          if (pair.client.destroyed && pair.upstream.destroyed) proxy.pairs.delete(pair);
        });
      };
      link(pair.client, pair.upstream);
      link(pair.upstream, pair.client);
    });
    await new Promise<void>((r) =>
      proxy.server.listen(0, '127.0.0.1', () => {
        r();
      }),
    );
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  /** How many connections are open through the proxy now. */
  get open(): number {
    return [...this.pairs].filter((p) => !p.client.destroyed).length;
  }

  /** Drops every open connection (the listener stays up, so a reconnect can succeed). */
  cut(): number {
    const n = this.pairs.size;
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    return n;
  }

  /** Every open connection goes silent and stays open at both ends until close(); returns how many. */
  freeze(): number {
    for (const p of this.pairs) p.frozen = true;
    return this.pairs.size;
  }

  /** What the server sent into frozen connections, as text (a WebSocket server's frames are not masked). */
  droppedFromServer(): string {
    return Buffer.concat([...this.pairs].flatMap((p) => p.droppedFromServer)).toString('latin1');
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((r) =>
      this.server.close(() => {
        r();
      }),
    );
  }
}
