/**
 * Loaded with `--import` into a trainer forked by child_process, this gives it the
 * `process.parentPort` Electron gives a utilityProcess, carried over the Node IPC channel.
 * With it the real trainer takes its Electron code path (the `release` handshake) in Node.
 */
type PortListener = (event: { data: unknown }) => void;

const nodeSend = process.send?.bind(process);
if (!nodeSend) throw new Error('parentPortShim needs a forked child with an IPC channel');

Object.defineProperty(process, 'parentPort', {
  value: {
    postMessage: (message: unknown) => nodeSend(message),
    on: (event: 'message', listener: PortListener) =>
      process.on(event, (data: unknown) => listener({ data })),
  },
});
