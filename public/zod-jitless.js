// Zod probes whether it may compile parsers with `new Function`; under the console's CSP (no
// 'unsafe-eval') the probe is refused and reported as a CSP violation on every page load. jitless
// skips the probe (the compiled parsers could not run here anyway). Zod reads this global when it
// loads, so it is set by a file of its own before the bundle: shared chunks run before the entry's code.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
