import { constants } from "node:fs";
import { open } from "node:fs/promises";

/**
 * fsyncs a directory, so the names created, linked or renamed in it survive a power loss. Windows
 * and some filesystems cannot open or fsync a directory (`EISDIR`, `EPERM`, `EINVAL`): there it
 * does nothing. A directory that is gone (`ENOENT`) needs no sync either. Other errors are thrown.
 * @internal
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, constants.O_RDONLY);
  } catch (error) {
    if (isUnsupported(error) || code(error) === "ENOENT") return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
const isUnsupported = (error: unknown) =>
  ["EISDIR", "EPERM", "EINVAL", "EBADF"].includes(code(error) ?? "");
