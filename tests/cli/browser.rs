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

/// Evaluates a JavaScript expression that gives a promise, and returns what it resolves to.
#[allow(dead_code)]
pub fn eval_await(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

/// Opens `url` in a new tab after arranging for `script` to run first in every document (before
/// the page's own scripts): to watch the page as it is parsed.
#[allow(dead_code)]
pub fn open_watched(browser: &Browser, url: &str, script: &str) -> Arc<Tab> {
    use headless_chrome::protocol::cdp::Page;
    let tab = browser.inner.new_tab().unwrap();
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: script.to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

/// A script for [`open_watched`]: records in `window.__first` the first `top` and `display` of
/// each selector's element as soon as the parser has inserted it.
#[allow(dead_code)]
pub fn first_positions(selectors: &[&str]) -> String {
    let list = serde_json::to_string(selectors).unwrap();
    format!(
        "window.__first = {{}}; new MutationObserver(() => {{ for (const s of {list}) {{ const e = document.querySelector(s); if (e && !(s in window.__first)) window.__first[s] = [e.getBoundingClientRect().top, getComputedStyle(e).display]; }} }}).observe(document, {{childList: true, subtree: true}});"
    )
}

/// A tab that records console errors and uncaught exceptions.
/// A new tab that records console errors, uncaught exceptions and `console.error` calls.
pub fn watched_tab(
    b: &Browser,
) -> (
    std::sync::Arc<Tab>,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    use headless_chrome::protocol::cdp::types::Event;
    let tab = b.inner.new_tab().unwrap();
    tab.enable_log().unwrap().enable_runtime().unwrap();
    let errors = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&errors);
    tab.add_event_listener(std::sync::Arc::new(move |e: &Event| match e {
        Event::LogEntryAdded(l) if format!("{:?}", l.params.entry.level) == "Error" => {
            sink.lock().unwrap().push(format!("{:?}", l.params.entry));
        }
        Event::RuntimeExceptionThrown(x) => {
            sink.lock()
                .unwrap()
                .push(format!("{:?}", x.params.exception_details));
        }
        Event::RuntimeConsoleAPICalled(c) if format!("{:?}", c.params.Type) == "Error" => {
            sink.lock().unwrap().push(format!("{:?}", c.params.args));
        }
        _ => {}
    }))
    .unwrap();
    (tab, errors)
}
