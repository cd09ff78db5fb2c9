import { voucherLifecycle } from '../src/features/applications/voucher-lifecycle';

/** Prints the Mermaid diagram of the voucher lifecycle table, as the README shows it. */
process.stdout.write(`${voucherLifecycle.toMermaid()}\n`);
