import fs from 'node:fs';

/**
 * The demo of a first start, written where nobody opens it until it is complete: into a temporary file
 * beside the database, renamed into place only after the writer closed it (checkpointed, no -wal left).
 * A first start killed half-way leaves no database, so the next start writes the demo again instead of
 * opening an empty console forever.
 */
export async function writeFirstStartDemo(dbPath: string, writeDemo: (file: string) => Promise<number>): Promise<number> {
  const temp = `${dbPath}.first-start.tmp`;
  const sidecars = (file: string): string[] => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
  // Left by an earlier start that was killed: not a database anyone saw.
  for (const file of sidecars(temp)) fs.rmSync(file, { force: true });
  let code: number;
  try {
    code = await writeDemo(temp);
  } catch (error) {
    for (const file of sidecars(temp)) fs.rmSync(file, { force: true });
    throw error;
  }
  if (code !== 0 || fs.existsSync(`${temp}-wal`) && fs.statSync(`${temp}-wal`).size > 0) {
    for (const file of sidecars(temp)) fs.rmSync(file, { force: true });
    return code !== 0 ? code : 1;
  }
  for (const file of sidecars(temp).slice(1)) fs.rmSync(file, { force: true });
  fs.renameSync(temp, dbPath);
  return 0;
}
