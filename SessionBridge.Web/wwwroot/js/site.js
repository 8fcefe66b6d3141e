// The theme switch fragment carries the stored theme and density (compact mode); apply them to <html> when it is
// swapped in, so a change made in this tab (or pushed from another) shows without a reload. The first paint already
// has them from the server.
document.addEventListener("htmx:afterSwap", function () {
    var themeSwitch = document.getElementById("theme-switch");
    if (themeSwitch && themeSwitch.dataset.theme) {
        document.documentElement.dataset.theme = themeSwitch.dataset.theme;
    }
    if (themeSwitch && themeSwitch.dataset.density) {
        document.documentElement.dataset.density = themeSwitch.dataset.density;
    }
});

// A save answers with its whole row. If the user typed on while it was in flight, swapping that row in would throw
// the newer characters away (and drop the save already queued for them): keep the field as typed; the next answer
// brings the row up to date.
document.addEventListener("htmx:beforeSwap", function (event) {
    var field = document.activeElement;
    var sent = event.detail.requestConfig && event.detail.requestConfig.parameters;
    if (field && field.type === "text" && field.name && sent && event.detail.target.contains(field)
        && String(sent[field.name]) !== field.value) {
        event.detail.shouldSwap = false;
    }
});

// A language change re-renders the page in place. The page is fetched again as a full page (what a reload would show,
// an error page included) and htmx swaps its body content in; <body> itself stays, and with it the live channel and
// this tab's name (sent back as SB-Tab, so the new markup keeps it). A reload (HX-Refresh) would lose what the user
// typed and the focus: here a typed value the server has not rendered back (one that differs from the field's default)
// is put back, and so are the focus and the caret.
(function () {
    var latest = 0;

    function isTyped(field) {
        return (field.tagName === "TEXTAREA" || !/^(hidden|checkbox|radio|submit|button|reset|file)$/.test(field.type))
            && field.value !== field.defaultValue;
    }

    function rerender() {
        var request = ++latest;
        var headers = JSON.parse(document.body.dataset.hxHeaders || "{}");
        fetch(location.href, { headers: headers, credentials: "same-origin" }).then(function (response) {
            if (response.redirected) {
                location.assign(response.url);
                return;
            }
            return response.text().then(function (html) {
                if (request !== latest) {
                    return;
                }
                var typed = Array.from(document.body.querySelectorAll("input[id], textarea[id]")).filter(isTyped)
                    .map(function (field) { return { id: field.id, value: field.value }; });
                var focused = document.activeElement && document.activeElement.id ? document.activeElement : null;
                var caret = focused && typeof focused.selectionStart === "number" ? [focused.selectionStart, focused.selectionEnd] : null;
                var lang = new DOMParser().parseFromString(html, "text/html").documentElement.lang;

                htmx.swap(document.body, html, { swapStyle: "innerHTML" });
                document.documentElement.lang = lang;

                typed.forEach(function (entry) {
                    var field = document.getElementById(entry.id);
                    if (field) {
                        field.value = entry.value;
                        // A save still waiting for its debounce went with the old field: the new one sends it.
                        field.dispatchEvent(new Event("input", { bubbles: true }));
                    }
                });
                var refocus = focused && document.getElementById(focused.id);
                if (refocus) {
                    refocus.focus();
                    if (caret && typeof refocus.setSelectionRange === "function") {
                        refocus.setSelectionRange(caret[0], caret[1]);
                    }
                }
            });
        });
    }

    function rerenderOn(key) {
        var marker = document.querySelector("[data-rerender-on]");
        if (marker && key === marker.dataset.rerenderOn) {
            rerender();
        }
    }

    // This tab's own save answers with HX-Trigger {"session-changed": {"key": ...}}.
    document.addEventListener("session-changed", function (event) {
        rerenderOn(event.detail && event.detail.key);
    });
    // Another tab's save arrives over the live channel, the key as the event's data.
    document.addEventListener("htmx:sseMessage", function (event) {
        if (event.target.matches("[data-rerender-on]") && event.detail && event.detail.type === "session-changed") {
            rerenderOn(event.detail.data);
        }
    });
}());
