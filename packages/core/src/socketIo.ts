// The one binding the client takes from socket.io-client, in a module of its own that
// socketTransport.ts imports dynamically. `import('socket.io-client')` would hand over the package's
// whole namespace, and a bundler must then keep everything it re-exports (engine.io-client's
// HTTP long-polling, fetch and WebTransport transports among them); a static named import lets it
// drop what `io` does not use.
export { io } from 'socket.io-client';
