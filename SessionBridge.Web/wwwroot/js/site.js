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
