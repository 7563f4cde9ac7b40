//! `yanzhen serve`: live preview. Builds the site into memory, serves it over HTTP, watches
//! `site.yaml`, `content/`, `static/` and `themes/`, and after each burst of saves rebuilds only
//! what the change affects ([`classify`], [`rebuild`]) and then — never before — tells open pages
//! to reload. A failed rebuild keeps the last good site and shows its errors over every page.
//!
//! Threads: the watcher's (notify + debouncer) sends batches of paths; one rebuild thread drains
//! every batch waiting, so a burst of saves becomes one rebuild that reads the latest files; the
//! HTTP server runs on a small tokio runtime and reads the site under a lock.

pub mod classify;
mod fingerprint;
pub mod http;
pub mod overlay;
pub mod rebuild;
mod reread;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use camino::{Utf8Path, Utf8PathBuf};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::DebounceEventResult;

use crate::build::Options;
use crate::diagnostics::Diagnostic;
use classify::{Change, Stage, classify};
use http::{Book, Shared, Store};
use rebuild::{Builder, Outcome};

/// How long the watcher waits for a burst of file events to end. Editors' atomic saves (write a
/// temp file, rename it over the target) finish well within it.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How long a failed rebuild waits for more file events before it shows its errors.
pub const SETTLE: Duration = Duration::from_millis(150);

/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site (its `output` is not used: the site stays in memory).
    pub build: Options,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Poll the files instead of asking the system for events (network shares).
    pub poll: bool,
}

/// What `serve` reports as it runs; the binary prints it.
#[derive(Debug)]
pub enum Event<'a> {
    /// Listening at this address.
    Listening(SocketAddr),
    /// Listening on an address other machines can reach.
    Exposed(IpAddr),
    /// A (re)build finished and open pages were told to reload.
    Built {
        /// Pages in the site.
        pages: usize,
        /// Routes rendered by this build.
        rendered: usize,
        /// Time from the first file event to the reload message.
        elapsed: Duration,
        /// Warnings.
        warnings: &'a [Diagnostic],
        /// How long each stage took.
        timings: &'a [(&'static str, Duration)],
    },
    /// A rebuild failed; the last good site is still served.
    Failed(&'a [Diagnostic]),
    /// The watcher reported a problem.
    WatchError(String),
}

/// Serves the site until the process ends. Errors only if the server cannot start.
pub fn serve(
    opts: ServeOptions,
    report: impl Fn(Event) + Send + Sync + 'static,
) -> std::io::Result<()> {
    let root = std::fs::canonicalize(&opts.build.root).unwrap_or(opts.build.root.clone());
    let mut build_opts = opts.build.clone();
    build_opts.root = root.clone();
    let report = Arc::new(report);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind((opts.bind, opts.port)))?;
    let addr = listener.local_addr()?;

    let store = Arc::new(RwLock::new(Store::default()));
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let shared = Shared {
        store: store.clone(),
        reload: reload.clone(),
        loopback: opts.bind.is_loopback(),
        wake: tx.clone(),
    };

    // The first build, before anyone can ask for a page.
    let mut builder = Builder::new(build_opts);
    let mut generation = 0;
    let started = Instant::now();
    let outcome = builder.full(started);
    apply(&store, outcome, &reload, &mut generation, &*report);
    refresh_search(&store, &builder);
    refresh_books(&store, &builder);

    let watcher = Watcher::start(&root, opts.poll, tx, report.clone());
    {
        let report = report.clone();
        let store = store.clone();
        std::thread::Builder::new()
            .name("yanzhen-rebuild".into())
            .spawn(move || {
                rebuild_loop(Loop {
                    root,
                    builder,
                    watcher,
                    rx,
                    store,
                    reload,
                    report,
                });
            })?;
    }

    if !opts.bind.is_loopback() {
        report(Event::Exposed(opts.bind));
    }
    report(Event::Listening(addr));
    let app = axum::Router::new()
        .route(http::EVENTS, axum::routing::get(http::events))
        .fallback(http::file)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            http::check_host,
        ))
        .with_state(shared);
    runtime.block_on(async move { axum::serve(listener, app).await })
}

/// What the rebuild thread works with.
struct Loop {
    /// The site root; the watcher reports paths under it.
    root: PathBuf,
    /// The kept site.
    builder: Builder,
    /// The file watcher, if it started.
    watcher: Option<Watcher>,
    /// Batches of changed paths from the watcher.
    rx: mpsc::Receiver<Vec<PathBuf>>,
    /// The served site.
    store: Arc<RwLock<Store>>,
    /// Tells open pages to reload.
    reload: tokio::sync::broadcast::Sender<u64>,
    /// Where events go.
    report: Arc<dyn Fn(Event) + Send + Sync>,
}

