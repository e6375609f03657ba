import type { ChainClient } from '../chain/index.js';
import type { Field } from './field.js';
import { commitSubmissions, type RunningFieldMiner, startFieldMiners, stopFieldMiners } from './miners.js';
import { type SimulatorProcess, spawnSimulator } from './simulator/index.js';
import type { DevnetSupervisor } from './supervisor.js';

/**
 * The devnet's miners: the simulator process (their upstreams), then each miner as a `rodeo miner serve`
 * process, then their submissions committed on chain. Everything started is stopped by the supervisor.
 */
export async function serveField(
  step: DevnetSupervisor['step'],
  field: Field,
  dir: string,
  client: ChainClient,
  netuid: number,
): Promise<{ simulator: SimulatorProcess; running: RunningFieldMiner[] }> {
  // the simulated upstreams run in their own process so their timers never share the validators' event loop
  const simulator = await step(
    spawnSimulator({ port: 0, rounds: 4, profiles: [...new Set(field.miners.map((m) => m.profile))] }),
    (s) => s.close(),
  );
  // one at a time: on a busy machine processes loading at once miss the miners' health deadline
  const running: RunningFieldMiner[] = [];
  for (const miner of field.miners)
    running.push(
      ...(await step(
        startFieldMiners([miner], (m) => simulator.url(m.profile), dir),
        stopFieldMiners,
      )),
    );
  await step(commitSubmissions(client, netuid, running));
  return { simulator, running };
}
