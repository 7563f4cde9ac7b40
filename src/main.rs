//! The `yanzhen` command: parses the command line, calls the library, reports, sets the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use yanzhen::build::{self, Options, Report};
use yanzhen::content::Kind;
use yanzhen::diagnostics::Diagnostic;
use yanzhen::diagnostics::Failure;

/// Whether the casebook PDF (the `pdf` feature, Typst) is compiled in, for `--version`.
#[cfg(feature = "pdf")]
macro_rules! pdf_support {
    () => {
        "yes"
    };
}
#[cfg(not(feature = "pdf"))]
macro_rules! pdf_support {
    () => {
        "no (built without the `pdf` feature)"
    };
}

/// `yanzhen --version`: the version, the commit it was built from (see build.rs), PDF support.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("YANZHEN_COMMIT"),
    ", PDF: ",
    pdf_support!(),
    ")"
);

#[derive(Parser)]
#[command(
    name = "yanzhen",
    version = VERSION,
    about = "雁阵：党建展示网站生成器 — builds party-building showcase sites from Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What every command that reads a site takes.
#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// Site root (default: the current folder)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include drafts
    #[arg(long)]
    drafts: bool,
    /// Override `base_url` of site.yaml
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(clap::Args, Clone)]
struct Common {
    #[command(flatten)]
    site: SiteArgs,
    /// Output folder (default: `output_dir` of site.yaml)
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder
    Build(Common),
    /// Validate everything build reads, without writing output, and inspect the site as a
    /// website inspection would: empty and stale columns, dates, wording, punctuation
    Check(CheckArgs),
    /// Live preview: serve the site from memory and rebuild it on every save
    Serve(ServeArgs),
    /// Build the site with the PDF of a collection (collections/SLUG/SLUG.pdf)
    Print {
        /// The collection's slug (its file name under content/collections/)
        collection: String,
        #[command(flatten)]
        common: Common,
    },
    /// Write a new site into DIR
    Init {
        /// Folder for the new site
        dir: PathBuf,
    },
    /// Write a new content file with every field of its kind
    New {
        /// Kind of content
        kind: KindArg,
        /// Path under content/, e.g. cases/my-case.md
        path: String,
        /// Site root
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Turn Word (.docx) files into page bundles: content/SECTION/SLUG/index.md with the images
    Import(ImportArgs),
    /// Write the man pages (DIR/man/) and shell completions (DIR/completions/) for packaging
    #[command(hide = true)]
    DistFiles {
        /// Folder to write into
        dir: PathBuf,
    },
}

/// `yanzhen dist-files DIR`: man pages and completions made from the clap definitions above, so
/// they never disagree with the parser. `scripts/dist.sh` puts them into the packages.
fn dist_files(dir: &Path) -> ExitCode {
    let write = || -> std::io::Result<()> {
        use clap_complete::Shell;
        let (man, completions) = (dir.join("man"), dir.join("completions"));
        std::fs::create_dir_all(&man)?;
        std::fs::create_dir_all(&completions)?;
        // Each subcommand's page carries the version line in its footer, as the main page does.
        let mut cli = Cli::command();
        let names: Vec<String> = cli.get_subcommands().map(|c| c.get_name().into()).collect();
        for name in names {
            cli = cli.mut_subcommand(name, |c| c.version(VERSION).disable_version_flag(true));
        }
        clap_mangen::generate_to(cli, &man)?;
        // The completions offer what a user types: the command without its hidden subcommands.
        let full = Cli::command();
        let shown = full.get_subcommands().filter(|c| !c.is_hide_set()).cloned();
        let mut cmd = clap::Command::new("yanzhen")
            .version(VERSION)
            .subcommands(shown);
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            clap_complete::generate_to(shell, &mut cmd, "yanzhen", &completions)?;
        }
        Ok(())
    };
    match write() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: writing into {}: {e}", dir.display());
            ExitCode::from(1)
        }
    }
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The Word files (.docx; .doc and .wps are converted when LibreOffice is installed)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// What the pages are: case (cases/), report (reports/) or article (articles/)
    #[arg(long, default_value = "case", value_parser = ["case", "report", "article"])]
    kind: String,
    /// Site root
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The page's slug (one file only); default: from the file name, Chinese in pinyin
    #[arg(long)]
    slug: Option<String>,
    /// Replace a page that exists
    #[arg(long)]
    force: bool,
    /// Print the Markdown instead of writing anything
    #[arg(long)]
    dry_run: bool,
}

