// npm run keys -- new [--ecdsa] --out DIR
// A key pair for a CloudFront trusted key group, and what to do with it next.
import { parseArgs } from "node:util";
import { KEY_DESCRIPTIONS, newKeyPair } from "./key-pair.ts";
import { UsageError } from "./usage-error.ts";
import { writeKeyPair } from "./write-key-pair.ts";

const USAGE = `usage: npm run keys -- new [--ecdsa] --out DIR

Writes DIR/private_key.pem (mode 0600, keep it secret) and DIR/public_key.pem (upload it to
CloudFront). RSA 2048 by default; --ecdsa makes an ECDSA P-256 key pair.`;

function main(args: string[]): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    const message = error instanceof Error ? error.message.split(".")[0] : "bad arguments";
    throw new UsageError(`${message} (npm run keys -- --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, ...extra] = positionals;
  if (command !== "new")
    throw new UsageError(
      command === undefined ? "missing the command: npm run keys -- new --out DIR" : `unknown command ${JSON.stringify(command)}; the command is new`,
    );
  if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}; the directory goes after --out`);
  if (values.out === undefined || values.out === "") throw new UsageError("missing --out DIR: the directory to write private_key.pem and public_key.pem in");
  const pair = newKeyPair(values.ecdsa ? "ecdsa" : "rsa");
  const written = writeKeyPair(values.out, pair);
  process.stdout.write(
    [
      `wrote ${written.privateKeyPath} (${KEY_DESCRIPTIONS[pair.kind]} private key, mode 0600: keep it secret, never commit it)`,
      `wrote ${written.publicKeyPath} (the public key CloudFront verifies with)`,
      "next:",
      `  deploy:  npm run deploy -- ... --trusted-key-group NAME --public-key ${written.publicKeyPath}   (prints the key pair id)`,
      `  local:   npm start -- --trusted-key ${written.publicKeyPath}:<KEY_PAIR_ID>`,
      `  sign:    npm run --silent sign-url -- <url> --key-pair-id <KEY_PAIR_ID> --private-key ${written.privateKeyPath} --expires +1h`,
      "",
    ].join("\n"),
  );
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: { ecdsa: { type: "boolean" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: true,
  });
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`keys: ${error.message}\n`);
  process.exitCode = 1;
}
