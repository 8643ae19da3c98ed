"use strict";
// Swagger UI over the API's OpenAPI schema: a static file, since the Content-Security-Policy
// lets no inline script run. Read-only: "Try it out" sends GETs only.
(function () {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // No badge fetched from swagger.io: the page loads nothing from another site.
    validatorUrl: null,
    supportedSubmitMethods: ["get", "head"],
  });
})();
