// Marks the page as able to run GOV.UK Frontend's JavaScript, then starts its components.
// A file of its own because the Content Security Policy allows no inline scripts.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();