/// `yanzhen import`: writes each file's bundle and says what it guessed; exit 1 if any failed.
fn import(a: ImportArgs) -> ExitCode {
    use yanzhen::import::{ImportKind, Options};
    let opts = Options {
        root: a.root,
        files: a.files,
        kind: ImportKind::from_name(&a.kind).unwrap_or(ImportKind::Case),
        slug: a.slug,
        force: a.force,
        dry_run: a.dry_run,
    };
    let mut failed = false;
    for result in yanzhen::import::import(&opts) {
        let page = match result {
            Ok(page) => page,
            Err(d) => {
                print_diagnostics(&[d]);
                failed = true;
                continue;
            }
        };
        if page.converted {
            eprintln!(
                "{}: converted from the old format with LibreOffice",
                page.source.display()
            );
        }
        let n = page.images.len();
        let images = format!("{n} image{}", if n == 1 { "" } else { "s" });
        if opts.dry_run {
            println!("{}", page.markdown);
            eprintln!("would write {} ({images}); nothing was written", page.page);
        } else {
            let verb = if page.replaced { "replaced" } else { "wrote" };
            let from = page.source.display();
            eprintln!("{verb} {} ({images}) from {from}", page.page);
        }
        for f in &page.guessed {
            eprintln!("  guessed {}: {}  ← {}  (请核对)", f.name, f.value, f.from);
        }
        for m in &page.missing {
            eprintln!("  not found {m}: `# {m}:` is left commented out in the page (请填写)");
        }
        for n in &page.notes {
            eprintln!("  note: {n}");
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// Judge dates and update periods as of this day (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    today: Option<yanzhen::fields::Date>,
    /// List the external links with file and line (nothing is fetched)
    #[arg(long)]
    external: bool,
    /// How to print the findings
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also write the findings as one self-contained HTML page (in Chinese) for a committee
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,
    /// Fail (exit 1) when there is any warning
    #[arg(long)]
    strict: bool,
    /// Rules, or groups of rules (health, wording, punctuation), not to run; comma-separated
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(yanzhen::check::Options::skippable()))]
    skip: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_day(s: &str) -> Result<yanzhen::fields::Date, String> {
    yanzhen::fields::Date::parse(s)
        .filter(|d| d.time.is_none())
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, e.g. 2025-06-30"))
}

/// `yanzhen check`: the findings on stdout (text or JSON), the HTML page if asked; exit 1 on
/// errors, and on warnings with `--strict`.
fn check(a: CheckArgs, started: std::time::Instant) -> ExitCode {
    let with = yanzhen::check::Options {
        today: a.today,
        external: a.external,
        skip: a.skip,
    };
    let (report, ins) = match build::check(&options(&a.common), &with) {
        Ok(done) => done,
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            errors_found(&failure.diagnostics, "nothing was checked further");
            return ExitCode::from(1);
        }
    };
    match a.format {
        Format::Text => print!("{}", yanzhen::check::report::terminal(&ins)),
        Format::Json => print!("{}", yanzhen::check::report::json(&ins, a.external)),
    }
    if let Some(path) = &a.report {
        if let Err(e) = std::fs::write(path, yanzhen::check::html::page(&ins)) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
        eprintln!("wrote the report {}", path.display());
    }
    report_timings(&report.timings);
    let ms = started.elapsed().as_millis();
    let n = ins.findings.len();
    eprintln!(
        "checked {} pages, {} files: no errors, {n} warning{} ({ms} ms)",
        report.pages,
        report.files,
        if n == 1 { "" } else { "s" }
    );
    if a.strict && n > 0 {
        eprintln!("--strict: warnings fail the check");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Address to listen on; anything but 127.0.0.1 lets other machines see the preview
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Port (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Look for changes every 500 ms instead of relying on file events (network shares)
    #[arg(long)]
    poll: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Case,
    Brand,
    Report,
    Article,
    Unit,
    Collection,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Case => Kind::Case,
            KindArg::Brand => Kind::Brand,
            KindArg::Report => Kind::Report,
            KindArg::Article => Kind::Article,
            KindArg::Unit => Kind::Unit,
            KindArg::Collection => Kind::Collection,
        }
    }
}

fn options(c: &Common) -> Options {
    Options {
        root: c.site.root.clone(),
        output: c.output.clone(),
        drafts: c.site.drafts,
        base_url: c.site.base_url.clone(),
        pdfs: Vec::new(),
    }
}

