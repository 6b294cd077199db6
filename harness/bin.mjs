#!/usr/bin/env node
// The `gospec` command (package.json "bin"): registers tsx's ESM loader so
// Node can import the TypeScript sources as they are, then runs the CLI.
// Resolving cli.ts against this file's URL makes it work from any cwd and
// through npx's symlink in node_modules/.bin.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('./cli.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