/// Rebuilds after each batch of file events until the watcher's channel closes.
fn rebuild_loop(mut l: Loop) {
    let mut generation = 1;
    let mut pending: Option<Vec<PathBuf>> = None;
    // A failure was put aside for events that followed it: the next batch must rebuild.
    let mut owed = false;
    loop {
        let first = match pending.take() {
            Some(p) => p,
            None => match l.rx.recv() {
                Ok(p) => p,
                Err(_) => return,
            },
        };
        let started = Instant::now();
        let change = next_change(&mut l, first);
        if change.stage == Stage::Nothing && !owed {
            // An empty batch is a request for a PDF (or nothing that matters).
            typeset_books(&l.store, &l.builder);
            continue;
        }
        let outcome = l.builder.rebuild(&change);
        // An editor that saves in steps (truncate, then write) can be caught half-way: if more
        // events follow a failure at once, rebuild with them before showing any error.
        if matches!(outcome, Outcome::Failed(_))
            && let Ok(more) = l.rx.recv_timeout(SETTLE)
        {
            pending = Some(more);
            owed = true;
            continue;
        }
        owed = false;
        let outcome = timed_from(outcome, started);
        let built = matches!(outcome, Outcome::Built { .. });
        apply(&l.store, outcome, &l.reload, &mut generation, &*l.report);
        if built && change.stage >= Stage::Content {
            refresh_search(&l.store, &l.builder);
        }
        if built {
            refresh_books(&l.store, &l.builder);
            typeset_books(&l.store, &l.builder);
        }
    }
}

/// After a build: the PDFs of the site just served, none typeset yet; those asked for before
/// stay asked for, so they are typeset again (after the reload was sent).
fn refresh_books(store: &RwLock<Store>, builder: &Builder) {
    let paths = builder.pdf_paths();
    let mut s = store.write().unwrap_or_else(|e| e.into_inner());
    let old = std::mem::take(&mut s.books);
    for p in old.keys() {
        s.files.remove(p);
    }
    for p in paths {
        let state = match old.get(&p) {
            Some(Book::Wanted | Book::Failed(_)) => Book::Wanted,
            _ => Book::Idle,
        };
        s.files.remove(&p);
        s.books.insert(p, state);
    }
}

/// Typesets every PDF asked for and not there yet, one after the other, into the store.
fn typeset_books(store: &RwLock<Store>, builder: &Builder) {
    loop {
        let wanted = {
            let s = store.read().unwrap_or_else(|e| e.into_inner());
            s.books
                .iter()
                .find(|(p, b)| **b == Book::Wanted && !s.files.contains_key(*p))
                .map(|(p, _)| p.clone())
        };
        let Some(path) = wanted else { return };
        let result = builder.pdf(&path);
        let mut s = store.write().unwrap_or_else(|e| e.into_inner());
        match result {
            Some(Ok(bytes)) => {
                s.files.insert(path.clone(), bytes.into());
                s.books.insert(path, Book::Idle);
            }
            Some(Err(errors)) => {
                let msg: Vec<String> = errors.iter().map(ToString::to_string).collect();
                s.books.insert(path, Book::Failed(msg.join("\n")));
            }
            None => {
                s.books.remove(&path);
            }
        }
    }
}

/// The change that the batch `first` and every batch waiting behind it make, so that one
/// rebuild reads the latest files; makes sure the watcher watches the folders that now exist.
fn next_change(l: &mut Loop, first: Vec<PathBuf>) -> Change {
    let mut paths = first;
    // Coalesce everything that arrived meanwhile: one rebuild reads the latest files.
    while let Ok(more) = l.rx.try_recv() {
        paths.extend(more);
    }
    if let Some(w) = l.watcher.as_mut() {
        w.ensure(&l.root);
    }
    let rels: Vec<Utf8PathBuf> = paths
        .iter()
        .filter_map(|p| p.strip_prefix(&l.root).ok())
        .filter_map(|p| Utf8Path::from_path(p).map(Utf8Path::to_path_buf))
        .collect();
    let refs: Vec<&Utf8Path> = rels.iter().map(|p| p.as_path()).collect();
    classify(&refs, l.builder.theme_name())
}

/// `outcome` with its time counted from `started`, the first file event of the batch.
fn timed_from(outcome: Outcome, started: Instant) -> Outcome {
    match outcome {
        Outcome::Built {
            patch,
            rendered,
            pages,
            warnings,
            timings,
            ..
        } => Outcome::Built {
            patch,
            rendered,
            pages,
            warnings,
            timings,
            elapsed: started.elapsed(),
        },
        other => other,
    }
}

/// Puts the search index of the site just served into the store (the search page is a route). Done after the reload
/// was sent: the index covers the whole site, and a one-page edit must not wait for it.
fn refresh_search(store: &RwLock<Store>, builder: &Builder) {
    let files = builder.search_files();
    if files.is_empty() {
        return;
    }
    let mut s = store.write().unwrap_or_else(|e| e.into_inner());
    s.files
        .retain(|p, _| !p.starts_with("search/") || p == "search/index.html");
    for (p, b) in files {
        s.files.insert(p, b.into());
    }
}

