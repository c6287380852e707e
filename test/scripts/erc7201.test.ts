import { expect } from "chai";

import { parseLcov } from "../../scripts/coverage/index.ts";
import { erc7201Slot } from "../../scripts/erc7201.ts";

describe("scripts/erc7201", function () {
  it("gives the slot of the ERC-7201 example namespace", function () {
    // The worked example in EIP-7201 itself.
    expect(erc7201Slot("example.main")).to.equal(
      "0x183a6125c38840424c4a85fa12bab2ab606c4b6d0e7cc73c0c06ba5300eab500",
    );
  });

  it("always clears the last byte", function () {
    for (const id of ["kc.storage.KatyCoin", "a", "kc.storage.KCEscrow"]) {
      expect(erc7201Slot(id).endsWith("00")).to.equal(true);
    }
  });
});

describe("scripts/coverage parseLcov", function () {
  it("reads lines and branches per file", function () {
    const text = [
      "SF:contracts/a.sol",
      "LF:10",
      "LH:9",
      "end_of_record",
      "SF:contracts/b.sol",
      "LF:4",
      "LH:4",
      "BRF:2",
      "BRH:1",
      "end_of_record",
    ].join("\n");

    expect(parseLcov(text)).to.deep.equal([
      { file: "contracts/a.sol", linesFound: 10, linesHit: 9, branchesFound: 0, branchesHit: 0 },
      { file: "contracts/b.sol", linesFound: 4, linesHit: 4, branchesFound: 2, branchesHit: 1 },
    ]);
  });
});
