//! site.yaml: the YAML reader and every check of the site's settings.
#![no_main]

use camino::Utf8Path;
use libfuzzer_sys::fuzz_target;
use yanzhen::config::Config;

fuzz_target!(|text: &str| {
    let _ = Config::parse(Utf8Path::new("site.yaml"), text);
});
