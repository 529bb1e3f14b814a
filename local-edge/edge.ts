// The local edge: one CloudFront distribution on this machine, in front of the embedded
// IAM-checking origins (origins/registry.ts) or of the `--origin` URL, running the built function
// on every origin request (viewer-pipeline.ts) and printing one access-log line per request.
import { createServer } from "node:http";
import { cloudFrontServerId, type Distribution, fakeDistribution } from "../cloudfront-emulator/index.ts";
import { type Behavior, behaviorLine, originFromUrl, startEmbeddedBehaviors } from "./behaviors.ts";
import { type Credentials, createRedactor, credentialChain, generateCredentials } from "./credentials.ts";
import { startCrossAccount } from "./cross-account.ts";
import { FunctionRuntime, lambdaEdgeEnvironment } from "./function-runtime.ts";
import { closeServer, listen } from "./http-util.ts";
import type { OriginAddress } from "./origin-client.ts";
import type { OriginRefusal } from "./origins/embedded-origin.ts";
import { DEMO_BUCKET } from "./origins/registry.ts";
import { RecentSecrets } from "./redact-text.ts";
import { signingWarning } from "./signing-check.ts";
import type { StsOrigin } from "./sts-origin.ts";
import { trustedKeyGroupCheck, type ViewerAccessSettings, viewerAccessLine } from "./viewer-access.ts";
import { type EdgeState, type Exchange, handleViewer } from "./viewer-pipeline.ts";

export const DEFAULT_PORT = 8080;

export interface LocalEdgeOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port (the address is printed and returned). */
  readonly port?: number;
  /** The module whose `handler` runs on origin requests. */
  readonly handlerPath: string;
  /** A real origin URL; without it the embedded origins are started. */
  readonly origin?: string | undefined;
  readonly service?: string | undefined;
  readonly region?: string | undefined;
  readonly originPath?: string | undefined;
  /** The trigger's "Include body" option (default on). */
  readonly includeBody?: boolean;
  readonly verbose?: boolean;
  /** Credentials to sign with (default: generated, or the AWS chain with `origin`). */
  readonly credentials?: Credentials;
  /** Trusted keys: signed URLs or cookies needed before the function runs (on `protect` paths, or everywhere). */
  readonly viewerAccess?: ViewerAccessSettings | undefined;
  /** Where output lines go (default stdout). Lines are redacted first. */
  readonly print?: (line: string) => void;
  readonly onExchange?: (exchange: Exchange) => void;
  readonly functionTimeoutMs?: number;
  readonly maxEnvironments?: number;
  readonly maxBodyBytes?: number;
}

export interface LocalEdge {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly distribution: Distribution;
  readonly behaviors: ReadonlyArray<Pick<Behavior, "pathPattern" | "origin"> & { url?: string }>;
  /** The embedded run's STS stand-in (the cross-account behavior's role is assumed there). */
  readonly sts?: StsOrigin;
  close(): Promise<void>;
}

interface Setup {
  behaviors: Behavior[];
  lines: string[];
  getCredentials: () => Promise<Credentials>;
  credentialSource: string;
  /** Host names played by local stand-ins: for the edge's origin client and the function's fetch. */
  addresses?: Map<string, OriginAddress>;
  sts?: StsOrigin;
}

