// The proof of work (altcha v1): find n ≤ maxNumber such that
// hex(SHA-256(salt + n)) is the challenge. Runs with Web Crypto while the reader types;
// batches of digests keep the browser responsive without a worker.

const BATCH = 1000;

export async function solve(c) {
  const target = c.challenge;
  const head = parseInt(target.slice(0, 8), 16);
  const hex = (d) => Array.from(new Uint8Array(d), (b) => (b + 256).toString(16).slice(1)).join("");
  const encoder = new TextEncoder();
  for (let n = 0; n <= c.maxNumber; n += BATCH) {
    const digests = [];
    for (let k = n; k < n + BATCH && k <= c.maxNumber; k++) {
      digests.push(crypto.subtle.digest(c.algorithm, encoder.encode(c.salt + k)));
    }
    const found = (await Promise.all(digests)).findIndex(
      (d) => new DataView(d).getUint32(0) == head && hex(d) == target,
    );
    if (found >= 0) {
      const { algorithm, challenge, salt, signature } = c;
      return btoa(JSON.stringify({ algorithm, challenge, number: n + found, salt, signature }));
    }
  }
  throw Error("unsolved");
}
