// The theme switch fragment carries the stored theme; apply it to <html> when it is swapped in, so a change made in
// this tab (or pushed from another) shows without a reload. The first paint already has it from the server.
document.addEventListener("htmx:afterSwap", function () {
    var themeSwitch = document.getElementById("theme-switch");
    if (themeSwitch && themeSwitch.dataset.theme) {
        document.documentElement.dataset.theme = themeSwitch.dataset.theme;
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
