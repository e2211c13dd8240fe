// Applies the remembered colour scheme before the first paint (no light flash in dark mode).
// A file, not an inline script, so the console's Content-Security-Policy can forbid inline scripts.
(function () {
  try {
    var mode = localStorage.getItem('profile-console-theme') || 'system';
    var dark = mode === 'dark' || (mode === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.classList.add(dark ? 'dark' : 'light');
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  } catch {
    // storage unavailable: the theme follows the system
  }
})();
