// Step 6, the trusted key group (--trusted-key-group NAME --public-key FILE): the public key is
// uploaded to CloudFront once (found again by its content on later runs), the key group is
// created or made to hold it (GetKeyGroup, then UpdateKeyGroup with If-Match, one retry), and its
// id is printed: the key pair id signed URLs and cookies name. The trigger step then makes the
// behavior trust the group.
import { randomUUID } from "node:crypto";
import type { KeyGroupSummary, PublicKeySummary } from "@aws-sdk/client-cloudfront";
import { retryOnceOnConflict } from "../conflict.ts";
import { DeployError } from "../errors.ts";
import { isSameKey, type LocalPublicKey, publicKeyName, readPublicKey } from "../public-key.ts";
import { call, local, type RunContext, type Step } from "../step.ts";

const COMMENT = "edge-sigv4 signed URLs and cookies (npm run deploy)";

/** The public key in CloudFront with the same content, whatever its name (every page of ListPublicKeys). */
async function findPublicKey(ctx: RunContext, key: LocalPublicKey): Promise<PublicKeySummary | undefined> {
  let marker: string | undefined;
  do {
    const { PublicKeyList } = await ctx.send("cloudfront", new ctx.sdk.cloudfront.ListPublicKeysCommand(marker ? { Marker: marker } : {}));
    const found = PublicKeyList?.Items?.find((item) => isSameKey(item.EncodedKey, key));
    if (found) return found;
    marker = PublicKeyList?.NextMarker;
  } while (marker);
  return undefined;
}

async function findKeyGroup(ctx: RunContext, name: string): Promise<KeyGroupSummary["KeyGroup"] | undefined> {
  let marker: string | undefined;
  do {
    const { KeyGroupList } = await ctx.send("cloudfront", new ctx.sdk.cloudfront.ListKeyGroupsCommand(marker ? { Marker: marker } : {}), { keyGroup: name });
    const found = KeyGroupList?.Items?.find((item) => item.KeyGroup?.KeyGroupConfig?.Name === name);
    if (found) return found.KeyGroup;
    marker = KeyGroupList?.NextMarker;
  } while (marker);
  return undefined;
}

async function uploadOnce(ctx: RunContext, group: string, key: LocalPublicKey): Promise<string> {
  const found = await findPublicKey(ctx, key);
  if (found?.Id) {
    ctx.io.log(`public key: ${found.Id} (${found.Name}) already holds this key: reused`);
    return found.Id;
  }
  const Name = publicKeyName(group, key);
  ctx.io.log(`public key: uploading ${ctx.options.publicKey} as ${Name} (${key.kind})`);
  const config = { CallerReference: randomUUID(), Name, EncodedKey: key.pem, Comment: `edge-sigv4: key group ${group}` };
  const created = await ctx.send("cloudfront", new ctx.sdk.cloudfront.CreatePublicKeyCommand({ PublicKeyConfig: config }));
  const id = created.PublicKey?.Id;
  if (!id) throw new DeployError("CreatePublicKey answered without a key id: check the key in the CloudFront console and run again");
  return id;
}

/** One read-change-write of the key group: true when it now holds the key because of this write. */
async function addKey(ctx: RunContext, group: string, groupId: string, keyId: string): Promise<boolean> {
  const context = { keyGroup: group };
  const { KeyGroup, ETag } = await ctx.send("cloudfront", new ctx.sdk.cloudfront.GetKeyGroupCommand({ Id: groupId }), context);
  const config = KeyGroup?.KeyGroupConfig;
  if (!config) throw new DeployError(`key group ${group} (${groupId}) came back without its configuration: run the deploy again`);
  if (config.Items?.includes(keyId)) return false;
  const KeyGroupConfig = { ...config, Items: [...(config.Items ?? []), keyId] };
  await ctx.send("cloudfront", new ctx.sdk.cloudfront.UpdateKeyGroupCommand({ Id: groupId, IfMatch: ETag, KeyGroupConfig }), context);
  return true;
}

