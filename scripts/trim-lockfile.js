#!/usr/bin/env node
// The npm registry this project's machines reach lacks some platform-only optional packages
// (e.g. darwin builds of msgpackr-extract and unrs-resolver), so a fresh lock names packages
// that `npm ci` then reports as missing. After `npm install`, run this to drop optional
// dependencies the lock has no entry for; npm ci then installs exactly the lock.
const fs = require('fs');
const file = require('path').join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const present = new Set(Object.keys(lock.packages).map((k) => k.replace(/^.*node_modules\//, '')));
let dropped = 0;
for (const entry of Object.values(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!present.has(name)) {
      delete entry.optionalDependencies[name];
      dropped++;
    }
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`trim-lockfile: dropped ${dropped} optional dependencies the registry does not serve`);
