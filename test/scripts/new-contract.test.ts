import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

import { expect } from "chai";

import {
  MAX_SOLIDITY_LINE,
  ScaffoldError,
  checkLineWidths,
  kebabCase,
  listTemplates,
  planScaffold,
} from "../../scripts/new-contract.ts";

const TOOLKIT = process.cwd();
const SCRIPT = join(TOOLKIT, "scripts", "new-contract.ts");
const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s+)["'](\.\.?\/[^"']*)["']/g;

function runNew(args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `folder`, relative to it, sorted. */
function tree(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/** Top-level entries a scratch project never needs, or gets in a smaller form. */
const NOT_COPIED = new Set([
  ".git",
  ".ci",
  ".ponder",
  "node_modules",
  "artifacts",
  "cache",
  "types",
  "coverage",
  "contracts",
  "test",
  "templates",
  "indexer",
  "deployments",
  "ignition",
  "docs",
]);

/**
 * A scratch copy of the toolkit that Hardhat can build and test in: everything the config may
 * import (config files, scripts/, deploy/), but of the Solidity only the KC token, and of the
 * tests only the test library and the token helper; node_modules is linked, not copied.
 */
function makeProject(root: string, { withTestLibrary }: { withTestLibrary: boolean }) {
  for (const entry of readdirSync(TOOLKIT)) {
    if (NOT_COPIED.has(entry)) continue;
    cpSync(join(TOOLKIT, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(TOOLKIT, "node_modules"), join(root, "node_modules"), "dir");
  for (const folder of ["test/contracts", "templates"]) {
    mkdirSync(join(root, folder), { recursive: true });
  }
  cpSync(join(TOOLKIT, "contracts", "token"), join(root, "contracts", "token"), {
    recursive: true,
  });
  cpSync(join(TOOLKIT, "test", "helpers", "token.ts"), join(root, "test", "helpers", "token.ts"));
  if (withTestLibrary) {
    cpSync(join(TOOLKIT, "test", "lib"), join(root, "test", "lib"), { recursive: true });
  }
}

describe("scripts/new-contract", function () {
  let root: string;

  beforeEach(function () {
    root = mkdtempSync(join(tmpdir(), "kc-new-"));
  });

  afterEach(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it("derives folder names from contract names", function () {
    expect(kebabCase("MyShop")).to.equal("my-shop");
    expect(kebabCase("ERC20Vault")).to.equal("erc20-vault");
    expect(kebabCase("Shop2")).to.equal("shop2");
  });

  it("lists the templates with --list", function () {
    const result = runNew(["--list"]);

    expect(result.status).to.equal(0);
    expect(listTemplates().map((template) => template.name)).to.deep.equal([
      "escrow-marketplace",
      "merchant-checkout",
      "merkle-airdrop",
      "subscription-service",
      "token-vesting",
    ]);
    for (const template of listTemplates()) {
      expect(result.stdout).to.include(`${template.name.padEnd(24)} ${template.summary}`);
    }
  });

  it("prints usage with --help", function () {
    const result = runNew(["--help"]);

    expect(result.status).to.equal(0);
    expect(result.stdout).to.match(/^Usage: npm run new -- <template> <ContractName>/);
  });

  describe("when the input is wrong", function () {
    it("lists the available templates for an unknown one and writes nothing", function () {
      const result = runNew(["no-such-template", "MyShop", "--root", root]);

      expect(result.status).to.equal(1);
      expect(result.stderr).to.match(/^error: no template named "no-such-template"/);
      for (const template of listTemplates()) expect(result.stderr).to.include(template.name);
      expect(tree(root)).to.deep.equal([]);
    });

    it("refuses a name that is not a PascalCase Solidity identifier", function () {
      for (const name of ["my-shop", "1Shop", "_Shop", "Shop$", "shop"]) {
        const result = runNew(["merchant-checkout", name, "--root", root]);

        expect(result.status, name).to.equal(1);
        expect(result.stderr.trim()).to.equal(
          `error: "${name}" is not a usable contract name: use letters and digits starting ` +
            "with A-Z (PascalCase), e.g. MyShop",
        );
      }
      expect(tree(root)).to.deep.equal([]);
    });

    it("refuses a name declared anywhere in the project's Solidity", function () {
      mkdirSync(join(root, "contracts", "shop"), { recursive: true });
      writeFileSync(join(root, "contracts", "shop", "Other.sol"), "interface IMyShop {}\n");
      const before = tree(root);

      const result = runNew(["merchant-checkout", "MyShop", "--root", root, "--no-verify"]);

      expect(result.status).to.equal(1);
      expect(result.stderr.trim()).to.equal(
        "error: the name IMyShop is taken: contracts/shop/Other.sol declares it; " +
          "choose another contract name",
      );
      expect(tree(root)).to.deep.equal(before);
    });

    it("refuses a name that has an artifact", function () {
      const artifact = join(root, "artifacts", "contracts", "old", "MyShop.sol", "MyShop.json");
      mkdirSync(dirname(artifact), { recursive: true });
      writeFileSync(artifact, "{}");
      const before = tree(root);

      const result = runNew(["merchant-checkout", "MyShop", "--root", root, "--no-verify"]);

      expect(result.status).to.equal(1);
      expect(result.stderr).to.match(/^error: the name MyShop is taken: an artifact exists at /);
      expect(tree(root)).to.deep.equal(before);
    });

    it("refuses a name that pushes a comment past solhint's line limit", function () {
      const name = "Quarterly" + "Vesting".repeat(5);

      const result = runNew(["token-vesting", name, "--root", root, "--no-verify"]);

      expect(result.status).to.equal(1);
      expect(result.stderr.trim()).to.match(
        new RegExp(
          `^error: "${name}" is too long for the token-vesting template: it makes line \\d+ of ` +
            `\\S+\\.sol \\d+ characters long, past the ${MAX_SOLIDITY_LINE} that solhint ` +
            "allows. Use a name of at most about \\d+ characters$",
        ),
      );
      expect(tree(root)).to.deep.equal([]);
    });

    it("removes the files when a code line is still too long after formatting", function () {
      // The temporary project has no prettier, so nothing rewraps the long code lines that a
      // name this long makes, though it passes the comment check.
      const name = "A" + "b".repeat(94);

      const result = runNew(["merchant-checkout", name, "--root", root, "--no-verify"]);

      expect(result.status).to.equal(1);
      expect(result.stderr.trim()).to.match(
        new RegExp(
          `^error: line \\d+ of contracts/${kebabCase(name)}/\\S+\\.sol is \\d+ characters long ` +
            `\\(.+ has no prettier installed to rewrap it\\), past the ${MAX_SOLIDITY_LINE} ` +
            "that solhint allows; choose a shorter contract name. Every file created was removed$",
        ),
      );
      expect(tree(root)).to.deep.equal([]);
    });

    it("names the longest name that fits, which does fit", function () {
      const template = listTemplates().find((t) => t.name === "token-vesting")!;
      const name = "A" + "b".repeat(59);
      let message = "";
      try {
        checkLineWidths(template, name, planScaffold(template, name));
      } catch (error) {
        expect(error).to.be.instanceOf(ScaffoldError);
        message = (error as Error).message;
      }
      const fits = Number(/at most about (\d+) characters$/.exec(message)?.[1]);
      expect(fits).to.be.within(template.contract.length, name.length - 1);

      const longest = "A" + "b".repeat(fits - 1);
      expect(() =>
        checkLineWidths(template, longest, planScaffold(template, longest)),
      ).not.to.throw();
      const oneMore = longest + "b";
      expect(() => checkLineWidths(template, oneMore, planScaffold(template, oneMore))).to.throw(
        ScaffoldError,
      );
    });

    it("refuses to overwrite an existing file", function () {
      mkdirSync(join(root, "ignition", "modules"), { recursive: true });
      writeFileSync(join(root, "ignition", "modules", "MyShop.ts"), "// mine\n");
      const before = tree(root);

      const result = runNew(["merchant-checkout", "MyShop", "--root", root, "--no-verify"]);

      expect(result.status).to.equal(1);
      expect(result.stderr.trim()).to.equal(
        "error: ignition/modules/MyShop.ts exists already; choose another contract name",
      );
      expect(tree(root)).to.deep.equal(before);
      expect(readFileSync(join(root, "ignition", "modules", "MyShop.ts"), "utf8")).to.equal(
        "// mine\n",
      );
    });
  });

  describe("when every check passes", function () {
    for (const template of listTemplates()) {
      it(`copies ${template.name} renamed, with imports that resolve`, function () {
        const name = "AcmeThing";
        const kebab = kebabCase(name);

        const result = runNew([template.name, name, "--root", root, "--no-verify"]);

        expect(result.status, result.stderr).to.equal(0);
        const written = tree(root);
        expect(written).to.include(`contracts/${kebab}/${name}.sol`);
        expect(written).to.include(`contracts/${kebab}/I${name}.sol`);
        expect(written).to.include(`contracts/${kebab}/README.md`);
        expect(written).to.include(`ignition/modules/${name}.ts`);
        expect(written).to.include(`test/${kebab}/${name}.test.ts`);

        for (const file of written) {
          const content = readFileSync(join(root, file), "utf8");
          if (!file.endsWith(".md")) expect(content, file).not.to.include(template.contract);
          expect(content, file).not.to.include("(template)");

          for (const [, specifier] of content.matchAll(RELATIVE_IMPORT)) {
            const target = relative(root, resolve(dirname(join(root, file)), specifier!));
            const found = existsSync(join(root, target)) || existsSync(join(TOOLKIT, target));
            expect(found, `${file} imports ${specifier}`).to.equal(true);
          }
        }
      });
    }
  });

  describe("when the compile or the tests fail", function () {
    it("removes every file and folder it created", function () {
      this.timeout(120_000);
      makeProject(root, { withTestLibrary: false });
      const before = tree(root);

      const result = runNew(["merchant-checkout", "BrokenShop", "--root", root]);

      expect(result.status).to.equal(1);
      expect(result.stderr).to.match(/every file created was removed again/);
      expect(existsSync(join(root, "contracts", "broken-shop"))).to.equal(false);
      expect(existsSync(join(root, "test", "broken-shop"))).to.equal(false);
      expect(existsSync(join(root, "ignition"))).to.equal(false);
      expect(tree(join(root, "contracts"))).to.deep.equal(
        before.filter((f) => f.startsWith("contracts/")).map((f) => f.slice(10)),
      );
    });
  });

  describe("when it runs for real", function () {
    it("compiles the new contract and passes its tests", function () {
      this.timeout(300_000);
      makeProject(root, { withTestLibrary: true });

      const result = runNew(["merchant-checkout", "ProbeShop", "--root", root]);

      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/passing/);
      expect(result.stdout).not.to.match(/failing/);
      expect(existsSync(join(root, "artifacts", "contracts", "probe-shop"))).to.equal(true);

      // The copy is lint-clean as written: formatted by the project's prettier, solhint-clean.
      const written = tree(root).filter((file) =>
        /^(contracts\/probe-shop|test\/probe-shop|ignition)\//.test(file),
      );
      const tools = join(TOOLKIT, "node_modules");
      const prettier = spawnSync(
        process.execPath,
        [join(tools, "prettier", "bin", "prettier.cjs"), "--check", ...written],
        { cwd: root, encoding: "utf8" },
      );
      expect(prettier.status, prettier.stdout + prettier.stderr).to.equal(0);
      const solhint = spawnSync(
        process.execPath,
        [
          join(tools, "solhint", "solhint.js"),
          "--max-warnings",
          "0",
          ...written.filter((f) => f.endsWith(".sol")),
        ],
        { cwd: root, encoding: "utf8" },
      );
      expect(solhint.status, solhint.stdout + solhint.stderr).to.equal(0);
    });
  });
});
