//! `candor serve`: a live preview for content editors.
//!
//! The site engine ([`crate::site`]) builds the site into memory, and it
//! is served on this machine. When a file is saved, [`watch`] says which;
//! the engine applies the change and hands over the outputs it changed;
//! [`store`] keeps them, and every open page then reloads, swaps its
//! stylesheet, or shows the errors over the last good version ([`events`]).
//! The server ([`http`]) adds the live-reload script to the pages it sends.
//!
//! Architecture invariant: serve holds no build logic. It is watch, HTTP
//! and the reload script over the engine that `candor build` uses; it
//! renders no page itself, and nothing of it reaches what `candor build`
//! writes.

mod events;
mod http;
mod intake;
mod store;
mod terminal;
mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;

use tokio::sync::broadcast;

use crate::config::CONFIG_FILE;
use crate::diag::Diagnostic;
use crate::render::{Body, Output};
use crate::report::Style;
use crate::site::{Changes, Emit, Failure, Retain, Site, SiteOptions, Update};
use events::{Event, Problem};
use store::{File, Store};
use terminal::Terminal;

/// How many ports after the asked-for one to try when it is taken.
const PORT_TRIES: u16 = 10;

/// How long saving must pause before outputs that read the whole site
/// (such as the search index) are brought up to date.
const CATCH_UP_AFTER: std::time::Duration = std::time::Duration::from_millis(100);

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (holding `candor.yaml`).
    pub root: PathBuf,
    /// The address to listen on; only this machine by default.
    pub bind: IpAddr,
    /// The port to listen on; the next free one when it is taken, and any
    /// free one for 0.
    pub port: u16,
    /// Show pages marked `draft: true` too, with a banner.
    pub include_drafts: bool,
    /// How to print diagnostics in the terminal.
    pub style: Style,
}

/// Why `candor serve` could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The folder holds no site.
    #[error("there is no {CONFIG_FILE} in {}; run candor serve in the site's folder or pass --root DIR", .0.display())]
    NoSite(PathBuf),
    /// The port and the next few are taken.
    #[error("ports {first} to {last} are all in use; choose another with --port")]
    PortsInUse {
        /// The port asked for.
        first: u16,
        /// The last port tried.
        last: u16,
    },
    /// Listening failed for another reason.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// What the operating system said.
        source: io::Error,
    },
    /// The site's files cannot be watched.
    #[error("cannot watch the site's files for changes: {0}")]
    Watch(String),
    /// The server failed.
    #[error("the server stopped: {0}")]
    Server(io::Error),
}

