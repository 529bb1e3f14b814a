#!/usr/bin/env node
// `npm start`: a local CloudFront edge running the built function in front of IAM-checking
// origins. See docs/local-edge.md, or `npm start -- --help`.
import { main } from "./local-edge/cli.mjs";

// Exits explicitly: keep-alive sockets to a real origin would otherwise hold the process open.
process.exit(await main());