/// Puts a rebuild's result in the store, then sends the reload.
fn apply(
    store: &RwLock<Store>,
    outcome: Outcome,
    reload: &tokio::sync::broadcast::Sender<u64>,
    generation: &mut u64,
    report: &(dyn Fn(Event) + Sync),
) {
    match outcome {
        Outcome::Unchanged => {
            let mut s = store.write().unwrap_or_else(|e| e.into_inner());
            if s.errors.is_empty() {
                return;
            }
            // The error was fixed by going back to what is served.
            s.errors.clear();
        }
        Outcome::Built {
            patch,
            rendered,
            pages,
            warnings,
            elapsed,
            timings,
        } => {
            {
                let mut s = store.write().unwrap_or_else(|e| e.into_inner());
                for p in patch.remove {
                    s.files.remove(&p);
                }
                for (p, b) in patch.write {
                    s.files.insert(p, b.into());
                }
                s.errors.clear();
            }
            report(Event::Built {
                pages,
                rendered,
                elapsed,
                warnings: &warnings,
                timings: &timings,
            });
        }
        Outcome::Failed(errors) => {
            report(Event::Failed(&errors));
            store.write().unwrap_or_else(|e| e.into_inner()).errors = errors;
        }
    }
    *generation += 1;
    let _ = reload.send(*generation);
}

/// The file watcher: the site root (for `site.yaml`) and its three source folders, each watched
/// once it exists. With `--poll`, a thread that compares file times and sizes instead.
struct Watcher {
    inner: Option<Box<dyn Watch>>,
    watched: Vec<&'static str>,
}

trait Watch: Send {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
}

impl<T: notify::Watcher + Send, C: notify_debouncer_full::FileIdCache + Send> Watch
    for notify_debouncer_full::Debouncer<T, C>
{
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        notify_debouncer_full::Debouncer::watch(self, path, mode)
    }
}

const FOLDERS: [&str; 3] = ["content", "static", "themes"];

impl Watcher {
    fn start(
        root: &Path,
        poll: bool,
        tx: mpsc::Sender<Vec<PathBuf>>,
        report: Arc<dyn Fn(Event) + Send + Sync>,
    ) -> Option<Watcher> {
        if poll {
            let root = root.to_path_buf();
            let spawned = std::thread::Builder::new()
                .name("yanzhen-poll".into())
                .spawn(move || poll_loop(&root, &tx));
            if let Err(e) = spawned {
                report(Event::WatchError(e.to_string()));
                return None;
            }
            return Some(Watcher {
                inner: None,
                watched: Vec::new(),
            });
        }
        let errors = report.clone();
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
            Err(es) => {
                for e in es {
                    errors(Event::WatchError(e.to_string()));
                }
            }
        };
        let started = notify_debouncer_full::new_debouncer(DEBOUNCE, None, handler)
            .and_then(|mut d| d.watch(root, RecursiveMode::NonRecursive).map(|()| d));
        match started {
            Ok(d) => {
                let mut w = Watcher {
                    inner: Some(Box::new(d)),
                    watched: Vec::new(),
                };
                w.ensure(root);
                Some(w)
            }
            Err(e) => {
                report(Event::WatchError(format!(
                    "{e} (changes will not be seen; try --poll)"
                )));
                None
            }
        }
    }

    /// Watches the source folders that exist and are not watched yet (a folder created later).
    fn ensure(&mut self, root: &Path) {
        let Some(inner) = self.inner.as_mut() else {
            return;
        };
        for f in FOLDERS {
            if !self.watched.contains(&f)
                && root.join(f).is_dir()
                && inner.watch(&root.join(f), RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(f);
            }
        }
    }
}

/// Time and size of every file `serve` watches.
fn snapshot(root: &Path) -> HashMap<PathBuf, (Option<std::time::SystemTime>, u64)> {
    let mut files = HashMap::new();
    let yaml = root.join("site.yaml");
    if let Ok(m) = std::fs::metadata(&yaml) {
        files.insert(yaml, (m.modified().ok(), m.len()));
    }
    for f in FOLDERS {
        for e in walkdir::WalkDir::new(root.join(f)).into_iter().flatten() {
            if let Ok(m) = e.metadata() {
                files.insert(e.into_path(), (m.modified().ok(), m.len()));
            }
        }
    }
    files
}

/// `--poll`: compares the files' times (to the nanosecond where the file system has them) and
/// sizes every [`POLL_INTERVAL`].
fn poll_loop(root: &Path, tx: &mpsc::Sender<Vec<PathBuf>>) {
    let mut before = snapshot(root);
    loop {
        std::thread::sleep(POLL_INTERVAL);
        let now = snapshot(root);
        let mut changed: Vec<PathBuf> = now
            .iter()
            .filter(|(p, m)| before.get(*p) != Some(m))
            .map(|(p, _)| p.clone())
            .collect();
        changed.extend(before.keys().filter(|p| !now.contains_key(*p)).cloned());
        if !changed.is_empty() && tx.send(changed).is_err() {
            return;
        }
        before = now;
    }
}
