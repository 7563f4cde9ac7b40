//! The HTTP side of `serve`: the site from memory, the reload channel (Server-Sent Events), the
//! reload script and error overlay injected into HTML as it is served, and the safety checks:
//! only paths of the in-memory site, nothing with `..`, encoded slashes, backslashes or NUL, and
//! when bound to loopback only requests that name a loopback host (against DNS rebinding).

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::sync::broadcast;

use super::overlay;
use crate::diagnostics::Diagnostic;

/// Path of the reload channel.
pub const EVENTS: &str = "/__yanzhen/events";

/// The site as served: files by site path, and the errors of the last rebuild.
#[derive(Default)]
pub struct Store {
    /// Site path (`cases/a/index.html`) → bytes.
    pub files: HashMap<String, Bytes>,
    /// Errors of the last rebuild; shown over every page while not empty.
    pub errors: Vec<Diagnostic>,
    /// The casebook PDFs of the site by site path, typeset on request (the bytes then go into
    /// `files`) after the reload of the build they belong to.
    pub books: HashMap<String, Book>,
}

/// Where a casebook PDF of the served site stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Book {
    /// Not asked for since the last build.
    Idle,
    /// Asked for: the rebuild thread typesets it.
    Wanted,
    /// Typesetting failed with this message.
    Failed(String),
}

/// How long a request for a PDF waits for it to be typeset.
const BOOK_WAIT: std::time::Duration = std::time::Duration::from_secs(300);

/// What the handlers share.
#[derive(Clone)]
pub struct Shared {
    /// The site.
    pub store: Arc<RwLock<Store>>,
    /// Reload messages; the number counts rebuilds.
    pub reload: broadcast::Sender<u64>,
    /// Whether the server listens on loopback only, so other Host names are refused.
    pub loopback: bool,
    /// Wakes the rebuild thread (an empty batch) to typeset the PDFs asked for.
    pub wake: std::sync::mpsc::Sender<Vec<std::path::PathBuf>>,
}

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Malformed or an attempt to leave the site: 400.
    BadRequest,
}

/// The site path a raw request path asks for (`/cases/a/` → `cases/a/`), after percent-decoding;
/// refuses `.`/`..` segments, backslashes, NUL and encoded `/` or `\`.
pub fn site_path(raw: &str) -> Result<String, Refused> {
    let lower = raw.to_ascii_lowercase();
    if !raw.starts_with('/')
        || raw.contains('\\')
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return Err(Refused::BadRequest);
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refused::BadRequest)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refused::BadRequest)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| Refused::BadRequest)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).map_err(|_| Refused::BadRequest)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(Refused::BadRequest);
    }
    let path = &decoded[1..];
    if path.starts_with('/')
        || path.contains("//")
        || path.split('/').any(|s| s == ".." || s == ".")
    {
        return Err(Refused::BadRequest);
    }
    Ok(path.to_string())
}

/// Whether a `Host` header names this machine: `localhost` (and `*.localhost`), `127.x.x.x` or
/// `[::1]`, with or without a port.
pub fn loopback_host(host: &str) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, after)) if after.is_empty() || after.starts_with(':') => inside,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, ctype: &'static str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", text)
}

/// Refuses requests whose Host is not loopback when bound to loopback.
pub async fn check_host(
    State(shared): State<Shared>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    if shared.loopback {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        if !host.is_some_and(loopback_host) {
            return plain(
                StatusCode::FORBIDDEN,
                "403: this preview server only answers requests for localhost / 127.0.0.1\n",
            );
        }
    }
    next.run(req).await
}

/// The reload channel.
pub async fn events(State(shared): State<Shared>) -> impl IntoResponse {
    let rx = shared.reload.subscribe();
    let hello = futures_util::stream::once(async {
        Ok::<Event, Infallible>(Event::default().event("hello").data("0"))
    });
    let reloads = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(n) => {
                    let e = Event::default().event("reload").data(n.to_string());
                    return Some((Ok::<Event, Infallible>(e), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let mut r = Sse::new(hello.chain(reloads))
        .keep_alive(KeepAlive::default())
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Everything else: a file of the site.
pub async fn file(State(shared): State<Shared>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "405: only GET and HEAD\n");
    }
    let raw = req.uri().path();
    let path = match site_path(raw) {
        Ok(p) => p,
        Err(Refused::BadRequest) => return plain(StatusCode::BAD_REQUEST, "400: bad path\n"),
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(r) = book(&shared, &key).await {
        return r;
    }
    let store = shared.store.read().unwrap_or_else(|e| e.into_inner());
    if let Some(bytes) = store.files.get(&key) {
        let ctype = content_type(&key);
        if ctype.starts_with("text/html") {
            let html = overlay::inject(bytes, &store.errors);
            return respond(StatusCode::OK, ctype, html);
        }
        return respond(StatusCode::OK, ctype, bytes.clone());
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && store.files.contains_key(&format!("{path}/index.html"))
    {
        let mut r = plain(StatusCode::MOVED_PERMANENTLY, "");
        if let Ok(v) = HeaderValue::from_str(&format!("{raw}/")) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    let page = overlay::not_found(&path, store.files.keys().map(String::as_str));
    let html = overlay::inject(page.as_bytes(), &store.errors);
    respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", html)
}

/// A casebook PDF not typeset yet: asks the rebuild thread for it and waits until it is there
/// (then `None`: the file is served as any other) or has failed. `None` too for any other path.
async fn book(shared: &Shared, key: &str) -> Option<Response> {
    {
        let mut s = shared.store.write().unwrap_or_else(|e| e.into_inner());
        if s.files.contains_key(key) {
            return None;
        }
        match s.books.get_mut(key)? {
            Book::Failed(msg) => return Some(failed_book(msg)),
            b => *b = Book::Wanted,
        }
    }
    let _ = shared.wake.send(Vec::new());
    let started = std::time::Instant::now();
    while started.elapsed() < BOOK_WAIT {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let s = shared.store.read().unwrap_or_else(|e| e.into_inner());
        if s.files.contains_key(key) {
            return None;
        }
        match s.books.get(key) {
            Some(Book::Failed(msg)) => return Some(failed_book(msg)),
            Some(Book::Wanted) => {}
            // A rebuild came in between: the request is asked again by a reload.
            _ => return None,
        }
    }
    Some(plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "503: the PDF is still being typeset; reload the page later\n",
    ))
}

fn failed_book(msg: &str) -> Response {
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/plain; charset=utf-8",
        format!("500: the PDF could not be typeset\n\n{msg}\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_decode_and_refuse_escapes() {
        assert_eq!(site_path("/").unwrap(), "");
        assert_eq!(site_path("/cases/a/").unwrap(), "cases/a/");
        assert_eq!(site_path("/%E6%A1%88%E4%BE%8B/").unwrap(), "案例/");
        for bad in [
            "/../etc/passwd",
            "/cases/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a%2fb",
            "/a%2F..%2Fb",
            "/a\\b",
            "/a%5cb",
            "/a%00b",
            "/./a",
            "//etc/passwd",
            "/%zz",
            "/%ff",
            "relative",
        ] {
            assert_eq!(site_path(bad), Err(Refused::BadRequest), "{bad}");
        }
    }

    #[test]
    fn only_loopback_host_names_pass() {
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "[::1]",
            "preview.localhost:80",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "10.0.0.1:1111",
            "127.0.0.1.nip.io",
            "[::2]:1111",
            "",
            "localhost:abc",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }
}
