// Bundles every entry point with esbuild into dist/: the CLI, the database worker, browser mode, Electron
// main and preload, the benchmark, and the renderer. One tool, a few seconds, no dev server.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  external: ['better-sqlite3', 'electron', 'playwright-core', '@resvg/resvg-js'],
  logLevel: 'warning',
  absWorkingDir: root,
};

const nodeEntries = {
  'main/cli': 'main/cli/cli.ts',
  'main/db-worker': 'main/worker/db-worker.ts',
  'main/start': 'main/start.ts',
  'main/electron-main': 'main/electron/electron-main.ts',
  'main/preload': 'main/electron/preload.ts',
};
const benchEntry = path.join(root, 'test', 'bench', 'bench.ts');
if (fs.existsSync(benchEntry)) nodeEntries['bench/bench'] = 'test/bench/bench.ts';
if (fs.existsSync(path.join(root, 'test', 'bench', 'import.ts'))) nodeEntries['bench/import'] = 'test/bench/import.ts';

const started = Date.now();
await Promise.all([
  build({ ...nodeCommon, entryPoints: nodeEntries, outdir: dist }),
  build({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'esm',
    sourcemap: 'linked',
    minify: !watch,
    entryPoints: { app: 'renderer/main.tsx', 'heatmap-worker': 'renderer/heatmap/worker.ts' },
    outdir: path.join(dist, 'renderer'),
    loader: { '.woff2': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    absWorkingDir: root,
  }),
]);
fs.copyFileSync(path.join(root, 'renderer', 'index.html'), path.join(dist, 'renderer', 'index.html'));
process.stdout.write(`built dist/ in ${Date.now() - started} ms\n`);
