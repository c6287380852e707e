// Branch coverage of `if` statements and `try` clauses, derived from the
// statement coverage that Hardhat 3 records.
//
// Hardhat's lcov output has no branch records (EDR reports statements only).
// But EDR's statement tags are deterministic: instrumenting a file again gives
// the same tag for each statement, and `coverage/data/**.json` maps the tags
// that ran. With the file's syntax tree from solc, each branch is then judged
// by a statement that runs exactly when that branch is taken:
//
// - the true branch of an `if`: the first statement of its body;
// - the false branch: the first statement of the `else` body; with no `else`,
//   the statement right after the `if` when the true body always ends in
//   `revert` or `return` (the usual `if (bad) revert Error();` guard);
// - each `try` clause: the first statement of its block.
//
// NOTE: an `if` without `else` whose body can fall through, the last statement
// of a block, ternaries and short-circuit operators cannot be judged this way;
// they are listed as undetermined and left out of the ratio. Drop this module
// once Hardhat's lcov output carries BRDA lines.
import { createRequire } from "node:module";

import { addStatementCoverageInstrumentation } from "@nomicfoundation/edr";

const require = createRequire(import.meta.url);

export interface Branch {
  line: number;
  description: string;
  /** true: taken, false: never taken, undefined: cannot be judged. */
  taken: boolean | undefined;
}

interface AstNode {
  nodeType: string;
  src: string;
  [key: string]: unknown;
}

interface Statement {
  start: number;
  end: number;
  tag: string;
}

/** Parses Solidity into solc's AST without resolving imports. */
function parse(file: string, content: string): AstNode {
  const solc = require("solc");
  const input = {
    language: "Solidity",
    sources: { [file]: { content } },
    settings: { stopAfter: "parsing", outputSelection: { "*": { "": ["ast"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length > 0) throw new Error(`${file}: ${errors[0].formattedMessage}`);

  return output.sources[file].ast as AstNode;
}

/** solc gives byte offsets; EDR gives UTF-16 offsets. */
function byteToUtf16Offsets(content: string): (byteOffset: number) => number {
  const map: number[] = [];
  let utf16 = 0;
  for (const char of content) {
    const bytes = Buffer.byteLength(char, "utf8");
    for (let i = 0; i < bytes; i++) map.push(utf16);
    utf16 += char.length;
  }
  map.push(utf16);

  return (byteOffset) => map[byteOffset];
}

function lineOf(content: string, utf16Offset: number): number {
  return content.slice(0, utf16Offset).split("\n").length;
}

function terminates(node: AstNode | undefined): boolean {
  if (!node) return false;
  if (node.nodeType === "RevertStatement" || node.nodeType === "Return") return true;
  if (node.nodeType === "Block" || node.nodeType === "UncheckedBlock") {
    const statements = node.statements as AstNode[];
    return terminates(statements[statements.length - 1]);
  }
  if (node.nodeType === "IfStatement") {
    return terminates(node.trueBody as AstNode) && terminates(node.falseBody as AstNode);
  }
  return false;
}

function firstStatement(node: AstNode | undefined): AstNode | undefined {
  if (!node) return undefined;
  if (node.nodeType === "Block" || node.nodeType === "UncheckedBlock") {
    return (node.statements as AstNode[])[0];
  }
  return node;
}

/**
 * Lists the branches of one source file and whether each was taken.
 * @param file the path relative to the project root, e.g. contracts/a.sol
 * @param hitTags the statement tags that ran, from coverage/data
 */
export function branchesOf(
  file: string,
  content: string,
  solcVersion: string,
  hitTags: Set<string>,
): Branch[] {
  const { metadata } = addStatementCoverageInstrumentation(
    content,
    `project/${file}`,
    solcVersion,
  );
  const statements: Statement[] = metadata
    .filter((m) => m.kind === "statement")
    .map((m) => ({ start: m.startUtf16, end: m.endUtf16, tag: Buffer.from(m.tag).toString("hex") }));
  const toUtf16 = byteToUtf16Offsets(content);

  const startOf = (node: AstNode) => toUtf16(Number(node.src.split(":")[0]));
  const ran = (node: AstNode | undefined): boolean | undefined => {
    if (!node) return undefined;
    const start = startOf(node);
    // EDR's ranges begin where the previous token ended, so a statement
    // matches a node when only white space lies between their starts.
    const statement = statements.find(
      (s) => s.start <= start && start < s.end && content.slice(s.start, start).trim() === "",
    );
    return statement ? hitTags.has(statement.tag) : undefined;
  };

  const branches: Branch[] = [];
  const visit = (node: unknown, siblings: AstNode[] | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((child) => visit(child, siblings));
      return;
    }
    if (!node || typeof node !== "object") return;
    const ast = node as AstNode;
    const line = typeof ast.src === "string" ? lineOf(content, startOf(ast)) : 0;

    if (ast.nodeType === "IfStatement") {
      const trueBody = ast.trueBody as AstNode;
      const falseBody = ast.falseBody as AstNode | undefined;
      branches.push({ line, description: "if: true", taken: ran(firstStatement(trueBody)) });

      let falseTaken: boolean | undefined;
      if (falseBody) {
        falseTaken = ran(firstStatement(falseBody));
      } else if (terminates(trueBody) && siblings) {
        falseTaken = ran(siblings[siblings.indexOf(ast) + 1]);
      }
      branches.push({ line, description: "if: false", taken: falseTaken });
    }

    if (ast.nodeType === "TryStatement") {
      for (const [index, clause] of (ast.clauses as AstNode[]).entries()) {
        const name = index === 0 ? "success" : `catch ${clause.errorName || "(any)"}`;
        const block = clause.block as AstNode;
        branches.push({ line, description: `try: ${name}`, taken: ran(firstStatement(block)) });
      }
    }

    for (const [key, value] of Object.entries(ast)) {
      if (key === "statements") visit(value, value as AstNode[]);
      else if (typeof value === "object") visit(value, undefined);
    }
  };
  visit(parse(file, content), undefined);

  return branches;
}
