// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/**
 * @title IKatyCoin
 * @notice The KC token's own surface beyond ERC-20 and EIP-2612: a supply cap
 * that can be lowered, role-gated minting, pausing and burning.
 * @dev Events and errors are declared here once; the implementation inherits
 * the documentation of each function from here.
 */
interface IKatyCoin is IERC20, IERC20Permit {
    /**
     * @notice Emitted when the supply cap changes.
     * @param previousCap The cap before the change.
     * @param newCap The cap after the change.
     */
    event SupplyCapUpdated(uint256 previousCap, uint256 newCap);

    /**
     * @notice A mint would take the total supply above the cap.
     * @param attemptedSupply The total supply the mint would have produced.
     * @param cap The current supply cap.
     */
    error KatyCoinCapExceeded(uint256 attemptedSupply, uint256 cap);

    /**
     * @notice A new cap is outside the allowed range, which runs from the
     * current total supply up to the cap set at initialisation.
     * @param newCap The cap that was asked for.
     * @param totalSupply The current total supply (the lowest allowed cap).
     * @param initialCap The cap set at initialisation (the highest allowed).
     */
    error KatyCoinInvalidCap(uint256 newCap, uint256 totalSupply, uint256 initialCap);

    /**
     * @notice An address that must be set was the zero address.
     * @param parameter The name of the parameter that was zero.
     */
    error KatyCoinZeroAddress(string parameter);

    /**
     * @notice Creates `amount` new tokens for `to`.
     * @dev Requirements: the caller has the minter role, the token is not
     * paused, and the new total supply does not exceed {cap}.
     * Emits a {Transfer} event from the zero address.
     */
    function mint(address to, uint256 amount) external;

    /**
     * @notice Destroys `amount` of the caller's tokens.
     * @dev Emits a {Transfer} event to the zero address.
     */
    function burn(uint256 amount) external;

    /**
     * @notice Destroys `amount` of `account`'s tokens, spending the caller's
     * allowance.
     * @dev Emits a {Transfer} event to the zero address; an {Approval} is not
     * emitted for the spent allowance, as in OpenZeppelin's ERC-20.
     */
    function burnFrom(address account, uint256 amount) external;

    /**
     * @notice Stops every movement of tokens: transfers, mints and burns.
     * @dev Requirements: the caller has the pauser role. Emits {Paused}.
     */
    function pause() external;

    /**
     * @notice Lets tokens move again after {pause}.
     * @dev Requirements: the caller has the pauser role. Emits {Unpaused}.
     */
    function unpause() external;

    /**
     * @notice Moves the supply cap within its allowed range.
     * @dev Requirements: the caller has the admin role, and
     * `totalSupply() <= newCap <= initialCap()`. Emits {SupplyCapUpdated}.
     */
    function setCap(uint256 newCap) external;

    /// @notice The most tokens that may exist now.
    function cap() external view returns (uint256);

    /// @notice The cap set at initialisation: the highest the cap may ever be.
    function initialCap() external view returns (uint256);
}
