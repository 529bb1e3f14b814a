// Does the named credentials profile exist? Read the way the AWS SDK reads the shared files:
// `[profile NAME]` and `[default]` in the config file, `[NAME]` in the credentials file. Only
// section names are looked at, never a value.
import { UsageError } from "./errors.ts";

export type SharedFiles = { configPath: string; credentialsPath: string; configText?: string; credentialsText?: string };

function sections(text: string | undefined): string[] {
  const names: string[] = [];
  for (const raw of (text ?? "").split(/\r?\n/)) {
    const line = (raw.split(/(^|\s)[;#]/)[0] ?? "").trim();
    if (line.startsWith("[") && line.endsWith("]")) names.push(line.slice(1, -1));
  }
  return names;
}

/** Every profile name the two files define, in order, without duplicates. */
export function profileNames({ configText, credentialsText }: Pick<SharedFiles, "configText" | "credentialsText">): string[] {
  const fromConfig = sections(configText).flatMap((name) => {
    if (name === "default") return [name];
    const match = /^profile\s(["'])?([\w\-@+.%:/]+)\1$/.exec(name);
    return match?.[2] ? [match[2]] : [];
  });
  return [...new Set([...fromConfig, ...sections(credentialsText)])];
}

/** Throws a one-line UsageError when `profile` is in neither file. `source` says where the name came from. */
export function checkProfile(profile: string, files: SharedFiles, source = "--profile"): void {
  const known = profileNames(files);
  if (known.includes(profile)) return;
  const where = `${files.configPath} or ${files.credentialsPath}`;
  const others = known.length > 0 ? `; profiles there: ${known.join(", ")}` : "; no profile is defined there";
  throw new UsageError(
    `profile ${profile} (${source}) does not exist in ${where} (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE choose other files)${others}: create it with \`aws configure --profile ${profile}\` or \`aws configure sso --profile ${profile}\`, or name an existing one`,
  );
}
