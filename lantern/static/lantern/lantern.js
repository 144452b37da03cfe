// Lantern's only script: marks GOV.UK Frontend as supported and starts its components.
// Loaded as an external module so that the Content Security Policy needs no inline script.
import { initAll } from "../build/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
