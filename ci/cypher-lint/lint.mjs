#!/usr/bin/env node
// Lint Neo4j-dialect Cypher files with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support), offline and without a database schema.
//
// Usage: node ci/cypher-lint/lint.mjs [--json] [--exclude DIRNAME]... [PATH ...]
//   PATH is a .cypher file or a folder searched recursively for .cypher files.
//   Without PATH: the repo's shared cypher/*.cypher and cypher/neo4j/**.cypher
//   (never cypher/falkordb/, which is FalkorDB dialect).
// A file may hold several statements: a line ending with `;` ends a statement.
// Every `$parameter` is declared, so parameters never count as errors; unknown
// labels, functions and procedures are not checked (there is no schema).
// Prints `file:line:col: error: message` per error (warnings too, marked as such)
// and exits 1 on any error, 2 on a usage error, 0 otherwise.
// --json prints {files, paths, statements, errors: [...], warnings: [...]} instead.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's ESM build has extensionless imports that Node cannot load: use CJS.
const require = createRequire(import.meta.url);
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

const ERROR = 1; // vscode DiagnosticSeverity.Error
// A schema in which every `$parameter` is declared (the linter only asks whether
// parameters[name] is undefined); this avoids parsing each statement twice.
const ALL_PARAMETERS_SCHEMA = { parameters: new Proxy({}, { get: () => null }) };
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Parse argv into {json, excludes, paths}; throws Error on a bad option. */
function parseArgs(argv) {
  const opts = { json: false, excludes: new Set(), paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') opts.json = true;
    else if (arg === '--exclude') {
      if (i + 1 >= argv.length) throw new Error('--exclude needs a folder name');
      opts.excludes.add(argv[++i]);
    } else if (arg === '-h' || arg === '--help') opts.help = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else opts.paths.push(arg);
  }
  return opts;
}

/** All .cypher files under dir (recursive, sorted), skipping folders named in excludes. */
function cypherFilesUnder(dir, excludes) {
  const found = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!excludes.has(entry.name) && entry.name !== 'node_modules') {
        found.push(...cypherFilesUnder(full, excludes));
      }
    } else if (entry.isFile() && entry.name.endsWith('.cypher')) {
      found.push(full);
    }
  }
  return found;
}

/** The default targets: shared cypher/*.cypher and cypher/neo4j/ (recursive). */
function defaultFiles() {
  const cypherDir = join(REPO_ROOT, 'cypher');
  const shared = readdirSync(cypherDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.cypher'))
    .map((e) => join(cypherDir, e.name))
    .sort();
  const neo4jDir = join(cypherDir, 'neo4j');
  let neo4j = [];
  try {
    neo4j = cypherFilesUnder(neo4jDir, new Set());
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  return [...shared, ...neo4j];
}

/** Expand the command-line paths into a list of files; throws on a missing path. */
function collectFiles(paths, excludes) {
  const files = [];
  for (const p of paths) {
    const st = statSync(p); // throws ENOENT for a missing path
    if (st.isDirectory()) files.push(...cypherFilesUnder(p, excludes));
    else files.push(p);
  }
  return files;
}

/** A path relative to the working folder when it lies inside it, else absolute. */
function displayPath(path) {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') ? rel : resolve(path);
}

/** True when text holds nothing but whitespace and comments. */
function isBlank(text) {
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return stripped.trim().replace(/;/g, '').trim().length === 0;
}

/** Split file text into statements: [{text, line}] where line is 1-based. */
function splitStatements(text) {
  const statements = [];
  const lines = text.split(/\r?\n/);
  let current = [];
  let start = 1;
  lines.forEach((line, idx) => {
    if (current.length === 0) start = idx + 1;
    current.push(line);
    if (line.trimEnd().endsWith(';')) {
      statements.push({ text: current.join('\n'), line: start });
      current = [];
    }
  });
  if (current.length > 0) statements.push({ text: current.join('\n'), line: start });
  return statements.filter((s) => !isBlank(s.text));
}

/** Lint one statement; returns diagnostics with file-relative 1-based line/column. */
function lintStatement(file, stmt) {
  let diagnostics;
  try {
    diagnostics = lintCypherQuery(stmt.text, ALL_PARAMETERS_SCHEMA);
  } catch (err) {
    diagnostics = [
      {
        severity: ERROR,
        range: { start: { line: 0, character: 0 } },
        message: `linter crashed: ${err.message}`,
      },
    ];
  }
  return diagnostics.map((d) => ({
    file,
    line: stmt.line + d.range.start.line,
    column: d.range.start.character + 1,
    statementLine: stmt.line,
    severity: d.severity === ERROR ? 'error' : 'warning',
    message: d.message,
  }));
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`lint.mjs: ${err.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(
      'usage: node lint.mjs [--json] [--exclude DIRNAME]... [FILE_OR_FOLDER ...]\n',
    );
    return 0;
  }
  let files;
  try {
    files = opts.paths.length ? collectFiles(opts.paths, opts.excludes) : defaultFiles();
  } catch (err) {
    process.stderr.write(`lint.mjs: ${err.message}\n`);
    return 2;
  }

  const diagnostics = [];
  const shownPaths = files.map(displayPath);
  let statementCount = 0;
  for (const [i, path] of files.entries()) {
    const shown = shownPaths[i];
    const statements = splitStatements(readFileSync(path, 'utf8'));
    statementCount += statements.length;
    for (const stmt of statements) diagnostics.push(...lintStatement(shown, stmt));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');

  if (opts.json) {
    const report = {
      files: files.length,
      paths: shownPaths,
      statements: statementCount,
      errors,
      warnings,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const d of diagnostics) {
      const message = d.message.replace(/\s+/g, ' ');
      process.stdout.write(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${message}\n`);
    }
    process.stdout.write(
      `cypher-lint: ${files.length} files, ${statementCount} statements, ` +
        `${errors.length} errors, ${warnings.length} warnings\n`,
    );
  }
  return errors.length > 0 ? 1 : 0;
}

process.exitCode = main();
