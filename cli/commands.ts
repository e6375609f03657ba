import type { Command } from 'commander';
import { registerConfigCommand } from './config-command.js';
import { registerDatasetsCommand } from './datasets-command.js';
import { registerLedgerCommand } from './ledger-command.js';
import { registerMetagraphCommand } from './metagraph-command.js';
import { registerMinerCommand } from './miner-command.js';
import { registerWeightsCommand } from './weights-command.js';

/** Every top-level command; each register function adds one command and its subcommands. */
export const COMMANDS: ((program: Command) => void)[] = [
  registerConfigCommand,
  registerDatasetsCommand,
  registerLedgerCommand,
  registerMinerCommand,
  registerWeightsCommand,
  registerMetagraphCommand,
];
