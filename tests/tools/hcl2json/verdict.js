// Print HashiCorp's verdict on each file named in argv, parsed by
// @cdktf/hcl2json (HCL's Go parser built to WebAssembly): "OK FILE" or
// "ERROR FILE: message". A file that is not valid UTF-8 cannot reach the
// Go side unchanged (JavaScript strings replace bad bytes), so it gets
// "NOT-UTF8 FILE" instead of a verdict.
"use strict";

const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");

const decoder = new TextDecoder("utf-8", { fatal: true });

async function main(files) {
  for (const file of files) {
    let text;
    try {
      text = decoder.decode(fs.readFileSync(file));
    } catch (err) {
      console.log(`NOT-UTF8 ${file}`);
      continue;
    }
    try {
      await parse(file, text);
      console.log(`OK ${file}`);
    } catch (err) {
      const message = String(err.message || err).split("\n")[0];
      console.log(`ERROR ${file}: ${message}`);
    }
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    console.error(`hcl2json: ${err.stack || err}`);
    process.exit(3);
  },
);
