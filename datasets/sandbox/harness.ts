/**
 * Programs that run inside the sandbox next to the miner's code (the code dir is their first argument). They read spec.json
 * ({function, inputs, caseTimeoutMs}), call the function once per input and print one line per case,
 * `\x1eRODEO {"case": i, "value": ...}` or `{"case": i, "error": "..."}`. Expected outputs never
 * enter the sandbox: the validator compares the values, so the code cannot fake a pass.
 */
export const RESULT_MARK = '\x1eRODEO ';

export const PYTHON_HARNESS = String.raw`
import io, json, os, signal, sys, contextlib

CODE = sys.argv[1]

_out = os.fdopen(os.dup(1), 'w')
def emit(obj):
    _out.write('\x1eRODEO ' + json.dumps(obj) + '\n')
    _out.flush()

class CaseTimeout(BaseException):
    pass

def on_alarm(signum, frame):
    raise CaseTimeout()

def main():
    with open(os.path.join(CODE, 'spec.json')) as f:
        spec = json.load(f)
    with open(os.path.join(CODE, 'solution.py')) as f:
        source = f.read()
    signal.signal(signal.SIGALRM, on_alarm)
    scope = {'__name__': 'solution'}
    try:
        signal.setitimer(signal.ITIMER_REAL, spec['caseTimeoutMs'] / 1000)
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, 'solution.py', 'exec'), scope)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException as e:
        signal.setitimer(signal.ITIMER_REAL, 0)
        emit({'load_error': type(e).__name__ + ': ' + str(e)[:300]})
        return
    fn = scope.get(spec['function'])
    if not callable(fn):
        emit({'load_error': 'function ' + spec['function'] + ' is not defined'})
        return
    for i, args in enumerate(spec['inputs']):
        try:
            signal.setitimer(signal.ITIMER_REAL, spec['caseTimeoutMs'] / 1000)
            with contextlib.redirect_stdout(io.StringIO()):
                value = fn(*args)
            signal.setitimer(signal.ITIMER_REAL, 0)
        except CaseTimeout:
            emit({'case': i, 'error': 'timeout'})
            continue
        except BaseException as e:
            signal.setitimer(signal.ITIMER_REAL, 0)
            emit({'case': i, 'error': type(e).__name__ + ': ' + str(e)[:300]})
            continue
        try:
            emit({'case': i, 'value': json.loads(json.dumps(value, allow_nan=False))})
        except (TypeError, ValueError) as e:
            emit({'case': i, 'error': 'result is not JSON: ' + str(e)[:200]})

main()
`;

export const JAVASCRIPT_HARNESS = String.raw`
'use strict';
const fs = require('node:fs');
const vm = require('node:vm');
const emit = (obj) => fs.writeSync(1, '\x1eRODEO ' + JSON.stringify(obj) + '\n');
const CODE = process.argv[2];
const spec = JSON.parse(fs.readFileSync(CODE + '/spec.json', 'utf8'));
const source = fs
  .readFileSync(CODE + '/solution.js', 'utf8')
  .replace(/^\s*export\s+default\s+/gm, '')
  .replace(/^\s*export\s+/gm, '');
const quiet = () => {};
const context = vm.createContext({ console: { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet }, module: { exports: {} } });
const name = spec.function;
try {
  new vm.Script(source + '\n;globalThis.__fn = typeof ' + name + " === 'function' ? " + name + ' : undefined;', { filename: 'solution.js' })
    .runInContext(context, { timeout: spec.caseTimeoutMs });
} catch (e) {
  emit({ load_error: String(e).slice(0, 300) });
  process.exit(0);
}
if (typeof context.__fn !== 'function') {
  emit({ load_error: 'function ' + name + ' is not defined' });
  process.exit(0);
}
const call = new vm.Script('__fn(...JSON.parse(__args))');
spec.inputs.forEach((args, i) => {
  context.__args = JSON.stringify(args);
  let value;
  try {
    value = call.runInContext(context, { timeout: spec.caseTimeoutMs });
  } catch (e) {
    emit({ case: i, error: /timed out/.test(String(e)) ? 'timeout' : String(e).slice(0, 300) });
    return;
  }
  if (value === undefined) emit({ case: i, error: 'returned undefined' });
  else {
    try {
      emit({ case: i, value: JSON.parse(JSON.stringify(value)) });
    } catch (e) {
      emit({ case: i, error: 'result is not JSON: ' + String(e).slice(0, 200) });
    }
  }
});
`;
