import { startBrowserMode } from '../server/browser-mode';
import { intOption, type Command } from './command';
import { printJson } from './output';

export const SERVE_COMMAND: Command = {
  name: 'serve',
  usage: 'serve [--port N]',
  summary: 'run the console in browser mode on 127.0.0.1 and print its URL (with the session token)',
  options: { port: { type: 'string' } },
  async run(args, io) {
    const mode = await startBrowserMode(args.dbPath, intOption(args, 'port', 0) || undefined);
    if (args.json) printJson(io, { url: mode.server.url, port: mode.server.port });
    else io.out(`Floorwalk console (browser mode): ${mode.server.url}\nDatabase: ${args.dbPath}\nPress Ctrl+C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await mode.stop();
    return 0;
  },
};
