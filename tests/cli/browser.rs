//! Headless Chromium for the browser checks: real pages, real JavaScript, opened from `file://`.
//! Needs `/usr/bin/chromium` (Debian package `chromium`; `.ci/run` installs it).

use std::ffi::OsStr;
use std::sync::Arc;
use std::time::Duration;

pub use headless_chrome::Tab;

/// A headless Chromium with a fresh profile, started with the flags this machine needs.
pub struct Browser {
    pub inner: headless_chrome::Browser,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Browser {
        let profile = tempfile::Builder::new()
            .prefix("yanzhen-chromium")
            .tempdir()
            .unwrap();
        let data_dir = format!("--user-data-dir={}", profile.path().display());
        let flags = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--allow-file-access-from-files",
            data_dir.as_str(),
        ];
        let args: Vec<&OsStr> = flags.iter().map(OsStr::new).collect();
        let options = headless_chrome::LaunchOptions::default_builder()
            .path(Some(std::path::PathBuf::from(chromium_path())))
            .headless(false) // the flag is passed above as --headless=new
            .sandbox(false)
            .window_size(Some((1280, 900)))
            .idle_browser_timeout(Duration::from_secs(120))
            .args(args)
            .build()
            .unwrap();
        let inner = headless_chrome::Browser::new(options)
            .expect("start chromium (is the `chromium` package installed?)");
        Browser {
            inner,
            _profile: profile,
        }
    }

    /// Opens `url` in a new tab and waits for it to load.
    pub fn open(&self, url: &str) -> Arc<Tab> {
        let tab = self.inner.new_tab().unwrap();
        tab.navigate_to(url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        tab
    }
}

fn chromium_path() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

/// Evaluates a JavaScript expression and returns its value as JSON.
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

/// The `file://` URL of a file.
pub fn file_url(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}
