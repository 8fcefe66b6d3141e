// The theme switch fragment carries the stored theme; apply it to <html> when it is swapped in, so a change made in
// this tab (or pushed from another) shows without a reload. The first paint already has it from the server.
document.addEventListener("htmx:afterSwap", function (event) {
    var themeSwitch = document.getElementById("theme-switch");
    if (themeSwitch && themeSwitch.dataset.theme) {
        document.documentElement.dataset.theme = themeSwitch.dataset.theme;
    }
});
