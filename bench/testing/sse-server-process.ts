// Child-process entry: serves scenarioFromModel on 127.0.0.1 and prints {"url": ...} on stdout.
import { scenarioFromModel } from './scenario.js';
import { startScriptedSseServer } from './sse-server.js';

const server = await startScriptedSseServer(scenarioFromModel);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
