import { defineErrors } from './rodeo-error.js';

export const ConfigErrors = defineErrors('CONFIG', {
  INVALID: {
    message: (problems: string) => `invalid configuration:\n${problems}`,
    hint: 'fix the values named above (file, RODEO_* env or flag); `rodeo config env` lists every setting with its default and allowed values',
  },
  FILE_UNREADABLE: {
    message: (path: string, reason: string) => `cannot read config file ${path}: ${reason}`,
    hint: 'pass an existing JSON file with --config, or unset RODEO_CONFIG',
  },
  FILE_NOT_JSON: {
    message: (path: string, reason: string) => `config file ${path} is not valid JSON: ${reason}`,
    hint: 'config files are plain JSON objects, e.g. {"bench": {"target": "http://127.0.0.1:8080"}}',
  },
  UNKNOWN_ENV: {
    message: (name: string, suggestion: string) =>
      `unknown environment variable ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
    hint: 'RODEO_* variables map to settings; `rodeo config env` lists them all',
  },
});
