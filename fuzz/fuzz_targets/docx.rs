//! `yanzhen import`'s Word reader: the zip container, then the document's XML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yanzhen::import::{archive::Package, docx};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(mut package) = Package::open(bytes.to_vec()) {
        let _ = docx::read(&mut package);
    }
});
