import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import {
  abiHash,
  assertRecordMatchesChain,
  contractRecord,
  DeploymentRecordError,
  readDeploymentRecord,
  StaleDeploymentRecordError,
  writeDeploymentRecord,
  type DeploymentRecord,
} from "../../deploy/record.ts";

const GENESIS = `0x${"ab".repeat(32)}` as const;
const TX = `0x${"cd".repeat(32)}` as const;
const ADDRESS = `0x${"12".repeat(20)}` as const;

function sampleRecord(): DeploymentRecord {
  return {
    schemaVersion: 1,
    network: "localhost",
    chainId: 31337,
    genesisHash: GENESIS,
    deployer: ADDRESS,
    commit: "9d17660",
    dirty: false,
    updatedAt: "2026-12-03T17:00:00.000Z",
    contracts: {
      KatyCoin: {
        proxy: ADDRESS,
        implementation: ADDRESS,
        deployTransaction: TX,
        deployBlock: 3,
        abiHash: GENESIS,
        previousImplementations: [
          {
            implementation: ADDRESS,
            abiHash: GENESIS,
            replacedInTransaction: TX,
            replacedAtBlock: 9,
          },
        ],
      },
    },
  };
}

describe("deploy/record", function () {
  let dir: string;
  let file: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "kc-record-"));
    file = join(dir, "localhost.json");
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  function writeRaw(value: unknown): void {
    writeFileSync(file, JSON.stringify(value));
  }

  function expectRejected(mutate: (raw: any) => void, message: string): void {
    const raw: any = sampleRecord();
    mutate(raw);
    writeRaw(raw);
    expect(() => readDeploymentRecord(file))
      .to.throw(DeploymentRecordError)
      .with.property("message", `${file}: ${message}`);
  }

  describe("when the record is well-formed", function () {
    it("reads back what was written", function () {
      writeDeploymentRecord(file, sampleRecord());

      expect(readDeploymentRecord(file)).to.deep.equal(sampleRecord());
    });

    it("leaves no temporary file behind", function () {
      writeDeploymentRecord(file, sampleRecord());

      expect(readdirSync(dir)).to.deep.equal(["localhost.json"]);
    });

    it("returns one contract's entry by name", function () {
      writeDeploymentRecord(file, sampleRecord());

      const record = readDeploymentRecord(file);

      expect(contractRecord(record, "KatyCoin", file).deployBlock).to.equal(3);
    });
  });

  describe("when the record is missing or malformed", function () {
    it("says how to create a missing record", function () {
      expect(() => readDeploymentRecord(file)).to.throw(
        `${file} not found: run \`npm run deploy -- --network localhost\` first`,
      );
    });

    it("names the file when the JSON does not parse", function () {
      writeFileSync(file, "{ not json");

      expect(() => readDeploymentRecord(file)).to.throw(/is not valid JSON/);
    });

    it("refuses an unknown schema version", function () {
      expectRejected(
        (raw) => (raw.schemaVersion = 2),
        "schemaVersion 2 is not supported (this toolkit reads 1): update the toolkit or redeploy",
      );
    });

    it("refuses a missing field", function () {
      expectRejected((raw) => delete raw.genesisHash, "genesisHash is missing");
    });

    it("refuses an unknown field", function () {
      expectRejected(
        (raw) => (raw.contracts.KatyCoin.extra = 1),
        "contracts.KatyCoin.extra is not a known field",
      );
    });

    it("refuses a bad proxy address", function () {
      expectRejected(
        (raw) => (raw.contracts.KatyCoin.proxy = "0x1234"),
        "contracts.KatyCoin.proxy is not an address",
      );
    });

    it("refuses a bad transaction hash in the history", function () {
      expectRejected(
        (raw) => (raw.contracts.KatyCoin.previousImplementations[0].replacedInTransaction = "0x"),
        "contracts.KatyCoin.previousImplementations[0].replacedInTransaction is not a 32-byte hex hash",
      );
    });

    it("refuses a negative block", function () {
      expectRejected(
        (raw) => (raw.contracts.KatyCoin.deployBlock = -1),
        "contracts.KatyCoin.deployBlock is not a non-negative integer",
      );
    });

    it("refuses to write a malformed record and leaves the old one", function () {
      writeDeploymentRecord(file, sampleRecord());
      const broken: any = sampleRecord();
      broken.chainId = "31337";

      expect(() => writeDeploymentRecord(file, broken)).to.throw(
        "chainId is not a non-negative integer",
      );
      expect(readDeploymentRecord(file).chainId).to.equal(31337);
      expect(readdirSync(dir)).to.deep.equal(["localhost.json"]);
    });

    it("names the missing contract and the command that deploys it", function () {
      expect(() => contractRecord(sampleRecord(), "KCEscrow", file)).to.throw(
        `${file} has no contracts.KCEscrow: run \`npm run deploy -- --network localhost\``,
      );
    });
  });

  describe("when the record is compared with the chain", function () {
    it("accepts the chain it was written for, whatever the hash's case", function () {
      assertRecordMatchesChain(sampleRecord(), {
        chainId: 31337,
        genesisHash: GENESIS.toUpperCase().replace("0X", "0x"),
      });
    });

    it("calls a record for another chain id stale", function () {
      expect(() =>
        assertRecordMatchesChain(sampleRecord(), { chainId: 1, genesisHash: GENESIS }, file),
      )
        .to.throw(StaleDeploymentRecordError)
        .with.property("message")
        .that.matches(/written for chain 31337 but the node is chain 1/);
    });

    it("calls a record for a restarted node stale", function () {
      const otherGenesis = `0x${"ef".repeat(32)}`;

      expect(() =>
        assertRecordMatchesChain(
          sampleRecord(),
          { chainId: 31337, genesisHash: otherGenesis },
          file,
        ),
      )
        .to.throw(StaleDeploymentRecordError)
        .with.property("message")
        .that.matches(/restarted node; redeploy with `npm run deploy -- --network localhost`/);
    });
  });

  describe("abiHash", function () {
    it("does not depend on the order of keys", function () {
      const a = [{ type: "function", name: "f", inputs: [] }];
      const b = [{ inputs: [], name: "f", type: "function" }];

      expect(abiHash(a)).to.equal(abiHash(b));
    });

    it("changes when the interface changes", function () {
      const a = [{ type: "function", name: "f", inputs: [] }];
      const b = [{ type: "function", name: "g", inputs: [] }];

      expect(abiHash(a)).to.not.equal(abiHash(b));
    });
  });
});
