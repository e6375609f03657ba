#!/usr/bin/env node
// Regenerates the configuration reference in README.md from the zod schemas (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { configReferenceMarkdown, DOCS_BEGIN, DOCS_END } = await import('../config/index.ts');
const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const start = readme.indexOf(DOCS_BEGIN);
const end = readme.indexOf(DOCS_END);
if (start === -1 || end === -1) throw new Error('README.md has no config-reference markers');
writeFileSync(path, readme.slice(0, start) + configReferenceMarkdown() + readme.slice(end + DOCS_END.length));