async function holdKey(ctx: RunContext, group: string, keyId: string): Promise<string> {
  const { io } = ctx;
  const existing = await findKeyGroup(ctx, group);
  if (!existing?.Id) {
    io.log(`key group: creating ${group} with public key ${keyId}`);
    const KeyGroupConfig = { Name: group, Items: [keyId], Comment: COMMENT };
    const created = await ctx.send("cloudfront", new ctx.sdk.cloudfront.CreateKeyGroupCommand({ KeyGroupConfig }), { keyGroup: group });
    const id = created.KeyGroup?.Id;
    if (!id) throw new DeployError("CreateKeyGroup answered without a key group id: check the key group in the CloudFront console and run again");
    return id;
  }
  const groupId = existing.Id;
  if (existing.KeyGroupConfig?.Items?.includes(keyId)) {
    io.log(`key group: ${group} (${groupId}) already holds public key ${keyId}`);
    return groupId;
  }
  io.log(`key group: adding public key ${keyId} to ${group} (${groupId})`);
  await retryOnceOnConflict(
    () => addKey(ctx, group, groupId, keyId),
    () => io.log(`key group: ${group} changed since it was read (ETag conflict): reading it again, one retry`),
    (error) =>
      new DeployError(
        `key group ${group} changed again while the update was retried (ETag conflict after one retry): another deployment or a console edit is in progress; wait for it to finish and run the deploy again`,
        { cause: error },
      ),
  );
  return groupId;
}

export const keyGroupStep: Step = {
  name: "key group",
  check(options, state) {
    if (options.publicKey !== undefined) state.publicKey = readPublicKey(options.publicKey);
  },
  plan(options, { publicKey }) {
    const group = options.trustedKeyGroup;
    if (!group || !publicKey) return [];
    const retry = "PreconditionFailed (once)";
    return [
      local("public key", `${options.publicKey}: ${publicKey.kind}, SHA-256 ${publicKey.fingerprint.slice(0, 16)}..., checked`),
      call("cloudfront", "ListPublicKeys", { find: "the same key (EncodedKey)", Marker: "each page" }),
      call("cloudfront", "CreatePublicKey", { Name: publicKeyName(group, publicKey), EncodedKey: options.publicKey }, "no public key holds this key"),
      call("cloudfront", "ListKeyGroups", { find: `Name=${group}`, Marker: "each page" }),
      call("cloudfront", "CreateKeyGroup", { Name: group, Items: "PUBLIC_KEY_ID" }, `no key group is named ${group}`),
      call("cloudfront", "GetKeyGroup", { Id: "KEY_GROUP_ID" }, "the key group lacks the key"),
      call("cloudfront", "UpdateKeyGroup", { Id: "KEY_GROUP_ID", IfMatch: "ETag", Items: "+PUBLIC_KEY_ID" }, "the key group lacks the key"),
      call("cloudfront", "GetKeyGroup", { Id: "KEY_GROUP_ID" }, retry),
      call("cloudfront", "UpdateKeyGroup", { Id: "KEY_GROUP_ID", IfMatch: "fresh ETag" }, retry),
    ];
  },
  async run(ctx) {
    const { options, state, io } = ctx;
    const group = String(options.trustedKeyGroup);
    if (!state.publicKey) throw new DeployError("--trusted-key-group needs --public-key FILE");
    state.publicKeyId = await uploadOnce(ctx, group, state.publicKey);
    state.keyGroupId = await holdKey(ctx, group, state.publicKeyId);
    io.log(`key pair id: ${state.publicKeyId} (for sign-url --key-pair-id ${state.publicKeyId}, with the private key that matches ${options.publicKey})`);
    if (!options.distributionId) io.log(`key group: ${group} is not trusted by any behavior yet: add --distribution-id ID to require signed URLs there`);
  },
};
