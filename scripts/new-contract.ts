// `npm run new -- <template> <ContractName>`: starts a contract of your own from a template in
// templates/. It copies the template's contracts, tests and Ignition module into contracts/,
// test/ and ignition/modules/ with every name changed, then compiles and runs the new tests.
//
// Nothing is written unless every check passes, and nothing stays behind if the compile or the
// tests fail: files are staged in a temporary folder, moved into place, and removed again on
// failure. Run with --help for the options.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The toolkit checkout this script belongs to; templates are read from its templates/. */
const TOOLKIT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const TEMPLATES_DIR = join(TOOLKIT_ROOT, "templates");

/** A user's mistake: printed as one line, exit code 1, nothing written. */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScaffoldError";
  }
}

export interface TemplateInfo {
  name: string;
  contract: string;
  summary: string;
}

/** One file to create: where it goes (relative to the project root) and what it contains. */
export interface PlannedFile {
  path: string;
  content: string;
}

/** Lists the templates (folders of templates/ with a template.json), sorted by name. */
export function listTemplates(templatesDir = TEMPLATES_DIR): TemplateInfo[] {
  if (!existsSync(templatesDir)) return [];

  const templates: TemplateInfo[] = [];
  for (const name of readdirSync(templatesDir).sort()) {
    const manifest = join(templatesDir, name, "template.json");
    if (!existsSync(manifest)) continue;
    const { contract, summary } = JSON.parse(readFileSync(manifest, "utf8")) as TemplateInfo;
    templates.push({ name, contract, summary });
  }
  return templates;
}

/**
 * A new contract's name must be a Solidity identifier, and more: it also names files, a folder
 * and the interface `I<Name>`, so it is PascalCase letters and digits. Solidity's keywords are
 * all lower case, so none can be a valid name here.
 */
export function checkContractName(name: string): void {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new ScaffoldError(
      `"${name}" is not a usable contract name: use letters and digits starting with A-Z ` +
        `(PascalCase), e.g. MyShop`,
    );
  }
}

/** `MyShop` -> `my-shop`, `ERC20Vault` -> `erc20-vault`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Where a file of the template goes, relative to the project root, or undefined to skip it. */
function destinationOf(templateRelative: string, kebab: string): string | undefined {
  const [top, ...rest] = templateRelative.split(sep);
  const inside = rest.join("/");
  if (top === "contracts") return `contracts/${kebab}/${inside}`;
  if (top === "test") return `test/${kebab}/${inside}`;
  if (top === "ignition") return `ignition/modules/${inside}`;
  if (templateRelative === "README.md") return `contracts/${kebab}/README.md`;
  return undefined;
}

function filesUnder(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else files.push(path);
  }
  return files;
}