/// Builds the site into memory, serves it, and rebuilds what changes until
/// Ctrl-C. The terminal shows where it is served, each rebuild, and each
/// set of errors once.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    if !options.root.join(CONFIG_FILE).is_file() {
        return Err(ServeError::NoSite(options.root.clone()));
    }
    let mut terminal = Terminal::new(options.root.clone(), options.style);
    let listener = listen(options.bind, options.port)?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        addr: SocketAddr::new(options.bind, options.port),
        source,
    })?;
    if options.port != 0 && addr.port() != options.port {
        terminal.say(&format!(
            "port {} is in use, so candor serves on port {} instead",
            options.port,
            addr.port()
        ));
    }
    if !addr.ip().is_loopback() {
        terminal.say(&format!(
            "warning: anyone who can reach {addr} can read this preview, drafts included"
        ));
    }

    // Watch before the first build, so no save is missed.
    let mut watcher =
        watch::Watcher::start(&options.root).map_err(|err| ServeError::Watch(err.to_string()))?;
    let store = Arc::new(Store::default());
    let (events, _) = broadcast::channel(64);
    let mut live = Site::new(SiteOptions {
        root: options.root.clone(),
        include_drafts: options.include_drafts,
        base_url: Some(format!("http://{addr}/")),
        retain: Retain::Outputs,
        image_cache: crate::site::ImageCache::Site,
    });
    // The intake form works in the preview, against a throwaway key; the
    // receiver follows each good build.
    let intake = match intake::DevIntake::start() {
        Ok(dev) => Some(Arc::new(dev)),
        Err(err) => {
            terminal.say(&format!(
                "warning: the intake form cannot be tried here: {err}"
            ));
            None
        }
    };
    // The rebuild thread holds the receiver too and is never joined, so its
    // folder is deleted by this guard, however serve ends.
    let _scratch = Scratch(intake.as_ref().map(|dev| dev.folder().to_path_buf()));
    let outcome = run(&mut live, |site, emit| {
        site.apply(&Changes::everything(), emit)
    });
    follow(intake.as_deref(), &live, &mut terminal);
    publish(&store, &events, &mut terminal, "built the site", outcome);
    if let Err(err) = watcher.watch_files(&live.config_files()) {
        terminal.say(&format!(
            "warning: cannot watch a file candor.yaml names: {err}"
        ));
    }
    terminal.say(&format!(
        "serving the site at http://{addr}/ (press Ctrl-C to stop)"
    ));

    let rebuilds = {
        let intake = intake.clone();
        let store = store.clone();
        let events = events.clone();
        move || loop {
            // Outputs that read the whole site follow once saving pauses.
            let changes = if live.behind() {
                match watcher.next_within(CATCH_UP_AFTER) {
                    watch::Waited::Changes(changes) => changes,
                    watch::Waited::Quiet => {
                        let outcome = run(&mut live, |site, emit| site.catch_up(emit));
                        publish(&store, &events, &mut terminal, "rebuilt", outcome);
                        continue;
                    }
                    watch::Waited::Stopped => break,
                }
            } else {
                match watcher.next() {
                    Some(changes) => changes,
                    None => break,
                }
            };
            let outcome = run(&mut live, |site, emit| site.apply(&changes, emit));
            follow(intake.as_deref(), &live, &mut terminal);
            publish(&store, &events, &mut terminal, "rebuilt", outcome);
            if changes.config {
                if let Err(err) = watcher.watch_files(&live.config_files()) {
                    eprintln!("warning: cannot watch a file candor.yaml names: {err}");
                }
            }
        }
    };
    std::thread::Builder::new()
        .name("candor-rebuild".to_string())
        .spawn(rebuilds)
        .map_err(ServeError::Server)?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(ServeError::Server)?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Server)?;
        let app = http::router(http::App {
            store,
            events,
            intake,
        });
        tokio::select! {
            result = axum::serve(listener, app) => result.map_err(ServeError::Server),
            () = stop_signal() => {
                eprintln!("stopped");
                Ok(())
            }
        }
    })
}

/// A folder deleted when the guard is dropped.
struct Scratch(Option<std::path::PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(folder) = &self.0 {
            match std::fs::remove_dir_all(folder) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => eprintln!(
                    "warning: could not delete the preview's intake folder {}: {err}",
                    folder.display()
                ),
                _ => {}
            }
        }
    }
}

/// Resolves on Ctrl-C or, on Unix, when the process is asked to stop or
/// its terminal is closed.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let (Ok(mut term), Ok(mut hangup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
                _ = hangup.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Points the preview's intake receiver at the site as it now is, after a
/// good build; a failed build leaves it on the last good one.
fn follow(intake: Option<&intake::DevIntake>, live: &Site, terminal: &mut Terminal) {
    let (Some(dev), Some(site)) = (intake, live.good_sites()) else {
        return;
    };
    let had_form = dev.routes().is_some();
    if let Err(err) = dev.follow(site) {
        terminal.say(&format!(
            "warning: the intake form cannot be tried here: {err}"
        ));
    } else if !had_form && dev.routes().is_some() {
        terminal.say(&format!(
            "the intake form works in this preview: answers are sealed to a throwaway key in {} and deleted when serve stops",
            dev.folder().display()
        ));
    }
}

