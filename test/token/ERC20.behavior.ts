import { expect } from "chai";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { MaxUint256, ZeroAddress } from "ethers";

import type { KatyCoin } from "../../types/typechain/index.ts";
import { signPermit } from "../helpers/permit.ts";
import { KC } from "../helpers/token.ts";

/** What the shared ERC-20 suite needs from a fixture. */
export interface ERC20Context {
  token: KatyCoin;
  holder: HardhatEthersSigner;
  recipient: HardhatEthersSigner;
  spender: HardhatEthersSigner;
  /** Tokens that `holder` owns when the fixture returns (the whole supply). */
  initialBalance: bigint;
}

/**
 * ERC-20 behaviour that every version of the token must keep. The same suite
 * runs against KC as deployed and against KC after an upgrade, so an upgrade
 * that breaks a basic guarantee fails here.
 */
export function shouldBehaveLikeERC20(
  loadContext: () => Promise<ERC20Context>,
  ethers: () => HardhatEthers,
): void {
  let ctx: ERC20Context;

  beforeEach(async function () {
    ctx = await loadContext();
  });

  describe("metadata", function () {
    it("is named Katy Coin, with symbol KC and 18 decimals", async function () {
      expect(await ctx.token.name()).to.equal("Katy Coin");
      expect(await ctx.token.symbol()).to.equal("KC");
      expect(await ctx.token.decimals()).to.equal(18n);
    });

    it("reports the holder's balance as the total supply", async function () {
      expect(await ctx.token.totalSupply()).to.equal(ctx.initialBalance);
      expect(await ctx.token.balanceOf(ctx.holder)).to.equal(ctx.initialBalance);
    });
  });

  describe("transfer", function () {
    it("moves the amount and emits Transfer", async function () {
      const { token, holder, recipient } = ctx;

      await expect(token.connect(holder).transfer(recipient, 5n * KC))
        .to.emit(token, "Transfer")
        .withArgs(holder.address, recipient.address, 5n * KC);

      expect(await token.balanceOf(holder)).to.equal(ctx.initialBalance - 5n * KC);
      expect(await token.balanceOf(recipient)).to.equal(5n * KC);
    });

    it("allows a zero transfer, which still emits Transfer", async function () {
      const { token, holder, recipient } = ctx;

      await expect(token.connect(holder).transfer(recipient, 0n))
        .to.emit(token, "Transfer")
        .withArgs(holder.address, recipient.address, 0n);
    });

    it("refuses more than the balance, naming balance and need", async function () {
      const { token, holder, recipient } = ctx;
      const tooMuch = ctx.initialBalance + 1n;

      await expect(token.connect(holder).transfer(recipient, tooMuch))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(holder.address, ctx.initialBalance, tooMuch);
    });

    it("refuses the zero address as recipient", async function () {
      const { token, holder } = ctx;

      await expect(token.connect(holder).transfer(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });
  });

  describe("approve and transferFrom", function () {
    it("sets the allowance and emits Approval", async function () {
      const { token, holder, spender } = ctx;

      await expect(token.connect(holder).approve(spender, 7n * KC))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 7n * KC);

      expect(await token.allowance(holder, spender)).to.equal(7n * KC);
    });

    it("refuses the zero address as spender", async function () {
      const { token, holder } = ctx;

      await expect(token.connect(holder).approve(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidSpender")
        .withArgs(ZeroAddress);
    });

    it("spends the allowance on transferFrom", async function () {
      const { token, holder, spender, recipient } = ctx;
      await token.connect(holder).approve(spender, 7n * KC);

      await expect(token.connect(spender).transferFrom(holder, recipient, 3n * KC))
        .to.emit(token, "Transfer")
        .withArgs(holder.address, recipient.address, 3n * KC);

      expect(await token.allowance(holder, spender)).to.equal(4n * KC);
      expect(await token.balanceOf(recipient)).to.equal(3n * KC);
    });

    it("refuses transferFrom above the allowance, naming allowance and need", async function () {
      const { token, holder, spender, recipient } = ctx;
      await token.connect(holder).approve(spender, 2n * KC);

      await expect(token.connect(spender).transferFrom(holder, recipient, 3n * KC))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 2n * KC, 3n * KC);
    });

    it("leaves an unlimited allowance untouched", async function () {
      const { token, holder, spender, recipient } = ctx;
      await token.connect(holder).approve(spender, MaxUint256);

      await token.connect(spender).transferFrom(holder, recipient, 3n * KC);

      expect(await token.allowance(holder, spender)).to.equal(MaxUint256);
    });
  });

  describe("burn and burnFrom", function () {
    it("burns the caller's tokens and lowers the supply", async function () {
      const { token, holder } = ctx;

      await expect(token.connect(holder).burn(4n * KC))
        .to.emit(token, "Transfer")
        .withArgs(holder.address, ZeroAddress, 4n * KC);

      expect(await token.totalSupply()).to.equal(ctx.initialBalance - 4n * KC);
    });

    it("burns from an account by spending the allowance", async function () {
      const { token, holder, spender } = ctx;
      await token.connect(holder).approve(spender, 4n * KC);

      await token.connect(spender).burnFrom(holder, 4n * KC);

      expect(await token.allowance(holder, spender)).to.equal(0n);
      expect(await token.balanceOf(holder)).to.equal(ctx.initialBalance - 4n * KC);
    });

    it("refuses burnFrom without allowance", async function () {
      const { token, holder, spender } = ctx;

      await expect(token.connect(spender).burnFrom(holder, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 0n, 1n);
    });
  });

  describe("permit", function () {
    it("lets a signature set the allowance", async function () {
      const { token, holder, spender } = ctx;
      const nonce = await token.nonces(holder);
      const deadline = BigInt((await ethers().provider.getBlock("latest"))!.timestamp) + 3600n;
      const { v, r, s } = await signPermit({
        token,
        signer: holder,
        owner: holder.address,
        spender: spender.address,
        value: KC,
        deadline,
      });

      await token.permit(holder, spender, KC, deadline, v, r, s);

      expect(await token.allowance(holder, spender)).to.equal(KC);
      expect(await token.nonces(holder)).to.equal(nonce + 1n);
    });
  });
}
