//! Fuzz target `feed`: see `citecheck::fuzzing`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    citecheck::fuzzing::run("feed", data);
});
