import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRodeoError, type Logger } from '../../config/index.js';
import type { Task } from '../../datasets/index.js';
import { startScriptedUpstream } from '../scripted-upstream.js';
import { planAnswer, timingSeed } from './answer-plan.js';
import { SimulatorErrors } from './errors.js';
import type { SimProfile } from './profiles.js';
import { answerScript } from './shapes.js';
import type { TaskIndex } from './task-index.js';

export interface SimulatorOptions {
  host: string;
  port: number;
  profiles: readonly SimProfile[];
  index: TaskIndex;
  logger?: Logger;
}

export interface Simulator {
  /** The server's origin, e.g. http://127.0.0.1:40123 (GET /health, POST /tasks). */
  origin: string;
  /** OpenAI base URL of one profile, e.g. http://127.0.0.1:40123/sim/strong/v1 */
  url(profile: string): string;
  close(): Promise<void>;
}

export const SIMULATION_NOTICE =
  'Rodeo simulated upstream: a simulation, not a model. It answers benchmark tasks from their answer keys ' +
  "with each profile's accuracy, speed and streaming shape, so a validator's scores can be checked.";

const PROFILE_HEADER = 'x-rodeo-sim-profile';
const ROUTE = /^\/sim\/([^/]+)\/v1\/(chat\/completions|models)$/;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const openAIError = (res: ServerResponse, status: number, message: string, type: string) =>
  sendJson(res, status, { error: { message, type } });

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function parseTasks(text: string): { tasks: Task[]; feed: string } {
  let body: { tasks?: unknown; feed?: unknown };
  try {
    body = JSON.parse(text) as { tasks?: unknown; feed?: unknown };
  } catch (err) {
    throw SimulatorErrors.BAD_TASKS(`the body is not JSON (${(err as Error).message})`);
  }
  const tasks = body?.tasks;
  if (!Array.isArray(tasks)) throw SimulatorErrors.BAD_TASKS('"tasks" is not an array');
  const feed = body.feed ?? '';
  if (typeof feed !== 'string') throw SimulatorErrors.BAD_TASKS('"feed" is not a string');
  tasks.forEach((t: { id?: unknown; messages?: unknown; expected?: unknown }, i) => {
    if (typeof t?.id !== 'string' || !Array.isArray(t.messages) || typeof t.expected !== 'object') {
      throw SimulatorErrors.BAD_TASKS(`tasks[${i}] is not a Task (id, messages, expected)`);
    }
  });
  return { tasks: tasks as Task[], feed };
}

/**
 * Pipes one chat completion to the scripted upstream (which writes the stream) with the profile in a header,
 * the body's model replaced by the profile's. A cut upstream stream cuts this one; a client that leaves
 * ends the upstream request.
 */
function proxyChat(
  res: ServerResponse,
  body: Record<string, unknown>,
  profile: SimProfile,
  target: { url: string; agent: Agent },
) {
  const upstream = request(`${target.url}/chat/completions`, {
    method: 'POST',
    agent: target.agent,
    headers: { 'content-type': 'application/json', [PROFILE_HEADER]: profile.name },
  });
  upstream.setNoDelay(true);
  upstream.on('response', (up) => {
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'cache-control', 'retry-after']) {
      const v = up.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    res.writeHead(up.statusCode ?? 502, headers);
    res.flushHeaders();
    up.on('data', (b: Buffer) => res.write(b));
    up.on('end', () => res.end());
    up.on('error', () => res.destroy());
    up.on('aborted', () => res.destroy());
  });
  upstream.on('error', (err) => {
    if (res.headersSent) res.destroy();
    else openAIError(res, 502, `simulator: ${err.message}`, 'server_error');
  });
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.end(JSON.stringify({ ...body, model: profile.model }));
}

