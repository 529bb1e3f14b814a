#!/usr/bin/env node
// `npm start`: a local CloudFront edge running the built function in front of IAM-checking
// origins. `npm start -- --help` lists the options.
import { main } from "./main.ts";

// Exits explicitly: keep-alive sockets to a real origin would otherwise hold the process open.
process.exit(await main(process.argv.slice(2)));
