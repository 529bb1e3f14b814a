// The bench's human-readable table, from the same object --json prints: measured numbers and
// ratios only.
import type { ChildResult, ColdSummary } from "./processes.ts";
import type { ReferenceReport } from "./reference.ts";
import type { BenchReport } from "./run.ts";

type Maybe = number | null | undefined;
const finite = (n: Maybe): n is number => typeof n === "number" && Number.isFinite(n);
const integer = (n: Maybe) => (finite(n) ? Math.round(n).toLocaleString("en-US") : "–");
const us = (n: Maybe) => (!finite(n) ? "–" : n >= 1000 ? integer(n) : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ms = (n: Maybe) => (finite(n) ? n.toFixed(1) : "–");
const times = (n: Maybe) => (finite(n) ? `${n.toFixed(n >= 10 ? 1 : 2)}×` : "–");
const mb = (bytes: unknown) => (typeof bytes === "number" ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : "–");

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function coldCell(cold: ColdSummary | null): string {
  if (!cold) return "–";
  if (cold.error && cold.medianMs === undefined) return `failed: ${cold.error}`;
  return `${ms(cold.medianMs)} ms (import ${ms(cold.importMs)} + first invocation ${ms(cold.firstInvocationMs)})`;
}

function rssCell(rss: ChildResult | null): string {
  if (!rss) return "–";
  return rss.error ? `failed: ${rss.error}` : mb(rss.maxRssBytes);
}

function referenceLine(reference: ReferenceReport): string {
  const name = `reference ${reference.signer}`;
  if (reference.available) return `${name}: ${integer(reference.bytes)} B — ${reference.description}`;
  return `${name}: not measured (${"skipped" in reference ? reference.skipped : reference.error})`;
}

export function formatReport(report: BenchReport): string {
  const { machine, method, bundle, references, cases, newCredentials, coldStart, peakRss } = report;
  const caseList = Object.values(cases);
  const measured = (id: keyof typeof references) => references[id]?.available === true;
  const withReference = caseList.some((c) => c.reference !== null);
  // Name each row's reference only when the rows are compared with different signers.
  const severalReferences = new Set(caseList.map((c) => c.referenceId)).size > 1;
  const out: string[] = [];
  out.push(`edge-sigv4 bench · node ${machine.node} · ${machine.platform} ${machine.arch} · ${machine.cpus} × ${machine.cpuModel ?? "?"}`);
  out.push(
    `bundle ${bundle.path}: ${integer(bundle.bytes)} B (function.zip ${integer(bundle.zipBytes)} B), sha256 ${bundle.sha256}…` +
      `${bundle.gitRevision ? `, tree at ${bundle.gitRevision}` : ""}${bundle.staleAgainstSrc ? "  [older than src/: run npm run build]" : ""}`,
  );
  for (const reference of Object.values(references)) out.push(referenceLine(reference));
  out.push("");

  out.push(`Per request, µs: median of ${method.rounds} per-round medians after ${method.warmupRounds} warm-up round(s); p90 over all timed requests`);
  const header = ["case", "ours", "p90", "floor", "ours/floor"];
  if (withReference) header.push("reference", "p90", "ref/floor", "speedup");
  if (withReference && severalReferences) header.push("reference signer");
  const rows = caseList.map((c) => {
    const row = [c.label, us(c.ours?.medianUs), us(c.ours?.p90Us), us(c.floor.medianUs), times(c.ratioToFloor)];
    if (withReference) row.push(us(c.reference?.medianUs), us(c.reference?.p90Us), times(c.reference?.ratioToFloor), times(c.speedup));
    if (withReference && severalReferences) row.push(measured(c.referenceId) ? (references[c.referenceId]?.signer ?? "–") : "–");
    return row;
  });
  out.push(table(header, rows));
  for (const c of caseList) if (c.notSigned !== undefined) out.push(`  ${c.label}: not signed by this bundle, so not measured (it returned ${c.notSigned})`);
  out.push("");
  out.push("floors (node:crypto, same run):");
  for (const c of caseList) out.push(`  ${c.label}: ${c.floor.what}${c.floor.sizesFrom ? ` (sizes: ${c.floor.sizesFrom})` : ""}`);
  out.push("");
  if (newCredentials) {
    const label = cases[newCredentials.caseId]?.label ?? newCredentials.caseId;
    out.push(`${label} right after the credentials change (the SigV4A key derived again), median of ${newCredentials.requests} requests:`);
    out.push(`  ours ${us(newCredentials.medianUs)} µs (p90 ${us(newCredentials.p90Us)}), against ${us(newCredentials.cachedMedianUs)} µs with the key kept`);
    out.push("");
  }

  out.push(
    `Cold start, median of ${coldStart.processes} fresh node processes (import of the bundle → end of the first GET invocation; node's own start not included):`,
  );
  out.push(`  ours       ${coldCell(coldStart.ours)}   ours/floor ${times(coldStart.ratioToFloor)}`);
  out.push(`  floor      ${coldCell(coldStart.floor).replace("first invocation", "first digests")}: ${coldStart.floor.what}`);
  if (coldStart.reference) out.push(`  reference  ${coldCell(coldStart.reference)}   speedup ${times(coldStart.speedup)}`);
  out.push(`  (for scale, not included: a bare \`node -e ""\` takes ${ms(coldStart.nodeProcessStartMs)} ms wall here)`);
  out.push("");

  out.push("Peak RSS, the 1 MiB PUT alone in a fresh process (20 invocations):");
  out.push(
    `  ours ${rssCell(peakRss.ours)}${peakRss.reference ? ` · reference ${rssCell(peakRss.reference)}` : ""} · node + the event alone ${rssCell(peakRss.baseline)}`,
  );
  out.push("");
  out.push(`Method: console.log ${method.consoleLog} (the function logs one JSON line per request); ${method.eventCopies}.`);
  return `${out.join("\n")}\n`;
}
