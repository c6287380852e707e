// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Vm
 * @notice The cheatcodes our Solidity tests use, declared by hand.
 * @dev Hardhat 3's Solidity test runner answers calls to the well-known
 * cheatcode address with the same ABI as Foundry. forge-std cannot be
 * installed here (see docs/decisions/0002-own-solidity-test-library.md), so
 * we declare only what the tests call. Add a declaration when a test needs a
 * cheatcode; the signature must match the runner's exactly.
 */
interface Vm {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    // Environment
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;

    // Callers
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;

    // Keys and signatures
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // Expectations
    function expectRevert(bytes4 selector) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);

    // Fuzzing
    function assume(bool condition) external pure;

    // Storage
    function load(address target, bytes32 slot) external view returns (bytes32 data);

    // Assertions: they revert with a readable message when they fail.
    function assertTrue(bool condition, string calldata message) external pure;
    function assertFalse(bool condition, string calldata message) external pure;
    function assertEq(uint256 left, uint256 right, string calldata message) external pure;
    function assertEq(address left, address right, string calldata message) external pure;
    function assertEq(bytes32 left, bytes32 right, string calldata message) external pure;
    function assertEq(bool left, bool right, string calldata message) external pure;
    function assertLe(uint256 left, uint256 right, string calldata message) external pure;
    function assertGe(uint256 left, uint256 right, string calldata message) external pure;
}
