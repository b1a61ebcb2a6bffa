//! The `candor` command: parses arguments and calls the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use candor::report::Style;
use candor::{BuildFailure, BuildOptions, Diagnostic};

/// A build allocates and frees many small strings on every thread at once;
/// mimalloc's per-thread heaps do that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static-site generator for psychoeducation: accessible, private and safe
/// websites for therapy practices.
#[derive(Parser)]
#[command(name = "candor", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder, replacing it whole.
    Build(BuildArgs),
    /// Check the content without writing anything: links, accessibility,
    /// reviews, readability.
    Check(CheckArgs),
    /// Preview the site in a browser while you edit: every saved change
    /// shows at once, and mistakes are shown on the page.
    Serve(ServeArgs),
    /// Create a new site or article.
    #[command(subcommand)]
    New(NewCommand),
    /// Receive intake forms sealed to the practice's key, and read them.
    #[command(subcommand)]
    Intake(IntakeCommand),
    /// Delete a previous output that a build moved aside (what a build
    /// starts after it is done, so it need not wait for the deletion).
    #[command(hide = true, name = "remove-previous-output")]
    RemovePrevious {
        /// The hidden `.<output>.candor-old-…` folder.
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum IntakeCommand {
    /// Create a key pair: the private key file stays with the practice, the
    /// printed public key goes in candor.yaml under intake.recipients.
    Keygen {
        /// Where to write the private key (never overwritten).
        #[arg(long, default_value = "candor-intake-key.txt", value_name = "FILE")]
        out: PathBuf,
    },
    /// Run the receiver: serves the intake form, stores sealed submissions.
    Serve(IntakeServeArgs),
    /// Decrypt and print stored submissions (needs the private key).
    #[command(group(clap::ArgGroup::new("source").required(true).args(["db", "from"])))]
    Export {
        #[command(flatten)]
        submissions: Submissions,
        /// Print JSON (one object per line) or CSV.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Only submissions received on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
    },
    /// Show the submissions on a page in this computer's browser (needs
    /// the private key): read them, mark each contacted or closed, add a
    /// note. Prints the page's secret address; Ctrl-C closes it.
    #[command(group(clap::ArgGroup::new("source").required(true).args(["db", "from"])))]
    Inbox {
        /// The site's folder: its form lays out the answers and its
        /// candor.yaml's recipients seal the marks.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        #[command(flatten)]
        submissions: Submissions,
        /// Where to listen: this computer's own address only.
        #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
        bind: std::net::SocketAddr,
        /// Close after this many minutes without a request.
        #[arg(long, default_value_t = 30, value_name = "MINUTES")]
        idle_minutes: u64,
    },
    /// Print the stored submissions as they are, still sealed, for
    /// `candor intake export --from`: no key is needed, and nothing in it
    /// can be read without one.
    Dump {
        /// The database: a SQLite file, or a PostgreSQL address
        /// (postgres://user@host/name; the password from PGPASSWORD).
        #[arg(long, value_name = "DB", value_parser = parse_db)]
        db: candor::intake::Db,
        /// Only submissions received on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
    },
    /// Delete submissions: those older than a number of days, every one,
    /// or one by its id.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["older_than", "all", "id"])))]
    Purge {
        /// The database: a SQLite file, or a PostgreSQL address
        /// (postgres://user@host/name; the password from PGPASSWORD).
        #[arg(long, value_name = "DB", value_parser = parse_db)]
        db: candor::intake::Db,
        /// How old a submission must be to go: `90d` (`0d`: all before
        /// today).
        #[arg(long, value_name = "DAYS", value_parser = parse_days)]
        older_than: Option<u32>,
        /// Delete every submission, today's too.
        #[arg(long)]
        all: bool,
        /// Delete the submission with this id, as `export` shows it.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
    },
    /// Count submissions per day without decrypting anything.
    Stats {
        /// The database: a SQLite file, or a PostgreSQL address
        /// (postgres://user@host/name; the password from PGPASSWORD).
        #[arg(long, value_name = "DB", value_parser = parse_db)]
        db: candor::intake::Db,
    },
}

/// Where a practice's command reads submissions, and the keys that open
/// them.
#[derive(clap::Args)]
struct Submissions {
    /// The database: a SQLite file, or a PostgreSQL address
    /// (postgres://user@host/name; the password from PGPASSWORD).
    #[arg(long, value_name = "DB", value_parser = parse_db)]
    db: Option<candor::intake::Db>,
    /// A dump written by `candor intake dump` instead of a database (for
    /// export, `-` reads it from standard input; the inbox keeps its marks
    /// beside it, in FILE.marks).
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// The private key file from `candor intake keygen`; give it again
    /// for each key, after a change of key.
    #[arg(long, value_name = "FILE", required = true)]
    identity: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct IntakeServeArgs {
    /// The site's folder, holding candor.yaml and the form schema.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The database: a SQLite file (created if missing), or a PostgreSQL
    /// address (postgres://user@host/name; the password from PGPASSWORD)
    /// that several receivers can share.
    #[arg(long, default_value = "intake.sqlite3", value_name = "DB", value_parser = parse_db)]
    db: candor::intake::Db,
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8787", value_name = "ADDR")]
    bind: std::net::SocketAddr,
    /// Also serve this built site, with the security headers.
    #[arg(long, value_name = "DIR")]
    public: Option<PathBuf>,
    /// Submissions accepted per client per minute (0: no limit).
    #[arg(long, default_value_t = 10, value_name = "N")]
    rate_limit: u32,
    /// Take the client's address from this header, set by your proxy
    /// (e.g. x-forwarded-for). Only use it behind a proxy that sets it.
    #[arg(long, value_name = "HEADER")]
    client_ip_header: Option<String>,
    /// Forms sent sooner than this many seconds after the page was served
    /// are treated as automated and dropped.
    #[arg(long, default_value_t = 3, value_name = "SECONDS")]
    min_fill_seconds: u64,
    /// A request still unanswered after this many seconds (a client that
    /// stops sending, say) is answered 408 and dropped.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// A client that has not sent a request's headers this many seconds
    /// after connecting, or after its last answer on a connection kept
    /// open, is disconnected.
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Tell this URL (a JSON POST) that a new intake arrived; no answers.
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// Email this address that a new intake arrived; no answers. The SMTP
    /// server comes from the CANDOR_SMTP_URL environment variable or
    /// --smtp-file, e.g. smtps://user:password@mail.example.org:465.
    #[arg(long, value_name = "ADDRESS")]
    notify_email: Option<String>,
    /// The sender of the notification email (default: --notify-email).
    #[arg(long, value_name = "ADDRESS", requires = "notify_email")]
    notify_from: Option<String>,
    /// A file whose first line is the SMTP server's address, password
    /// included; keep it readable by the receiver's user alone.
    #[arg(long, value_name = "FILE", requires = "notify_email")]
    smtp_file: Option<PathBuf>,
    /// At most one notification email in this many minutes.
    #[arg(long, default_value_t = 15, value_name = "MINUTES", value_parser = clap::value_parser!(u64).range(1..))]
    notify_every: u64,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    /// One JSON object per line.
    Json,
    /// A spreadsheet: one row per submission.
    Csv,
}

fn parse_days(text: &str) -> Result<u32, String> {
    text.strip_suffix('d')
        .unwrap_or(text)
        .parse()
        .map_err(|_| format!("`{text}` is not a number of days: write e.g. 90d"))
}

fn parse_db(text: &str) -> Result<candor::intake::Db, String> {
    if text.trim().is_empty() {
        return Err("give a SQLite file or a postgres:// address".into());
    }
    Ok(candor::intake::Db::parse(text))
}

fn intake(command: IntakeCommand) -> Result<(), String> {
    match command {
        IntakeCommand::Keygen { out } => {
            let public = candor::intake::keygen(&out)?;
            eprintln!("wrote the private key to {} (keep it off the server, and back it up: without it no answer can be read)", out.display());
            eprintln!(
                "add the public key to candor.yaml:\n  intake:\n    recipients:\n      - {public}"
            );
            println!("{public}");
            Ok(())
        }
        IntakeCommand::Serve(args) => {
            let client_ip_header = args
                .client_ip_header
                .map(|h| {
                    axum::http::HeaderName::try_from(h.as_str())
                        .map_err(|_| format!("`{h}` is not a header name"))
                })
                .transpose()?;
            let notify_email = match args.notify_email {
                None => None,
                Some(to) => {
                    let server = match &args.smtp_file {
                        Some(file) => std::fs::read_to_string(file)
                            .map_err(|e| format!("cannot read {}: {e}", file.display()))?
                            .lines()
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                        None => std::env::var(candor::intake::notify::SMTP_ENV).map_err(|_| {
                            format!(
                                "--notify-email needs the SMTP server: set {} or give --smtp-file FILE, holding e.g. smtps://user:password@mail.example.org:465",
                                candor::intake::notify::SMTP_ENV
                            )
                        })?,
                    };
                    Some(candor::intake::NotifyEmail {
                        from: args.notify_from.unwrap_or_else(|| to.clone()),
                        to,
                        server,
                    })
                }
            };
            candor::intake::serve(
                &args.root,
                candor::intake::ServeOptions {
                    db: args.db,
                    bind: args.bind,
                    public: args.public,
                    rate_per_minute: args.rate_limit,
                    client_ip_header,
                    min_fill_seconds: args.min_fill_seconds,
                    webhook: args.webhook,
                    notify_email,
                    notify_every: std::time::Duration::from_secs(args.notify_every * 60),
                    timeout: std::time::Duration::from_secs(args.timeout),
                    header_timeout: std::time::Duration::from_secs(args.header_timeout),
                },
            )
        }
        IntakeCommand::Inbox {
            root,
            submissions,
            bind,
            idle_minutes,
        } => {
            let source = candor::intake::Source::of(submissions.db, submissions.from)?;
            candor::intake::inbox::run(
                candor::intake::inbox::InboxOptions {
                    root,
                    source,
                    identities: submissions.identity,
                    bind,
                    idle: std::time::Duration::from_secs(idle_minutes.max(1).saturating_mul(60)),
                },
                |url| {
                    use std::io::Write as _;
                    println!("{url}");
                    let _ = std::io::stdout().flush();
                    eprintln!("inbox: open the address above in this computer's browser; it shows every answer, so share it with nobody. Ctrl-C closes it.");
                },
            )
        }
        IntakeCommand::Dump { db, since } => {
            let since = since.map(|d| d.format("%Y-%m-%d").to_string());
            let written = candor::intake::dump(&db, since.as_deref(), std::io::stdout().lock())?;
            eprintln!("{written} submissions, still sealed");
            Ok(())
        }
        IntakeCommand::Export {
            submissions,
            format,
            since,
        } => {
            let since = since.map(|d| d.format("%Y-%m-%d").to_string());
            let identity = &submissions.identity;
            let exported = match candor::intake::Source::of(submissions.db, submissions.from)? {
                candor::intake::Source::Db(db) => {
                    candor::intake::export(&db, identity, since.as_deref())?
                }
                candor::intake::Source::Dump(from) if from.as_os_str() == "-" => {
                    candor::intake::export_dump(
                        std::io::stdin().lock(),
                        "standard input",
                        identity,
                        since.as_deref(),
                    )?
                }
                candor::intake::Source::Dump(from) => {
                    let file = std::fs::File::open(&from)
                        .map_err(|e| format!("cannot read {}: {e}", from.display()))?;
                    candor::intake::export_dump(
                        std::io::BufReader::new(file),
                        &from.display().to_string(),
                        identity,
                        since.as_deref(),
                    )?
                }
            };
            let opened = exported.opened;
            let stdout = std::io::stdout().lock();
            match format {
                ExportFormat::Json => {
                    use std::io::Write as _;
                    let mut out = std::io::BufWriter::new(stdout);
                    for o in &opened {
                        let line = serde_json::to_string(o).map_err(|e| e.to_string())?;
                        writeln!(out, "{line}").map_err(|e| e.to_string())?;
                    }
                    out.flush().map_err(|e| e.to_string())
                }
                ExportFormat::Csv => candor::intake::write_csv(&opened, stdout),
            }?;
            eprintln!("{} submissions", opened.len());
            if exported.failed.is_empty() {
                return Ok(());
            }
            for (id, why) in &exported.failed {
                eprintln!("submission {id} was not exported: {why}");
            }
            Err(format!(
                "{} submissions could not be opened; the others were exported. If the key changed, give every key with --identity",
                exported.failed.len()
            ))
        }
        IntakeCommand::Purge {
            db,
            older_than,
            all,
            id,
        } => {
            let which = match (older_than, id) {
                (_, Some(id)) => candor::intake::PurgeWhich::Id(id),
                (Some(days), None) if !all => candor::intake::PurgeWhich::OlderThan(days),
                _ => candor::intake::PurgeWhich::All,
            };
            let deleted = candor::intake::purge(&db, &which)?;
            match which {
                candor::intake::PurgeWhich::OlderThan(days) => {
                    eprintln!("deleted {deleted} submissions older than {days} days");
                }
                candor::intake::PurgeWhich::All => eprintln!("deleted all {deleted} submissions"),
                candor::intake::PurgeWhich::Id(id) => eprintln!("deleted submission {id}"),
            }
            Ok(())
        }
        IntakeCommand::Stats { db } => {
            println!("{:<12} {:<18} {:>6}", "day", "what", "count");
            for (day, kind, count) in candor::intake::stats(&db)? {
                println!("{day:<12} {kind:<18} {count:>6}");
            }
            Ok(())
        }
    }
}

#[derive(clap::Args)]
struct BuildArgs {
    /// The site's folder, holding candor.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Where to write the site [default: DIR/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Publish pages marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
    /// Use this address instead of base_url from candor.yaml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print how long each stage of the build took.
    #[arg(long)]
    timings: bool,
    /// Process every photo again, neither reading nor filling the image
    /// cache (images.cache in candor.yaml).
    #[arg(long)]
    no_cache: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The site's folder, holding candor.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Treat warnings as errors: `--deny warnings`.
    #[arg(long, value_enum, value_name = "warnings")]
    deny: Option<Deny>,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The site's folder, holding candor.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The port to serve on; when it is taken, the next free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. The default lets only this computer in.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    bind: std::net::IpAddr,
    /// Show pages marked `draft: true` too, with a "draft" banner.
    #[arg(long)]
    drafts: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Source lines with the problem underlined, and a summary table.
    Text,
    /// One JSON document, for CI and editor tooling.
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Deny {
    /// Fail when there are warnings too.
    Warnings,
}

#[derive(Subcommand)]
enum NewCommand {
    /// Create a new site in a new folder: settings, the pages a practice
    /// needs, a sample article, an example therapist and the intake form.
    Site {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write content/articles/<slug>.md as a draft with today's date.
    Article {
        /// The article's title.
        title: String,
        /// The site's folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Write content/therapists/<slug>.md: a profile to fill in.
    Therapist {
        /// The therapist's name.
        name: String,
        /// The site's folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Write content/faq/<slug>.md as a draft: a page of questions and
    /// answers.
    Faq {
        /// The page's title.
        title: String,
        /// The site's folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

/// Colours only for a terminal, never in logs or pipes.
fn style_for(terminal: bool) -> Style {
    if terminal {
        Style::Colored
    } else {
        Style::Plain
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], root: &Path) {
    if diagnostics.is_empty() {
        return;
    }
    let style = style_for(std::io::stderr().is_terminal());
    eprint!("{}", candor::report::render(diagnostics, root, style));
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::RemovePrevious { dir } => match candor::remove_previous(&dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        },
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Intake(command) => match intake(command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        },
        Command::New(new) => {
            let today = chrono::Local::now().date_naive();
            let result = match new {
                NewCommand::Site { dir } => candor::scaffold::new_site(&dir, today).map(|_| {
                    let dir = dir.display();
                    eprintln!("created a new site in {dir}");
                    eprintln!("preview it while you edit: candor serve --root {dir}");
                    eprintln!("see what to change first:  candor check --root {dir}");
                }),
                NewCommand::Therapist { name, root } => {
                    candor::scaffold::new_therapist(&root, &name).map(|path| {
                        eprintln!(
                            "created {} (marked `example: true` until you remove the line)",
                            path.display()
                        );
                    })
                }
                NewCommand::Faq { title, root } => candor::scaffold::new_faq(&root, &title, today)
                    .map(|path| {
                        eprintln!(
                            "created {} (a draft: remove `draft: true` to publish)",
                            path.display()
                        );
                    }),
                NewCommand::Article { title, root } => {
                    candor::scaffold::new_article(&root, &title, today).map(|path| {
                        eprintln!(
                            "created {} (a draft: remove `draft: true` to publish)",
                            path.display()
                        );
                    })
                }
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let output = args.output.unwrap_or_else(|| args.root.join("public"));
    let timings = args.timings;
    let options = BuildOptions {
        root: args.root,
        output,
        include_drafts: args.drafts,
        base_url: args.base_url,
        no_cache: args.no_cache,
    };
    match candor::build(&options) {
        Ok(mut report) => {
            // The previous output is deleted by a process of its own, so the
            // build is over as soon as the new one is in place.
            if let (Some(previous), Ok(program)) = (report.previous.take(), std::env::current_exe())
            {
                let mut command = std::process::Command::new(program);
                command.arg("remove-previous-output");
                previous.detach(command);
            }
            print_diagnostics(&report.warnings, &options.root);
            if timings {
                for (stage, seconds) in &report.stages {
                    eprintln!("{stage:>8}: {seconds:.3}s");
                }
            }
            if report.up_to_date {
                eprintln!(
                    "{} is up to date: nothing changed since it was built ({} pages, {} files; checked in {:.2}s)",
                    options.output.display(),
                    report.pages,
                    report.files,
                    report.seconds
                );
                return ExitCode::SUCCESS;
            }
            let photos = match report.photos_processed {
                0 => String::new(),
                1 => ", 1 photo processed".to_string(),
                n => format!(", {n} photos processed"),
            };
            eprintln!(
                "built {} pages ({} files{photos}) into {} in {:.2}s",
                report.pages,
                report.files,
                options.output.display(),
                report.seconds
            );
            ExitCode::SUCCESS
        }
        Err(BuildFailure::Content(diagnostics)) => {
            print_diagnostics(&diagnostics, &options.root);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: the build failed with {errors} error{}; {} was left unchanged",
                if errors == 1 { "" } else { "s" },
                options.output.display()
            );
            ExitCode::FAILURE
        }
        Err(BuildFailure::Environment(err)) => {
            eprintln!("error: {err}");
            eprintln!("{} was left unchanged", options.output.display());
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options = candor::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        include_drafts: args.drafts,
        style: style_for(std::io::stderr().is_terminal()),
    };
    match candor::serve::serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let report = candor::check::check(&args.root, today, args.drafts);
    let count = |severity: candor::diag::Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let errors = count(candor::diag::Severity::Error);
    let warnings = count(candor::diag::Severity::Warning);
    let notes = count(candor::diag::Severity::Note);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(err) => {
                eprintln!("error: cannot write the report as JSON: {err}");
                return ExitCode::FAILURE;
            }
        },
        Format::Text => {
            let style = style_for(std::io::stdout().is_terminal());
            print!(
                "{}",
                candor::report::render(&report.diagnostics, &args.root, style)
            );
            if !report.articles.is_empty() {
                println!("{}", readability_table(&report.articles));
            }
            println!(
                "{errors} error{}, {warnings} warning{}{}",
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
                match notes {
                    0 => String::new(),
                    1 => ", 1 note".to_string(),
                    n => format!(", {n} notes"),
                }
            );
        }
    }
    let denied = matches!(args.deny, Some(Deny::Warnings)) && warnings > 0;
    if errors > 0 || denied {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The articles, hardest to read first, as an aligned text table.
fn readability_table(articles: &[candor::check::ArticleSummary]) -> String {
    let header = ["grade", "words", "minutes", "review due", "article"];
    let rows: Vec<[String; 5]> = articles
        .iter()
        .map(|a| {
            [
                format!("{:.1}", a.grade),
                a.words.to_string(),
                a.reading_minutes.to_string(),
                a.review_due.clone().unwrap_or_else(|| "-".to_string()),
                a.file.display().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else if i < 3 {
                text.push_str(&format!("{cell:>w$}  "));
            } else {
                text.push_str(&format!("{cell:<w$}  "));
            }
        }
        text
    };
    let mut out = String::from("Readability, hardest first:\n");
    out.push_str(&line(header));
    out.push('\n');
    for row in &rows {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
        out.push('\n');
    }
    out
}
