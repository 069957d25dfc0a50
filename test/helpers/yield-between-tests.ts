import { beforeEach } from 'vitest';

// Many tests emulate synchronously for seconds. Awaiting a macrotask between
// tests lets the worker's event loop answer vitest's RPC in time; without it
// a file of long synchronous tests can block the loop past vitest's 60 s RPC
// timeout on a loaded machine ("Timeout calling onTaskUpdate").
beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
