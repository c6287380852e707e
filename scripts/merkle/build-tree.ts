// Builds the Merkle tree and every claimant's proof for the merkle-airdrop template from a CSV
// of `address,amount` lines, and writes them as one JSON file.
//
//   node scripts/merkle/build-tree.ts airdrop.csv airdrop-tree.json [--decimals 18]
//
// Leaves are `(uint256 index, address account, uint256 amount)`, hashed twice as
// @openzeppelin/merkle-tree's StandardMerkleTree does, which is what MerkleAirdrop.sol checks.
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, parseUnits, ZeroAddress } from "ethers";

/** The ABI types of one leaf; MerkleAirdrop.sol encodes the same three values. */
export const LEAF_ENCODING = ["uint256", "address", "uint256"];

/** The `format` field of the JSON this script writes; bump it when the shape changes. */
export const AIRDROP_TREE_FORMAT = "kc-merkle-airdrop/1";

/** KC has 18 decimals; amounts in the CSV are whole or fractional KC. */
const DEFAULT_DECIMALS = 18;

/** One claimant, in the order of the CSV. */
export interface AirdropEntry {
  index: number;
  account: string;
  amount: bigint;
  line: number;
}

/** What a claimant needs to call `claim(index, account, amount, proof)`. */
export interface AirdropClaim {
  index: number;
  amount: string;
  proof: string[];
}

/** The JSON file this script writes. Amounts are decimal strings of base units. */
export interface AirdropTreeFile {
  format: typeof AIRDROP_TREE_FORMAT;
  root: string;
  leafEncoding: string[];
  decimals: number;
  count: number;
  total: string;
  claims: Record<string, AirdropClaim>;
  tree: ReturnType<StandardMerkleTree<[number, string, string]>["dump"]>;
}

/** A problem in the input that the user must fix; `line` is 1-based, 0 when not about a line. */
export class AirdropInputError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.name = "AirdropInputError";
    this.line = line;
  }
}

/**
 * Parses and validates the CSV text. An optional first line `address,amount` is a header.
 * Blank lines are skipped. Throws {@link AirdropInputError} naming the first bad line.
 */
export function parseAirdropCsv(text: string, decimals = DEFAULT_DECIMALS): AirdropEntry[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const entries: AirdropEntry[] = [];
  const firstLineOf = new Map<string, number>();

  for (const [offset, raw] of lines.entries()) {
    const line = offset + 1;
    const content = raw.trim();
    if (content === "") continue;
    if (entries.length === 0 && /^address\s*,\s*amount$/i.test(content)) {
      continue;
    }

    const fields = content.split(",").map((field) => field.trim());
    if (fields.length !== 2) {
      throw new AirdropInputError(
        line,
        `expected "address,amount" (2 fields), found ${fields.length}`,
      );
    }

    const account = parseAccount(fields[0]!, line);
    const amount = parseAmount(fields[1]!, decimals, line);

    const key = account.toLowerCase();
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      throw new AirdropInputError(
        line,
        `duplicate address ${account} (first on line ${earlier}); merge the two amounts into one line`,
      );
    }
    firstLineOf.set(key, line);

    entries.push({ index: entries.length, account, amount, line });
  }

  if (entries.length === 0) {
    throw new AirdropInputError(0, "no claimants: the CSV has no address,amount lines");
  }
  return entries;
}

function parseAccount(field: string, line: number): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(field)) {
    throw new AirdropInputError(line, `bad address "${field}": expected 0x and 40 hex digits`);
  }

  let account: string;
  try {
    account = getAddress(field);
  } catch {
    throw new AirdropInputError(
      line,
      `bad address "${field}": its mixed-case checksum is wrong (check for a typo)`,
    );
  }

  if (account === ZeroAddress) {
    throw new AirdropInputError(line, "the zero address cannot claim");
  }
  return account;
}