fn print_diagnostics(ds: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in ds {
        let _ = write!(err, "{d}");
    }
}

/// Prints the stage timings when `YANZHEN_TIMINGS` is set.
fn report_timings(timings: &[(&'static str, std::time::Duration)]) {
    if std::env::var_os("YANZHEN_TIMINGS").is_some() {
        for (stage, d) in timings {
            eprintln!("  {stage:<24} {:>7.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}

/// "N error(s) found; `then`".
fn errors_found(errors: &[Diagnostic], then: &str) {
    let n = yanzhen::diagnostics::error_count(errors);
    eprintln!("{n} error{} found; {then}", if n == 1 { "" } else { "s" });
}

fn finish(result: Result<Report, Failure>, started: std::time::Instant, verb: &str) -> ExitCode {
    match result {
        Ok(report) => {
            let n = report.warnings.len() + report.inspection;
            if n > 0 {
                eprintln!(
                    "{n} warning{}: run `yanzhen check` to see them (`--report FILE.html` for a page)",
                    if n == 1 { "" } else { "s" }
                );
            }
            report_timings(&report.timings);
            let (encoded, reused) = report.images;
            if encoded + reused > 0 {
                eprintln!("images: {encoded} prepared, {reused} from the cache");
            }
            let ms = started.elapsed().as_millis();
            match report.output {
                Some(out) => eprintln!(
                    "{verb} {} pages, {} files into {} in {ms} ms",
                    report.pages,
                    report.files,
                    out.display()
                ),
                None => eprintln!(
                    "{verb} {} pages, {} files: no errors ({ms} ms)",
                    report.pages, report.files
                ),
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            errors_found(&failure.diagnostics, "nothing was written");
            ExitCode::from(1)
        }
    }
}

fn serve(a: ServeArgs) -> ExitCode {
    use yanzhen::serve::{Event, ServeOptions};
    let opts = ServeOptions {
        build: Options {
            root: a.site.root,
            output: None,
            drafts: a.site.drafts,
            base_url: a.site.base_url,
            pdfs: Vec::new(),
        },
        bind: a.bind,
        port: a.port,
        poll: a.poll,
    };
    let report = |e: Event| match e {
        Event::Listening(addr) => {
            let host = if addr.ip().is_loopback() && addr.is_ipv4() {
                format!("127.0.0.1:{}", addr.port())
            } else {
                addr.to_string()
            };
            eprintln!("serving at http://{host}/ (Ctrl+C to stop)");
        }
        Event::Exposed(ip) => eprintln!(
            "warning: listening on {ip}: other machines on the network can see this preview, drafts included"
        ),
        Event::Built {
            pages,
            rendered,
            elapsed,
            warnings,
            timings,
        } => {
            print_diagnostics(warnings);
            report_timings(timings);
            eprintln!(
                "built {pages} pages ({rendered} rendered) in {} ms",
                elapsed.as_millis()
            );
        }
        Event::Failed(errors) => {
            print_diagnostics(errors);
            errors_found(errors, "still serving the last good site");
        }
        Event::WatchError(e) => eprintln!("warning: watching files: {e}"),
    };
    match yanzhen::serve::serve(opts, report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is turned into a per-file error by the library; keep the terminal clean.
    std::panic::set_hook(Box::new(|info| {
        if std::env::var_os("YANZHEN_DEBUG").is_some() {
            eprintln!("internal: {info}");
        }
    }));
    let started = std::time::Instant::now();
    match cli.command {
        Command::Build(c) => finish(build::build(&options(&c)), started, "built"),
        Command::Check(a) => check(a, started),
        Command::Serve(a) => serve(a),
        Command::Print { collection, common } => finish(
            build::print(&options(&common), &collection),
            started,
            "built",
        ),
        Command::Init { dir } => match yanzhen::scaffold::init(&dir) {
            Ok(files) => {
                eprintln!(
                    "wrote a new site with {} files into {}",
                    files.len(),
                    dir.display()
                );
                eprintln!("next: cd {} && yanzhen build", dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_diagnostics(&[d]);
                ExitCode::from(1)
            }
        },
        Command::Import(a) => import(a),
        Command::DistFiles { dir } => dist_files(&dir),
        Command::New { kind, path, root } => {
            match yanzhen::scaffold::new_file(&root, kind.into(), &path) {
                Ok(file) => {
                    eprintln!("wrote {}", file.display());
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_diagnostics(&[d]);
                    ExitCode::from(1)
                }
            }
        }
    }
}
