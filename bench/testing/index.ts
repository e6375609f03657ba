export { type ChildServer, startChildSseServer } from './child-server.js';
export { scenarioFromModel } from './scenario.js';
export { type Script, type ScriptStep, sse, stampedSendTimes, uniformScript } from './sse-script.js';
export { type ScriptedSseServer, startScriptedSseServer } from './sse-server.js';
export { type SyntheticTiming, syntheticMeasurement } from './synthetic.js';
