// The bench's human-readable table, from the same object --json prints.

const integer = (n) => (n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en-US"));
const us = (n) => (n === null || n === undefined || !Number.isFinite(n) ? "–" : n >= 1000 ? integer(n) : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ms = (n) => (n === null || n === undefined || !Number.isFinite(n) ? "–" : n.toFixed(1));
const times = (n) => (n === null || n === undefined || !Number.isFinite(n) ? "–" : `${n.toFixed(n >= 10 ? 1 : 2)}×`);
const mb = (bytes) => (typeof bytes === "number" ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : "–");

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function coldCell(cold) {
  if (!cold) return "–";
  if (cold.error && cold.medianMs === undefined) return `failed: ${cold.error}`;
  return `${ms(cold.medianMs)} ms (import ${ms(cold.importMs)} + first invocation ${ms(cold.firstInvocationMs)})`;
}

function rssCell(rss) {
  if (!rss) return "–";
  return rss.error ? `failed: ${rss.error}` : mb(rss.maxRssBytes);
}

export function formatReport(report) {
  const { machine, method, bundle, reference, cases, coldStart, peakRss, expectations } = report;
  const withReference = reference.available;
  const out = [];
  out.push(`edge-sigv4 bench · node ${machine.node} · ${machine.platform} ${machine.arch} · ${machine.cpus} × ${machine.cpuModel ?? "?"}`);
  out.push(
    `bundle ${bundle.path}: ${integer(bundle.bytes)} B (function.zip ${integer(bundle.zipBytes)} B), sha256 ${bundle.sha256}…` +
      `${bundle.gitRevision ? `, tree at ${bundle.gitRevision}` : ""}${bundle.staleAgainstSrc ? "  [older than src/: run npm run build]" : ""}`,
  );
  if (withReference) out.push(`reference: ${integer(reference.bytes)} B — ${reference.description}`);
  else out.push(`reference: not measured (${reference.skipped ?? reference.error})`);
  out.push("");

  out.push(`Per request, µs: median of ${method.rounds} per-round medians after ${method.warmupRounds} warm-up round(s); p90 over all timed requests`);
  const header = ["case", "ours", "p90", "floor", "ours/floor"];
  if (withReference) header.push("reference", "p90", "ref/floor", "speedup");
  const rows = Object.values(cases).map((c) => {
    const row = [c.label, us(c.ours.medianUs), us(c.ours.p90Us), us(c.floor.medianUs), times(c.ratioToFloor)];
    if (withReference) row.push(us(c.reference?.medianUs), us(c.reference?.p90Us), times(c.reference?.ratioToFloor), times(c.speedup));
    return row;
  });
  out.push(table(header, rows));
  out.push("");
  out.push("floors (node:crypto, same run):");
  for (const c of Object.values(cases)) out.push(`  ${c.label}: ${c.floor.what}${c.floor.sizesFrom ? ` (sizes: ${c.floor.sizesFrom})` : ""}`);
  out.push("");

  out.push(
    `Cold start, median of ${coldStart.processes} fresh node processes (import of the bundle → end of the first GET invocation; node's own start not included):`,
  );
  out.push(`  ours       ${coldCell(coldStart.ours)}   ours/floor ${times(coldStart.ratioToFloor)}`);
  out.push(`  floor      ${coldCell(coldStart.floor).replace("first invocation", "first digests")}: ${coldStart.floor.what}`);
  if (withReference) out.push(`  reference  ${coldCell(coldStart.reference)}   speedup ${times(coldStart.speedup)}`);
  out.push(`  (for scale, not included: a bare \`node -e ""\` takes ${ms(coldStart.nodeProcessStartMs)} ms wall here)`);
  out.push("");

  out.push("Peak RSS, the 1 MiB PUT alone in a fresh process (20 invocations):");
  out.push(
    `  ours ${rssCell(peakRss.ours)}${withReference ? ` · reference ${rssCell(peakRss.reference)}` : ""} · node + the event alone ${rssCell(peakRss.baseline)}`,
  );
  out.push("");

  out.push(
    `Issue 5, next to what was measured: PUT 1 MiB ratio to floor ${times(expectations.put1mRatioToFloor.measured)} (target ≤ ${expectations.put1mRatioToFloor.target}×)`,
  );
  if (withReference) {
    out.push(
      `  speedup over the reference: PUT 1 MiB ${times(expectations.put1mSpeedup.measured)} (expected ≥ ${expectations.put1mSpeedup.expected}×) · ` +
        `cold start ${times(expectations.coldStartSpeedup.measured)} (≥ ${expectations.coldStartSpeedup.expected}×) · ` +
        `GET ${times(expectations.getSpeedup.measured)} (≥ ${expectations.getSpeedup.expected}×)`,
    );
  }
  out.push("");
  out.push(`Method: ${method.consoleLog.replace(/^s/, "console.log s")} (the function logs one JSON line per request); ${method.eventCopies}.`);
  return `${out.join("\n")}\n`;
}