/** Where requests go and with which credentials: the embedded origins (and the STS stand-in), or the `--origin` URL. */
async function distributionSetup(
  options: LocalEdgeOptions,
  setSecrets: (credentials: Credentials) => void,
  addSecret: (secret: string) => void,
  onRefusal: (refusal: OriginRefusal) => void,
): Promise<Setup> {
  const { includeBody = true, verbose = false } = options;
  if (options.origin === undefined) {
    const credentials = options.credentials ?? generateCredentials();
    setSecrets(credentials);
    const region = lambdaEdgeEnvironment().AWS_REGION ?? "us-east-1";
    const other = await startCrossAccount({ region, caller: credentials, onSecret: addSecret });
    try {
      const otherAccount = { credentials: other.credentials, stsUrl: other.sts.url };
      const embedded = await startEmbeddedBehaviors({ credentials, includeBody, verbose, onRefusal, otherAccount });
      embedded.addresses.set(other.stsHost, other.stsAddress);
      return { ...embedded, getCredentials: async () => credentials, credentialSource: "generated for this run", sts: other.sts };
    } catch (error) {
      await other.sts.close();
      throw error;
    }
  }
  const origin = originFromUrl(options.origin, { service: options.service, region: options.region, originPath: options.originPath, verbose });
  const given = options.credentials;
  const provider = given ? async () => given : await credentialChain();
  const getCredentials = async (): Promise<Credentials> => {
    const credentials = await provider();
    setSecrets(credentials);
    return credentials;
  };
  try {
    await getCredentials();
  } catch (error) {
    throw new Error(
      `no AWS credentials for --origin (the standard chain: environment, profile, SSO, ...): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const target = origin.s3 ?? origin.custom;
  const { service, region } = options;
  const signing = service || region ? `signed as ${service ?? "(from the host)"}/${region ?? "(from the host)"}` : "service and region from the host name";
  const description = `${origin.s3 ? "S3 origin" : "custom origin"}${target?.path ? `, origin path ${target.path}` : ""} (${signing})`;
  return {
    behaviors: [{ pathPattern: "*", includeBody, origin }],
    lines: [behaviorLine("*", options.origin.replace(/\/+$/, ""), description)],
    getCredentials,
    credentialSource: "from the AWS credential chain",
  };
}

export async function startLocalEdge(options: LocalEdgeOptions): Promise<LocalEdge> {
  const { host = "127.0.0.1", port = DEFAULT_PORT, verbose = false, includeBody = true } = options;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Every secret key and token signed with so far (the last few): a request signed with credentials
  // that have since been refreshed may still be printing.
  const secrets = new RecentSecrets(16);
  const issuedSecrets: string[] = [];
  const redact = createRedactor(() => [...secrets.values(), ...issuedSecrets]);
  const out = (line: string): void => print(redact(line));
  const refusals = new Map<string, OriginRefusal>();
  const onRefusal = (refusal: OriginRefusal): void => {
    if (!refusal.amzCfId) return;
    refusals.set(refusal.amzCfId, refusal);
    setTimeout(() => refusals.delete(refusal.amzCfId ?? ""), 60_000).unref();
  };
  const closers: Array<() => Promise<void>> = [];
  try {
    const setup = await distributionSetup(
      options,
      (c) => secrets.add(c.secretAccessKey, c.sessionToken),
      (s) => issuedSecrets.push(s),
      onRefusal,
    );
    for (const behavior of setup.behaviors) if (behavior.embedded) closers.push(behavior.embedded.close);
    const sts = setup.sts;
    if (sts) closers.push(() => sts.close());
    let listening = `${host}:${port}`;
    const access = options.viewerAccess;
    // Every behavior trusts the key group; the check itself lets through paths outside `protect`.
    const accessCheck = access ? trustedKeyGroupCheck(access, () => listening) : undefined;
    const behaviors = accessCheck ? setup.behaviors.map((behavior) => ({ ...behavior, viewerAccess: accessCheck })) : setup.behaviors;
    const runtime = new FunctionRuntime({
      handlerPath: options.handlerPath,
      ...(options.functionTimeoutMs ? { timeoutMs: options.functionTimeoutMs } : {}),
      ...(options.maxEnvironments ? { maxEnvironments: options.maxEnvironments } : {}),
      onLog: ({ line }) => verbose && out(`  function (outside an invocation): ${line}`),
      ...(setup.addresses ? { hosts: Object.fromEntries(setup.addresses) } : {}),
    });
    closers.push(() => runtime.close());
    await runtime.start();

    const state: EdgeState = {
      behaviors,
      runtime,
      getCredentials: setup.getCredentials,
      redact,
      verbose,
      distribution: fakeDistribution(),
      edgeServerId: cloudFrontServerId(),
      originServerId: cloudFrontServerId(),
      takeRefusal: (requestId) => {
        const refusal = refusals.get(requestId);
        refusals.delete(requestId);
        return refusal;
      },
      maxBodyBytes: options.maxBodyBytes ?? 128 * 1024 * 1024,
      ...(setup.addresses ? { originAddresses: setup.addresses } : {}),
    };
    const server = createServer((req, res) => void handleViewer(state, req, res, out, options.onExchange));
    server.keepAliveTimeout = 5_000;
    closers.push(() => closeServer(server));
    const actualPort = await listen(server, host, port);
    listening = `${host}:${actualPort}`;
    const url = `http://${listening}`;
    out(`edge-sigv4 local edge listening on ${url}`);
    for (const line of setup.lines) out(line);
    const credentials = await setup.getCredentials();
    const keyHint = `${credentials.accessKeyId.slice(0, 4)}…${credentials.accessKeyId.slice(-4)}`;
    out(
      `  function: ${options.handlerPath}; credentials ${setup.credentialSource} (${keyHint}), handed to it as AWS_* variables; include body ${includeBody ? "on" : "off"}${verbose ? "; verbose" : ""}`,
    );
    const bucket = setup.behaviors.find((b) => b.pathPattern === "*")?.embedded;
    if (bucket) {
      out(`  try: curl -T file ${url}/${DEMO_BUCKET}/file && curl ${url}/${DEMO_BUCKET}/file`);
      out(`  unsigned, straight to the bucket origin (refused, 403 AccessDenied): curl ${bucket.url}/${DEMO_BUCKET}/file`);
    }
    if (access) out(viewerAccessLine(access));
    const behavior = setup.behaviors[0];
    if (options.origin !== undefined && behavior) {
      const check = { runtime, behavior, credentials, distribution: state.distribution, serverId: state.edgeServerId, originUrl: options.origin };
      const warning = await signingWarning(check);
      if (warning) out(warning);
    }
    return {
      url,
      port: actualPort,
      host,
      distribution: state.distribution,
      behaviors: setup.behaviors.map(({ pathPattern, origin, embedded }) => ({ pathPattern, origin, ...(embedded ? { url: embedded.url } : {}) })),
      ...(sts ? { sts } : {}),
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    throw error;
  }
}
