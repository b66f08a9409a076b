// Builds GOV.UK Frontend for SENDsight into core/static/govuk/.
// SENDsight is not on a gov.uk domain, so it must not use the GDS Transport font or the crown:
// we compile the Sass with Arial and our own asset path instead of using the precompiled CSS.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist");
const out = join(root, "core", "static", "govuk");
mkdirSync(out, { recursive: true });

const source = `
$govuk-font-family: arial, sans-serif;
$govuk-include-default-font-face: false;
$govuk-assets-path: "/static/govuk/assets/";
$govuk-new-link-styles: true;
@import "govuk/index";
@import "${join(root, "core", "static", "core", "sendsight.scss").replaceAll("\\", "/")}";
`;
const result = sass.compileString(source, {
  loadPaths: [govuk],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "slash-div", "color-functions", "if-function"],
});
writeFileSync(join(out, "govuk-frontend.css"), result.css);
cpSync(join(govuk, "govuk", "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "govuk", "assets", "images"), join(out, "assets", "images"), { recursive: true });
cpSync(join(govuk, "govuk", "assets", "manifest.json"), join(out, "assets", "manifest.json"));
console.log(`built ${join("core", "static", "govuk")} (${result.css.length} bytes of CSS)`);
