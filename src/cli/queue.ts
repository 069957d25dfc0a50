import { HorizonError } from '../env/errors.ts';

/**
 * Loads a module of the job queue when a command uses the queue. Its client
 * libraries, bullmq and ioredis, are optional dependencies: without them
 * everything else works, and the queue's commands say what to install.
 */
export async function loadQueue<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && /['"](bullmq|ioredis)['"]/.test(e.message)) {
      throw new HorizonError(
        'the job queue needs the optional packages bullmq and ioredis, which are not installed: npm install bullmq ioredis',
        'ERR_MISSING_PACKAGE',
      );
    }
    throw err;
  }
}
