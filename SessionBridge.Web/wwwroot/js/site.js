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

// Focus after a swap. A swap that replaces the focused control (a row answering its own Save, the login form coming
// back with an error, a session signed out from its own row) would drop focus to <body>, and a keyboard or screen
// reader user would have to find their place again. htmx itself restores focus only to an element with an id.
var focusToRestore = null;
var focusable = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]";

document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var field = document.activeElement;
    focusToRestore = null;
    if (!event.detail.shouldSwap || !target || !target.id || !field || field === document.body || !target.contains(field)) {
        return;
    }

    var scope = field.closest("[id]") || target;
    focusToRestore = {
        id: field.id,
        target: target.id,
        scope: scope.id,
        index: Array.prototype.indexOf.call(scope.querySelectorAll(focusable), field),
    };
});

document.addEventListener("htmx:afterSwap", function () {
    var wanted = focusToRestore;
    focusToRestore = null;
    var root = wanted && document.getElementById(wanted.target);
    if (!root) {
        return;
    }

    // An answer that refuses what was sent marks its fields aria-invalid: the first of them is where to go on.
    var invalid = root.querySelector("[aria-invalid=true]");
    if (invalid) {
        invalid.focus();
        return;
    }

    if (document.activeElement && document.activeElement !== document.body) {
        return;
    }

    var scope = document.getElementById(wanted.scope);
    var next = (wanted.id && document.getElementById(wanted.id)) || (scope && scope.querySelectorAll(focusable)[wanted.index]);
    if (!next) {
        // The control is gone (its row was removed): the message that says what happened takes focus.
        next = root.querySelector("[role=status], [role=alert]") || root.querySelector("h1, h2") || root;
        next.setAttribute("tabindex", "-1");
    }

    next.focus();
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