function parseAmount(field: string, decimals: number, line: number): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(field);
  if (match === null) {
    throw new AirdropInputError(
      line,
      `bad amount "${field}": expected a positive decimal number such as 12 or 0.5`,
    );
  }
  if ((match[2] ?? "").length > decimals) {
    throw new AirdropInputError(
      line,
      `bad amount "${field}": more than ${decimals} digits after the decimal point`,
    );
  }

  const amount = parseUnits(field, decimals);
  if (amount === 0n) {
    throw new AirdropInputError(line, `bad amount "${field}": must be more than zero`);
  }
  return amount;
}

/** Builds the tree over validated entries and collects each claimant's proof. */
export function buildAirdropTree(
  entries: AirdropEntry[],
  decimals = DEFAULT_DECIMALS,
): AirdropTreeFile {
  const values = entries.map((entry): [number, string, string] => [
    entry.index,
    entry.account,
    entry.amount.toString(),
  ]);
  const tree = StandardMerkleTree.of(values, LEAF_ENCODING);

  const claims: Record<string, AirdropClaim> = {};
  for (const [position, [index, account, amount]] of tree.entries()) {
    claims[account] = { index, amount, proof: tree.getProof(position) };
  }

  const total = entries.reduce((sum, entry) => sum + entry.amount, 0n);
  return {
    format: AIRDROP_TREE_FORMAT,
    root: tree.root,
    leafEncoding: LEAF_ENCODING,
    decimals,
    count: entries.length,
    total: total.toString(),
    claims,
    tree: tree.dump(),
  };
}

/**
 * Writes `data` as JSON to `path` through a temporary file in the same folder and a rename, so
 * readers see either the old file or the whole new one, never half of it.
 */
export function writeJsonAtomically(path: string, data: unknown): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(data, null, 2) + "\n", { flag: "wx" });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

const USAGE = `Usage: node scripts/merkle/build-tree.ts <input.csv> <output.json> [--decimals N]

Reads "address,amount" lines (an optional header line "address,amount"; amounts in whole or
fractional tokens, 18 decimals unless --decimals says otherwise), validates every line, and writes
the Merkle root, the total to fund the airdrop with, and each address's index, amount and proof.
Fields are plain: no quotes, no thousands separators (write 1000, not "1,000").

Options:
  --decimals N   decimals of the token (default 18, as KC)
  -h, --help     show this help`;

/** The command line: returns the exit code instead of exiting, so tests can call it. */
export function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { decimals: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}. Run with --help for usage.`);
    return 2;
  }

  if (parsed.values.help === true) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 2) {
    console.error("error: expected <input.csv> and <output.json>. Run with --help for usage.");
    return 2;
  }
  const decimalsText = parsed.values.decimals ?? String(DEFAULT_DECIMALS);
  if (!/^\d{1,2}$/.test(decimalsText) || Number(decimalsText) > 77) {
    console.error(`error: --decimals must be a whole number from 0 to 77, got "${decimalsText}"`);
    return 2;
  }
  const decimals = Number(decimalsText);
  const [inputPath, outputPath] = parsed.positionals as [string, string];

  let text: string;
  try {
    text = readFileSync(inputPath, "utf8");
  } catch (error) {
    console.error(`error: cannot read ${inputPath}: ${(error as NodeJS.ErrnoException).code}`);
    return 1;
  }

  let result: AirdropTreeFile;
  try {
    result = buildAirdropTree(parseAirdropCsv(text, decimals), decimals);
  } catch (error) {
    if (!(error instanceof AirdropInputError)) throw error;
    const where = error.line > 0 ? `${inputPath}:${error.line}` : inputPath;
    console.error(`error: ${where}: ${error.message}`);
    return 1;
  }

  try {
    writeJsonAtomically(outputPath, result);
  } catch (error) {
    console.error(`error: cannot write ${outputPath}: ${(error as NodeJS.ErrnoException).code}`);
    return 1;
  }

  console.log(
    `Wrote ${basename(outputPath)}: ${result.count} claimants, root ${result.root}, ` +
      `fund the airdrop with ${result.total} base units.`,
  );
  return 0;
}

if (process.argv[1]?.endsWith("build-tree.ts")) {
  process.exitCode = main(process.argv.slice(2));
}
