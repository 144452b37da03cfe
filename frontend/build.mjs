// Builds Lantern's front-end assets into ../lantern/static/build (git-ignored).
import { compile, NodePackageImporter } from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "lantern", "static", "build");
const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(out, { recursive: true });

const result = compile(join(here, "lantern.scss"), {
  style: "compressed",
  importers: [new NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "lantern.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "govuk-frontend.min.js.map"), join(out, "govuk-frontend.min.js.map"));
// Images only: no fonts (Arial) and no crown.
mkdirSync(join(out, "assets", "images"), { recursive: true });
// govuk-crest.svg is copied only because the compiled CSS references it (header component, unused).
for (const img of ["favicon.ico", "favicon.svg", "govuk-crest.svg"]) {
  cpSync(join(govuk, "assets", "images", img), join(out, "assets", "images", img));
}
console.log(`built ${out}`);
