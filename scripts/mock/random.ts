/**
 * A small seeded pseudo-random generator (sfc32) so mock histories repeat
 * exactly for a seed. Not for anything that needs unpredictability.
 */
import { keccak256, toUtf8Bytes } from "ethers";

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from any string: its keccak256 gives the four 32-bit words of state. */
  constructor(seed: string) {
    const hash = keccak256(toUtf8Bytes(`kc-mock:${seed}`)).slice(2);
    this.a = parseInt(hash.slice(0, 8), 16) | 0;
    this.b = parseInt(hash.slice(8, 16), 16) | 0;
    this.c = parseInt(hash.slice(16, 24), 16) | 0;
    this.d = parseInt(hash.slice(24, 32), 16) | 0;

    // Mix the state before the first number is used.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(0, items.length - 1)];
  }

  /** A key of `weights`, chosen in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;

    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    // Only reached through rounding: the last key that can be chosen at all.
    return entries.filter(([, weight]) => weight > 0).at(-1)![0];
  }

  /** A whole amount of KC in [min, max], in base units. */
  kc(min: number, max: number): bigint {
    return BigInt(this.int(min, max)) * 10n ** 18n;
  }
}
