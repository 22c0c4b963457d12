#!/usr/bin/env node
// Lints creditgraph's Cypher library offline with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support, pinned in package.json; see docs in
// /work/shared/design/stores.md, "Proving the Neo4j side without a server").
//
// stdin:  {"schema": DbSchema, "queries": [{"name": str, "text": str}], "versions": ["5", "25"]}
//         DbSchema: {labels, relationshipTypes, propertyKeys, graphSchema: [{from, relType, to}]}
// stdout: {"library": {"name", "version"}, "node": str,
//          "results": [{"name", "version": "5"|"25", "diagnostics": [
//              {"severity": "error"|"warning"|"info"|"hint", "message", "line", "col",
//               "endLine", "endCol", "code": str|null, "deprecated": bool}]}]}
//         line/col are 1-based positions in the text as given (no prefix is added: the
//         version is passed through the library's own option, DbSchema.defaultLanguage).
//
// The function and procedure registries are a real server's built-ins, taken from the
// library's testData.mockSchema: built-in functions only (isBuiltIn), and procedures minus
// the APOC and GDS plugins, which production does not rely on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import {
  allCypherVersions,
  isNotParamError,
  lintCypherQuery,
  testData,
} from '@neo4j-cypher/language-support';

const PLUGIN_PREFIXES = ['apoc.', 'gds.'];
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const DEPRECATED_TAG = 2; // vscode-languageserver-types DiagnosticTag.Deprecated

function libraryVersion() {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@neo4j-cypher/language-support');
  // .../node_modules/@neo4j-cypher/language-support/dist/cjs/index.cjs -> package root
  const root = main.slice(0, main.indexOf('/dist/'));
  return JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).version;
}

function filterRegistry(scoped, keep) {
  const out = {};
  for (const [version, registry] of Object.entries(scoped ?? {})) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(([name, entry]) => keep(name, entry)),
    );
  }
  return out;
}

function mergeScoped(base, extra) {
  const out = { ...base };
  for (const [version, registry] of Object.entries(extra ?? {})) {
    out[version] = { ...(out[version] ?? {}), ...registry };
  }
  return out;
}

function builtInSchema() {
  const mock = testData.mockSchema;
  const isPlugin = (name) => PLUGIN_PREFIXES.some((p) => name.startsWith(p));
  return {
    functions: filterRegistry(mock.functions, (name, fn) => fn.isBuiltIn && !isPlugin(name)),
    procedures: filterRegistry(mock.procedures, (name) => !isPlugin(name)),
  };
}

function toCypherVersion(v) {
  const s = String(v).trim();
  const full = /^CYPHER /i.test(s) ? `CYPHER ${s.slice(7).trim()}` : `CYPHER ${s}`;
  if (!allCypherVersions.includes(full)) {
    throw new Error(`unknown Cypher version ${JSON.stringify(v)}; known: ${allCypherVersions.join(', ')}`);
  }
  return full;
}

// A text that pins its own version (`CYPHER 25 MATCH ...`) would override defaultLanguage and
// be linted under that version only: the library's files must leave the version to the caller.
const VERSION_PREFIX = /^(?:\s*\/\/[^\n]*\n|\s+|\/\*[\s\S]*?\*\/)*CYPHER\s+\d+/i;

function versionPrefixDiagnostic(text) {
  if (!VERSION_PREFIX.test(text)) return [];
  return [
    {
      severity: 'error',
      message: 'the query pins its own Cypher version; leave the version to the caller (CYPHER 5 and CYPHER 25 are both linted)',
      line: 1,
      col: 1,
      endLine: 1,
      endCol: 1,
      code: 'version-prefix',
      deprecated: false,
    },
  ];
}

function convert(d) {
  return {
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
    line: d.range.start.line + 1,
    col: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endCol: d.range.end.character + 1,
    code: d.code === undefined || d.code === null ? null : String(d.code),
    deprecated: Array.isArray(d.tags) && d.tags.includes(DEPRECATED_TAG),
  };
}

function buildSchema(given) {
  const builtIns = builtInSchema();
  return {
    labels: [],
    relationshipTypes: [],
    propertyKeys: [],
    ...given,
    functions: mergeScoped(builtIns.functions, given.functions),
    procedures: mergeScoped(builtIns.procedures, given.procedures),
  };
}

function crashDiagnostic(err) {
  return {
    severity: 'error',
    message: `the linter crashed on this query: ${err?.stack ?? err}`,
    line: 1,
    col: 1,
    endLine: 1,
    endCol: 1,
    code: 'lint-crash',
    deprecated: false,
  };
}

// jobs: [{index, name, text, version: "5"|"25"}] -> [{index, diagnostics}]
function lintJobs(given, jobs) {
  const schema = buildSchema(given);
  const versioned = {};
  for (const job of jobs) {
    const full = toCypherVersion(job.version);
    versioned[full] ??= { ...schema, defaultLanguage: full };
  }
  // The library must not write to stdout: it carries our one JSON answer.
  const log = console.log;
  console.log = (...args) => console.error(...args);
  try {
    return jobs.map(({ index, text, version }) => {
      let diagnostics;
      try {
        diagnostics = lintCypherQuery(text, versioned[toCypherVersion(version)], {
          consoleCommandsEnabled: false,
        })
          .diagnostics.filter(isNotParamError)
          .map(convert)
          .concat(versionPrefixDiagnostic(text));
      } catch (err) {
        diagnostics = [crashDiagnostic(err)];
      }
      return { index, diagnostics };
    });
  } finally {
    console.log = log;
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  const request = JSON.parse(await readStdin());
  const schema = request.schema ?? {};
  const versions = (request.versions ?? ['5', '25']).map((v) =>
    toCypherVersion(v).slice('CYPHER '.length),
  );
  const queries = request.queries ?? [];
  const jobs = [];
  for (const version of versions) {
    for (const { name, text } of queries) jobs.push({ index: jobs.length, name, text, version });
  }

  // One thread: Neo4j's semantic analysis (~0.1-0.2 s a statement) dominates, and worker
  // threads (one library load each) measured slower than this on a 2-core machine.
  const linted = lintJobs(schema, jobs);
  const byIndex = new Map(linted.map((r) => [r.index, r.diagnostics]));
  const answer = {
    library: { name: '@neo4j-cypher/language-support', version: libraryVersion() },
    node: process.version,
    results: jobs.map(({ index, name, version }) => ({
      name,
      version,
      diagnostics: byIndex.get(index),
    })),
  };
  process.stdout.write(JSON.stringify(answer) + '\n');
}

main().catch((err) => {
  process.stderr.write(`cypher-lint: ${err?.stack ?? err}\n`);
  process.exit(2);
});
