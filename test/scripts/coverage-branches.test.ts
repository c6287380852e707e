import { expect } from "chai";
import { addStatementCoverageInstrumentation } from "@nomicfoundation/edr";

import { branchesOf } from "../../scripts/coverage/branches.ts";

const FILE = "contracts/Sample.sol";
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract Sample {
    error TooBig(uint256 value);
    uint256 public total;

    function add(uint256 value) external {
        if (value > 10) revert TooBig(value);
        total += value;
    }

    function pick(bool flag) external {
        if (flag) {
            total = 1;
        } else {
            total = 2;
        }
    }
}
`;

/** The tags of the statements whose text contains each snippet. */
function tagsOf(snippets: string[]): Set<string> {
  const { metadata } = addStatementCoverageInstrumentation(SOURCE, `project/${FILE}`, "0.8.30");
  const tags = new Set<string>();
  for (const m of metadata) {
    const text = SOURCE.slice(m.startUtf16, m.endUtf16).trim();
    if (snippets.some((snippet) => text.startsWith(snippet))) {
      tags.add(Buffer.from(m.tag).toString("hex"));
    }
  }
  return tags;
}

describe("scripts/coverage/branches", function () {
  it("judges a guard's false branch by the statement after it", function () {
    const hits = tagsOf(["if (value > 10)", "total += value"]);

    const branches = branchesOf(FILE, SOURCE, "0.8.30", hits);

    expect(branches.filter((b) => b.line === 9)).to.deep.equal([
      { line: 9, description: "if: true", taken: false },
      { line: 9, description: "if: false", taken: true },
    ]);
  });

  it("judges an if with else by the first statement of each body", function () {
    const hits = tagsOf(["if (flag)", "total = 2"]);

    const branches = branchesOf(FILE, SOURCE, "0.8.30", hits);

    expect(branches.filter((b) => b.line === 14)).to.deep.equal([
      { line: 14, description: "if: true", taken: false },
      { line: 14, description: "if: false", taken: true },
    ]);
  });

  it("reports every branch as not taken when nothing ran", function () {
    const branches = branchesOf(FILE, SOURCE, "0.8.30", new Set());

    expect(branches).to.have.length(4);
    expect(branches.every((b) => b.taken === false)).to.equal(true);
  });
});