const RELATIVE_IMPORT = /(\bfrom\s+|\bimport\s+)(["'])(\.\.?\/[^"']*)\2/g;

/**
 * Computes every file the new contract needs, without writing anything. Relative imports are
 * re-rooted: one that points inside the template follows the file to its new place; one that
 * points elsewhere in the toolkit (the KC interface, the test helpers) is made to point at the
 * same file of the target project from the new place.
 */
export function planScaffold(
  template: TemplateInfo,
  contractName: string,
  templatesDir = TEMPLATES_DIR,
): PlannedFile[] {
  const templateDir = join(templatesDir, template.name);
  const toolkitRoot = dirname(templatesDir);
  const kebab = kebabCase(contractName);
  const rename = (text: string) =>
    text
      .replaceAll(template.contract, contractName)
      .replaceAll(camelCase(template.contract), camelCase(contractName))
      .replaceAll(" (template)", "");

  const destinations = new Map<string, string>();
  for (const file of filesUnder(templateDir)) {
    const destination = destinationOf(relative(templateDir, file), kebab);
    if (destination !== undefined) destinations.set(file, rename(destination));
  }

  const planned: PlannedFile[] = [];
  for (const [file, destination] of destinations) {
    const original = readFileSync(file, "utf8");
    const rerooted = original.replace(RELATIVE_IMPORT, (match, keyword, quote, specifier) => {
      const target = resolve(dirname(file), specifier);
      const targetInProject = destinations.get(target) ?? relative(toolkitRoot, target);
      if (targetInProject.startsWith("..")) return match;

      let moved = relative(dirname(destination), targetInProject).split(sep).join("/");
      if (!moved.startsWith(".")) moved = `./${moved}`;
      return `${keyword}${quote}${moved}${quote}`;
    });
    planned.push({ path: destination, content: rename(rerooted) });
  }
  return planned.sort((a, b) => a.path.localeCompare(b.path));
}

/** solhint's `max-line-length` in .solhintrc.yml; `npm run lint` fails on a longer line. */
export const MAX_SOLIDITY_LINE = 120;

/** Whether prettier leaves `line` as it is: a comment. Code lines it breaks to fit. */
const isComment = (line: string) => /^\s*(\/\/|\/\*|\*)/.test(line);

/** The first Solidity line of the plan longer than solhint allows, if any. */
function firstLongLine(
  planned: PlannedFile[],
  keep: (line: string) => boolean,
): { path: string; line: number; length: number } | undefined {
  for (const file of planned.filter((f) => f.path.endsWith(".sol"))) {
    const lines = file.content.split("\n");
    const index = lines.findIndex((line) => line.length > MAX_SOLIDITY_LINE && keep(line));
    if (index !== -1) return { path: file.path, line: index + 1, length: lines[index]!.length };
  }
  return undefined;
}

/**
 * Refuses a name so long that it pushes a comment of the template past solhint's line limit:
 * prettier rewraps code but never comments, so the copy would fail `npm run lint`. The message
 * gives the longest name that fits this template (about: a name's other spellings, such as
 * the folder's kebab-case, differ in length with its capitals).
 */
export function checkLineWidths(
  template: TemplateInfo,
  contractName: string,
  planned: PlannedFile[],
  templatesDir = TEMPLATES_DIR,
): void {
  const long = firstLongLine(planned, isComment);
  if (long === undefined) return;

  let fits = contractName.length - 1;
  const sample = (length: number) => "A" + "b".repeat(length - 1);
  while (fits > 1 && firstLongLine(planScaffold(template, sample(fits), templatesDir), isComment)) {
    fits -= 1;
  }
  throw new ScaffoldError(
    `"${contractName}" is too long for the ${template.name} template: it makes line ` +
      `${long.line} of ${long.path} ${long.length} characters long, past the ` +
      `${MAX_SOLIDITY_LINE} that solhint allows. Use a name of at most about ${fits} characters`,
  );
}

/**
 * After prettier: the lines it could not bring under the limit either (a long import path, say),
 * or undefined when every line fits.
 */
function longLineAfterFormat(root: string, planned: PlannedFile[]) {
  const formatted = planned.map((file) => ({
    path: file.path,
    content: readFileSync(join(root, file.path), "utf8"),
  }));
  return firstLongLine(formatted, () => true);
}

const DECLARATION = /^\s*(?:abstract\s+contract|contract|interface|library)\s+([A-Za-z_$][\w$]*)/gm;

/** Every contract, interface and library name declared in `source`. */
export function declaredNames(source: string): string[] {
  return [...source.matchAll(DECLARATION)].map((match) => match[1]!);
}

/**
 * Refuses a plan whose files exist already, or whose contract, interface or library names are
 * declared anywhere under contracts/, test/ or templates/ of the project, or have an artifact.
 */
export function checkNothingTaken(root: string, planned: PlannedFile[]): void {
  for (const file of planned) {
    if (existsSync(join(root, file.path))) {
      throw new ScaffoldError(`${file.path} exists already; choose another contract name`);
    }
  }

  const wanted = new Set(
    planned.filter((file) => file.path.endsWith(".sol")).flatMap((f) => declaredNames(f.content)),
  );

  for (const folder of ["contracts", "test", "templates"]) {
    const absolute = join(root, folder);
    if (!existsSync(absolute)) continue;
    for (const file of filesUnder(absolute).filter((path) => path.endsWith(".sol"))) {
      const clash = declaredNames(readFileSync(file, "utf8")).find((name) => wanted.has(name));
      if (clash !== undefined) {
        throw new ScaffoldError(
          `the name ${clash} is taken: ${relative(root, file)} declares it; choose another contract name`,
        );
      }
    }
  }

  const artifacts = join(root, "artifacts");
  if (existsSync(artifacts)) {
    for (const file of filesUnder(artifacts)) {
      const match = /([^/\\]+)\.json$/.exec(file);
      if (match === null || file.endsWith(".dbg.json")) continue;
      if (wanted.has(match[1]!)) {
        throw new ScaffoldError(
          `the name ${match[1]} is taken: an artifact exists at ${relative(root, file)}; ` +
            `choose another contract name (or run \`npx hardhat clean\` if it is stale)`,
        );
      }
    }
  }
}

/** What was moved into the project, so it can be taken out again. */
export interface Placement {
  files: string[];
  folders: string[];
}

/**
 * Stages every file in a temporary folder, then moves them into the project. Folders that did not
 * exist are created and remembered. If a move fails half-way, what was moved is removed again.
 */
export function placeFiles(root: string, planned: PlannedFile[]): Placement {
  const staging = mkdtempSync(join(tmpdir(), "kc-new-contract-"));
  const placement: Placement = { files: [], folders: [] };
  try {
    for (const [i, file] of planned.entries())
      writeFileSync(join(staging, String(i)), file.content);

    for (const [i, file] of planned.entries()) {
      const target = join(root, file.path);
      createFolders(dirname(target), placement);
      moveFile(join(staging, String(i)), target);
      placement.files.push(target);
    }
    return placement;
  } catch (error) {
    removePlacement(placement);
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function createFolders(folder: string, placement: Placement): void {
  if (existsSync(folder)) return;
  createFolders(dirname(folder), placement);
  mkdirSync(folder);
  placement.folders.push(folder);
}

/** A rename where possible; across file systems a copy to a temporary name, then a rename. */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    const partial = `${to}.partial`;
    copyFileSync(from, partial);
    renameSync(partial, to);
  }
}

/** Removes placed files, then the folders created for them (deepest first, only if empty). */
export function removePlacement(placement: Placement): void {
  for (const file of placement.files) rmSync(file, { force: true });
  for (const folder of [...placement.folders].reverse()) {
    if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
  }
}

/**
 * Formats the new files with the project's prettier and its config: a new name longer or shorter
 * than the template's moves line breaks, and `npm run lint` checks them.
 * Prettier does not rewrap comments: {checkLineWidths} refuses names that would need it.
 * Returns true when there is no prettier to run.
 */
function format(root: string, planned: PlannedFile[]): boolean {
  const prettier = prettierOf(root);
  if (!existsSync(prettier)) return true;

  const files = planned.map((file) => file.path);
  const run = spawnSync(process.execPath, [prettier, "--write", "--log-level", "warn", ...files], {
    cwd: root,
    stdio: "inherit",
  });
  return run.status === 0;
}

function prettierOf(root: string): string {
  return join(root, "node_modules", "prettier", "bin", "prettier.cjs");
}

/** Compiles the project and runs the new contract's tests; returns whether both succeeded. */
function verify(root: string, planned: PlannedFile[]): boolean {
  const tests = planned
    .map((file) => file.path)
    .filter((path) => path.startsWith("test/") && /\.(test\.ts|t\.sol)$/.test(path));
  const hardhat = join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
  if (!existsSync(hardhat)) {
    console.error(`error: Hardhat is not installed in ${root}; run npm install there first`);
    return false;
  }

  // A parent Hardhat (this command run from a test, or from a task) exports its global options
  // as HARDHAT_* variables, among them HARDHAT_CONFIG, which would point the child at the
  // parent's project. The child must read the target project's own config.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("HARDHAT_")),
  );
  const run = spawnSync(process.execPath, [hardhat, "test", ...tests], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  return run.status === 0;
}

const USAGE = `Usage: npm run new -- <template> <ContractName> [options]

Copies a template into your project under a new contract name, then compiles and runs its tests:
  contracts/<contract-name>/   the contract, its interface and the template's README
  test/<contract-name>/        its tests
  ignition/modules/            its deploy module (npx hardhat ignition deploy ...)

Options:
  --no-verify    only write the files; skip the compile and the tests
  --root DIR     the project to write into (default: the current folder)
  --list         list the templates
  -h, --help     show this help

Example: npm run new -- merchant-checkout MyShop`;

function templateList(): string {
  return listTemplates()
    .map((template) => `  ${template.name.padEnd(24)} ${template.summary}`)
    .join("\n");
}

/** The command line: returns the exit code instead of exiting, so tests can call it. */
export function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "no-verify": { type: "boolean" },
        root: { type: "string" },
        list: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}. Run with --help for usage.`);
    return 2;
  }

  const { values, positionals } = parsed;
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  if (values.list === true) {
    console.log(`Templates:\n${templateList()}`);
    return 0;
  }
  if (positionals.length !== 2) {
    console.error("error: expected <template> and <ContractName>. Run with --help for usage.");
    return 2;
  }

  const [templateName, contractName] = positionals as [string, string];
  const root = resolve(values.root ?? process.cwd());

  let planned: PlannedFile[];
  try {
    const template = listTemplates().find((candidate) => candidate.name === templateName);
    if (template === undefined) {
      throw new ScaffoldError(
        `no template named "${templateName}". Available templates:\n${templateList()}`,
      );
    }
    checkContractName(contractName);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new ScaffoldError(`the project folder ${root} does not exist`);
    }
    planned = planScaffold(template, contractName);
    checkLineWidths(template, contractName, planned);
    checkNothingTaken(root, planned);
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }

  const placement = placeFiles(root, planned);
  for (const file of planned) console.log(`created ${file.path}`);

  if (!format(root, planned)) {
    removePlacement(placement);
    console.error("error: prettier could not format the new files; every file created was removed");
    return 1;
  }
  const long = longLineAfterFormat(root, planned);
  if (long !== undefined) {
    removePlacement(placement);
    const formatted = existsSync(prettierOf(root))
      ? "even after formatting"
      : `(${root} has no prettier installed to rewrap it)`;
    console.error(
      `error: line ${long.line} of ${long.path} is ${long.length} characters long ${formatted}, ` +
        `past the ${MAX_SOLIDITY_LINE} that solhint allows; choose a shorter contract name. ` +
        "Every file created was removed",
    );
    return 1;
  }

  if (values["no-verify"] !== true) {
    console.log("\nCompiling and running the new tests...");
    if (!verify(root, planned)) {
      removePlacement(placement);
      // A compile that passed before the tests failed left artifacts under the new names, which
      // would make a second attempt refuse those names as taken.
      for (const file of planned.filter((f) => f.path.endsWith(".sol"))) {
        rmSync(join(root, "artifacts", file.path), { recursive: true, force: true });
      }
      console.error(
        `error: the compile or the tests of ${contractName} failed (output above); ` +
          "every file created was removed again",
      );
      return 1;
    }
  }

  if (values["no-verify"] === true) {
    const tests = planned.map((file) => file.path).filter((path) => path.startsWith("test/"));
    console.log(`\nNot compiled or tested (--no-verify). Run: npx hardhat test ${tests.join(" ")}`);
  }
  console.log(`\n${contractName} is ready. Read contracts/${kebabCase(contractName)}/README.md`);
  return 0;
}

if (process.argv[1]?.endsWith("new-contract.ts")) {
  process.exitCode = main(process.argv.slice(2));
}
