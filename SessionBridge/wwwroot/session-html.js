// Keeps the attributes of <html> that show session keys (data-theme, data-density, ...) up to date without a request.
// The server names them: "html-changed" comes as HX-Trigger on this tab's own save and over the live channel (an SSE
// event, heard through the hidden listener the live channel renders) for another tab's. Its detail is
// {"data-theme": "dark"}; anything that is not a data attribute (htmx adds "elt" to a detail) is left alone.
(function () {
    function apply(attributes) {
        Object.keys(attributes || {}).forEach(function (name) {
            if (/^data-[a-z0-9]+(-[a-z0-9]+)*$/.test(name) && typeof attributes[name] === "string") {
                document.documentElement.setAttribute(name, attributes[name]);
            }
        });
    }

    document.addEventListener("html-changed", function (event) {
        apply(event.detail);
    });
    document.addEventListener("htmx:sseMessage", function (event) {
        if (event.detail && event.detail.type === "html-changed") {
            apply(JSON.parse(event.detail.data));
        }
    });
}());