/// Listens on `port`, or on the next free port after it.
fn listen(ip: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    for candidate in port..=last {
        let addr = SocketAddr::new(ip, candidate);
        match TcpListener::bind(addr) {
            Ok(listener) => return Ok(listener),
            Err(err) if err.kind() == io::ErrorKind::AddrInUse => continue,
            Err(source) => return Err(ServeError::Listen { addr, source }),
        }
    }
    Err(ServeError::PortsInUse { first: port, last })
}

/// What a change came to, for the served files.
enum Outcome {
    /// It worked; the served files change by `update`.
    Built {
        /// What changed for readers.
        update: store::Update,
        /// How long it took.
        took: Duration,
        /// Whether this brought outputs that read the whole site up to date.
        catch_up: bool,
    },
    /// It has errors, sorted; nothing served changes.
    Failed(Vec<Diagnostic>),
}

/// Runs one step of the engine, keeping the outputs it hands over for the
/// store; they are served only if the step succeeds.
fn run(
    site: &mut Site,
    step: impl FnOnce(&mut Site, &Emit<'_>) -> Result<Update, Failure>,
) -> Outcome {
    let handed: Mutex<Vec<Output>> = Mutex::new(Vec::new());
    let result = step(site, &|output| {
        handed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(output);
        Ok(())
    });
    match result {
        Ok(update) => {
            let files = handed
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner)
                .into_iter()
                .map(|output| {
                    let file = match output.body {
                        Body::Bytes(bytes) => File::Bytes(Bytes::from(bytes)),
                        Body::Copy(path) | Body::Cached(path) => File::Copy(path),
                    };
                    (output.path, file)
                })
                .collect();
            Outcome::Built {
                update: store::Update {
                    files,
                    removed: update.removed,
                    touched: update.touched,
                    drafts: update.drafts,
                },
                took: update.took,
                catch_up: update.catch_up,
            }
        }
        Err(Failure::Content(mut found)) => {
            found.retain(Diagnostic::is_error);
            Outcome::Failed(found)
        }
        // The outputs go to memory, which cannot fail as a folder can.
        Err(Failure::Environment(_)) => Outcome::Failed(Vec::new()),
    }
}

/// Serves what a rebuild produced, tells the open pages, and prints it.
fn publish(
    store: &Store,
    events: &broadcast::Sender<Event>,
    terminal: &mut Terminal,
    what: &str,
    outcome: Outcome,
) {
    match outcome {
        Outcome::Built {
            update,
            took,
            catch_up: true,
        } => {
            // Only the pages among these addresses reload; the rest of what
            // changed (the search index) is fetched when needed.
            let pages: Vec<String> = update
                .changed_paths()
                .filter_map(|p| p.strip_suffix("index.html").map(|dir| format!("/{dir}")))
                .collect();
            let build = store.apply(update).unwrap_or_else(|| store.status().build);
            let _ = events.send(Event::Reload {
                build,
                ms: took.as_secs_f64() * 1000.0,
                paths: Some(pages),
            });
        }
        Outcome::Built { update, took, .. } => {
            let had_problems = !store.status().problems.is_empty();
            let changed: Vec<String> = update.changed_paths().map(|p| format!("/{p}")).collect();
            let css_only = !changed.is_empty()
                && update.removed.is_empty()
                && changed.iter().all(|p| p.ends_with(".css"));
            let ms = took.as_secs_f64() * 1000.0;
            match store.apply(update) {
                Some(build) if css_only => {
                    let _ = events.send(Event::Css {
                        build,
                        ms,
                        paths: changed.clone(),
                    });
                }
                Some(build) => {
                    let _ = events.send(Event::Reload {
                        build,
                        ms,
                        paths: None,
                    });
                }
                None if had_problems => {
                    let _ = events.send(Event::Errors(Arc::from(Vec::new())));
                }
                None => {}
            }
            terminal.built(what, changed.len(), took);
        }
        Outcome::Failed(errors) => {
            let problems: Arc<[Problem]> = errors.iter().map(Problem::new).collect();
            store.fail(problems.clone());
            let _ = events.send(Event::Errors(problems));
            terminal.failed(&errors);
        }
    }
}
