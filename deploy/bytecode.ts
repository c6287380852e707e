/**
 * Tells whether the code deployed at an implementation address is the code of
 * a built artifact, so a re-run of the deploy knows what changed.
 *
 * Two parts of runtime code differ between builds or deployments without the
 * behaviour changing, and are ignored:
 * - immutables, filled in by the constructor (UUPS stores the
 *   implementation's own address in one), zeroed at the artifact's
 *   `immutableReferences` on both sides;
 * - the CBOR metadata at the end (it hashes the sources, comments included).
 */
export interface BuiltArtifact {
  abi: readonly unknown[];
  deployedBytecode: string;
  immutableReferences?: Record<string, { start: number; length: number }[]>;
}

export function runtimeCodeMatches(onChainCode: string, artifact: BuiltArtifact): boolean {
  const references = artifact.immutableReferences ?? {};
  const deployed = hexBody(onChainCode);
  const built = hexBody(artifact.deployedBytecode);

  if (deployed.length === 0 || built.length === 0) return false;

  return comparable(deployed, references) === comparable(built, references);
}

function comparable(
  code: string,
  references: Record<string, { start: number; length: number }[]>,
): string {
  return withoutMetadata(maskImmutables(code, references));
}

function hexBody(code: string): string {
  return code.toLowerCase().replace(/^0x/, "");
}

function maskImmutables(
  code: string,
  references: Record<string, { start: number; length: number }[]>,
): string {
  let masked = code;
  for (const ranges of Object.values(references)) {
    for (const { start, length } of ranges) {
      masked =
        masked.slice(0, start * 2) + "00".repeat(length) + masked.slice((start + length) * 2);
    }
  }
  return masked;
}

/** Drops the CBOR metadata whose length the code's last two bytes give. */
function withoutMetadata(code: string): string {
  if (code.length < 4) return code;

  const metadataLength = parseInt(code.slice(-4), 16);
  const total = (metadataLength + 2) * 2;
  return total <= code.length ? code.slice(0, code.length - total) : code;
}