/**
 * One HTTP server for every profile: POST /sim/<profile>/v1/chat/completions answers as that profile
 * (OpenAI-compatible, streaming or not), GET /sim/<profile>/v1/models lists its model id, GET /health
 * describes the simulation, POST /tasks {"tasks": [...], "feed": "<validator hotkey>"} adds a round of
 * tasks to the index under that feed (for a simulator in another process; a devnet validator feeds its own
 * round's tasks, which the simulator cannot compute itself). The streams are written by the scripted upstream.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { index, logger } = options;
  const profiles = new Map<string, SimProfile>();
  for (const p of options.profiles) {
    if (profiles.has(p.name)) throw SimulatorErrors.DUPLICATE_PROFILE(p.name);
    profiles.set(p.name, p);
  }
  const scripted = await startScriptedUpstream({
    host: '127.0.0.1',
    answer: (r) => {
      // The simulator answers forever: keep no history of requests.
      scripted.requests.splice(0);
      const profile = profiles.get(String(r.headers[PROFILE_HEADER]));
      if (!profile)
        return { status: 404, errorMessage: 'call the simulator at /sim/<profile>/v1', events: [] };
      try {
        const found = index.find(r.body);
        const id = found?.task.id;
        const plan = planAnswer(profile, found, Array.isArray(r.body.tools) && r.body.tools.length > 0);
        logger?.debug({ profile: profile.name, task: id ?? null, correct: plan.correct }, 'simulated answer');
        return answerScript(profile, plan.answer, timingSeed(profile, id ?? 'unknown'));
      } catch (err) {
        logger?.error({ err, profile: profile.name }, 'simulator could not plan an answer');
        return { status: 500, errorMessage: `simulator: ${(err as Error).message}`, events: [] };
      }
    },
  });
  const target = { url: scripted.url, agent: new Agent({ keepAlive: true }) };

  let origin = '';
  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'GET' && path === '/health') {
        sendJson(res, 200, {
          status: 'ok',
          simulation: true,
          description: SIMULATION_NOTICE,
          tasks: index.size,
          feeds: index.feedNames.length,
          profiles: [...profiles.values()].map((p) => ({
            name: p.name,
            model: p.model,
            description: p.description,
            url: `${origin}/sim/${p.name}/v1`,
          })),
        });
        return;
      }
      if (req.method === 'POST' && path === '/tasks') {
        const { tasks, feed } = parseTasks(await readBody(req));
        index.add(tasks, feed);
        sendJson(res, 200, { added: tasks.length, known: index.size });
        return;
      }
      const route = ROUTE.exec(path);
      const profile = route && profiles.get(decodeURIComponent(route[1]!));
      if (!route || !profile) {
        openAIError(res, 404, `no route ${req.method} ${path} (${SIMULATION_NOTICE})`, 'not_found_error');
        return;
      }
      if (route[2] === 'models' && req.method === 'GET') {
        sendJson(res, 200, {
          object: 'list',
          data: [{ id: profile.model, object: 'model', created: 0, owned_by: 'rodeo-simulator' }],
        });
        return;
      }
      if (route[2] !== 'chat/completions' || req.method !== 'POST') {
        openAIError(res, 405, `${req.method} ${path} is not served`, 'invalid_request_error');
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        openAIError(res, 400, 'body is not JSON', 'invalid_request_error');
        return;
      }
      proxyChat(res, body, profile, target);
    } catch (err) {
      if (!isRodeoError(err)) logger?.error({ err }, 'simulator request failed');
      if (res.headersSent) res.destroy();
      else if (isRodeoError(err)) openAIError(res, 400, err.message, 'invalid_request_error');
      else openAIError(res, 500, (err as Error).message, 'server_error');
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    url(name: string) {
      if (!profiles.has(name)) throw SimulatorErrors.UNKNOWN_PROFILE(name, [...profiles.keys()].join(', '));
      return `${origin}/sim/${encodeURIComponent(name)}/v1`;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      target.agent.destroy();
      await scripted.close();
    },
  };
}
