// Starting and stopping the local HTTP servers that stand in for monday in tests and development.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on `host:port` (0: any free port) and resolves to the server's base URL. */
export async function listenLocal(server: Server, port = 0, host = "127.0.0.1"): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/** Closes the server and every connection it still holds. */
export async function closeLocal(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
