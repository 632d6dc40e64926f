//! Fuzz target `sitemap`: see `citecheck::fuzzing`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    citecheck::fuzzing::run("sitemap", data);
});
