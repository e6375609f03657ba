import type { Command } from 'commander';
import { registerBenchCommand } from './bench-command.js';
import { registerChainDevnetCommand } from './chain-devnet-command.js';
import { registerConfigCommand } from './config-command.js';
import { registerDatasetsCommand } from './datasets-command.js';
import { registerDevnetCommand } from './devnet-command.js';
import { registerLedgerCommand } from './ledger-command.js';
import { registerMetagraphCommand } from './metagraph-command.js';
import { registerMinerCommand } from './miner-command.js';
import { registerValidatorCommand } from './validator-command.js';
import { registerWalletCommand } from './wallet-command.js';
import { registerWeightsCommand } from './weights-command.js';

/** Every top-level command; each register function adds one command and its subcommands. */
export const COMMANDS: ((program: Command) => void)[] = [
  registerBenchCommand,
  registerConfigCommand,
  registerDatasetsCommand,
  registerDevnetCommand,
  registerLedgerCommand,
  registerMinerCommand,
  registerValidatorCommand,
  registerWalletCommand,
  registerWeightsCommand,
  registerMetagraphCommand,
  registerChainDevnetCommand,
];
