// Writes a key pair as DIR/private_key.pem (mode 0600) and DIR/public_key.pem (0644, whatever the
// umask), never over an existing file.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyPairPem } from "./key-pair.ts";
import { UsageError } from "./usage-error.ts";

export interface WrittenKeyPair {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
}

export function writeKeyPair(dir: string, pair: KeyPairPem): WrittenKeyPair {
  const privateKeyPath = join(dir, "private_key.pem");
  const publicKeyPath = join(dir, "public_key.pem");
  const existing = [privateKeyPath, publicKeyPath].find((path) => existsSync(path));
  if (existing !== undefined) throw new UsageError(`${existing} already exists; keys new never overwrites a key (choose another --out)`);
  try {
    mkdirSync(dir, { recursive: true });
    // "wx" fails rather than replace a file created since the check above.
    writeFileSync(privateKeyPath, pair.privateKeyPem, { mode: 0o600, flag: "wx" });
    chmodSync(privateKeyPath, 0o600);
    writeFileSync(publicKeyPath, pair.publicKeyPem, { mode: 0o644, flag: "wx" });
    chmodSync(publicKeyPath, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(`cannot write the key pair in ${dir}: ${code}`);
  }
  return { privateKeyPath, publicKeyPath };
}
