// sign-event finds credentials as the AWS SDKs do (environment, AWS_PROFILE, credential_process,
// ...), says in one line when there are none, and never prints a secret.
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanEnvironment,
  credentialScope,
  credentialVariables,
  eventPath,
  makeScratch,
  randomCredentials,
  signEvent,
  type TestCredentials,
} from "./run-sign-event.ts";

const scratch = makeScratch();
afterAll(() => scratch.remove());
const EVENT = eventPath("s3/regional-get.json");

function expectNoSecret(output: string, credentials: TestCredentials): void {
  expect(output).not.toContain(credentials.secretAccessKey);
  expect(output).not.toContain(credentials.sessionToken);
  expect(output).not.toContain(credentials.sessionToken.slice(0, 60));
  // The signature is masked: no 64-hex-digit Signature= anywhere.
  expect(output).not.toMatch(/Signature=[0-9a-f]{64}/);
}

const iniProfile = (header: string, c: TestCredentials) =>
  `[${header}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\naws_session_token = ${c.sessionToken}\n`;

describe("sign-event credentials", () => {
  it("takes them from the environment variables, and masks the token and the signature", () => {
    const credentials = randomCredentials();
    const run = signEvent([EVENT, "--explain"], cleanEnvironment(scratch, credentialVariables(credentials)));
    expect(run.status, run.stderr).toBe(0);
    expect(credentialScope(run.stdout)).toMatch(new RegExp(`^${credentials.accessKeyId}/`));
    expect(run.stdout).toContain('"value": "<redacted>"');
    expectNoSecret(run.stdout + run.stderr, credentials);
  });

  it("takes them from the profile AWS_PROFILE names in the shared credentials file", () => {
    const credentials = randomCredentials("AKIA");
    const home = makeScratch();
    try {
      home.write("aws-credentials", `${iniProfile("default", randomCredentials("AKIA"))}\n${iniProfile("edge-dev", credentials)}`);
      const run = signEvent([EVENT], cleanEnvironment(home, { AWS_PROFILE: "edge-dev" }));
      expect(run.status, run.stderr).toBe(0);
      expect(credentialScope(run.stdout)).toMatch(new RegExp(`^${credentials.accessKeyId}/\\d{8}/eu-west-1/s3/aws4_request$`));
      expectNoSecret(run.stdout + run.stderr, credentials);
    } finally {
      home.remove();
    }
  });

  it("prefers AWS_PROFILE over the key variables, as the SDKs do, and says so in one line", () => {
    const profile = randomCredentials("AKIA");
    const variables = randomCredentials();
    const home = makeScratch();
    try {
      home.write("aws-credentials", iniProfile("edge-dev", profile));
      const run = signEvent([EVENT], cleanEnvironment(home, { ...credentialVariables(variables), AWS_PROFILE: "edge-dev" }));
      expect(run.status, run.stderr).toBe(0);
      expect(credentialScope(run.stdout)).toMatch(new RegExp(`^${profile.accessKeyId}/`));
      expect(run.stderr.split("\n")[0]).toBe(
        "sign-event: warning: both AWS_PROFILE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set: using profile edge-dev, as the AWS SDKs do",
      );
      expectNoSecret(run.stdout + run.stderr, profile);
      expectNoSecret(run.stdout + run.stderr, variables);
    } finally {
      home.remove();
    }
  });

  it("runs a profile's credential_process from the config file", () => {
    const credentials = randomCredentials();
    const home = makeScratch();
    try {
      const output = JSON.stringify({
        Version: 1,
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
      });
      const script = home.write("credentials.json", output);
      home.write("aws-config", `[profile from-process]\ncredential_process = cat ${script}\n`);
      const run = signEvent([EVENT], cleanEnvironment(home, { AWS_PROFILE: "from-process" }));
      expect(run.status, run.stderr).toBe(0);
      expect(credentialScope(run.stdout)).toMatch(new RegExp(`^${credentials.accessKeyId}/`));
      expectNoSecret(run.stdout + run.stderr, credentials);
    } finally {
      home.remove();
    }
  });

  it("says in one line that none were found, and exits 2 without running the function", () => {
    const run = signEvent([EVENT], cleanEnvironment(scratch));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^sign-event: no AWS credentials found .*AWS_ACCESS_KEY_ID.*AWS_PROFILE/)]);
  });

  it("says in one line when AWS_PROFILE names a profile that does not exist", () => {
    const run = signEvent([EVENT], cleanEnvironment(scratch, { AWS_PROFILE: "no-such-profile" }));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^sign-event: no AWS credentials found .*no-such-profile/)]);
  });
});
