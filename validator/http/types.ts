import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../config/index.js';

export type ValidatorApi = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;
