// Stands in for ws's optional native add-ons (bufferutil, utf-8-validate) in the main bundle:
// ws loads them inside try/catch and falls back to JavaScript, so main stays free of native code.
export {};
throw new Error('optional native add-on not bundled');
