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

// A visitor's page has no stream until the visitor's first save creates the session (a page view stores nothing). The
// cookie of that save reaches every tab of the browser, but only the tab that saved hears of it: it tells the others
// over a BroadcastChannel, passing on its save's HX-Trigger, and every tab without a stream then connects the one the
// live channel rendered for it (data-sb-events), so any later change reaches it like any other tab of the session.
(function () {
    var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("sessionbridge") : null;

    function hasNoStream() {
        var body = document.body;
        return typeof htmx !== "undefined" && body.dataset.sbEvents && !body.dataset.sseConnect;
    }

    function connect() {
        var body = document.body;
        body.dataset.sseConnect = body.dataset.sbEvents;
        // htmx processes again only what changed: <body> opens the stream, and the listeners for its events, which
        // found no stream when the page loaded, are marked so they register with it (the body comes first).
        body.querySelectorAll("[data-hx-trigger*='sse:'], [hx-trigger*='sse:'], [data-sse-swap], [sse-swap]").forEach(function (listener) {
            listener.dataset.sbStream = "connected";
        });
        htmx.process(body);
    }

    function savedTrigger(xhr) {
        var header = xhr && xhr.getResponseHeader("HX-Trigger");
        if (!header || header.charAt(0) !== "{") {
            return null;
        }
        var trigger = JSON.parse(header);
        return trigger["session-changed"] ? trigger : null;
    }

    document.addEventListener("htmx:afterRequest", function (event) {
        var trigger = event.detail.successful && savedTrigger(event.detail.xhr);
        if (!trigger || !hasNoStream()) {
            return;
        }
        connect();
        if (channel) {
            channel.postMessage(trigger);
        }
    });

    if (channel) {
        // The other tab's save, played here as if this tab had made it: what listens for it "from:body" refreshes
        // (<html> attributes, a language re-render), and the saved key's row and fragments, which the saving tab got
        // in its answer, are asked for as the live channel's "changed-{key}" and "refresh-{id}" would.
        channel.addEventListener("message", function (event) {
            var trigger = event.data;
            if (!hasNoStream() || !trigger || typeof trigger !== "object") {
                return;
            }
            connect();
            var changed = trigger["session-changed"] || {};
            if (typeof changed.key === "string" && !Object.prototype.hasOwnProperty.call(trigger, "changed-" + changed.key)) {
                trigger["changed-" + changed.key] = "";
            }
            // The saving tab got the fragments that show the key in its answer; this tab asks for them.
            (Array.isArray(changed.shownIn) ? changed.shownIn : []).forEach(function (id) {
                trigger["refresh-" + id] = "";
            });
            // As htmx does for an HX-Trigger header: a detail that is not an object becomes {value: ...}.
            Object.keys(trigger).forEach(function (name) {
                var detail = trigger[name];
                htmx.trigger(document.body, name, detail !== null && typeof detail === "object" ? detail : { value: detail });
            });
        });
    }
}());
