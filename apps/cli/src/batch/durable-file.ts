import { randomBytes } from 'node:crypto';
import { open, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Files written whole, then made durable together. Each file goes to a temporary name beside it
 * and is renamed over its path (atomic within a folder, NFS included), so that a reader, or a run
 * resumed after kill -9 at any instant, sees it whole or not at all: the page cache outlives a
 * killed process. `flush` then fsyncs every file written and their folders, in parallel, so that
 * they also survive a machine crash: one flush per chunk costs about one journal commit, where an
 * fsync per file cost 5 ms each on this machine's disk and serialised the threads.
 */
export class DurableWrites {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  async write(path: string, data: string | Uint8Array): Promise<void> {
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(temporary, data);
    await rename(temporary, path);
    this.files.add(path);
    this.folders.add(dirname(path));
  }

  async flush(): Promise<void> {
    const files = [...this.files];
    const folders = [...this.folders];
    this.files.clear();
    this.folders.clear();
    await Promise.all(files.map(syncPath));
    await Promise.all(folders.map(syncPath));
  }
}

/** One file, whole and on disk when this resolves. */
export async function writeDurable(path: string, data: string | Uint8Array): Promise<void> {
  const writes = new DurableWrites();
  await writes.write(path, data);
  await writes.flush();
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems refuse fsync on a folder (EINVAL); the rename is then as durable as they allow.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}
