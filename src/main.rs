//! The `candor` command: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use candor::{BuildFailure, BuildOptions, Diagnostic};

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
    /// Create a new site or article.
    #[command(subcommand)]
    New(NewCommand),
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
}

#[derive(Subcommand)]
enum NewCommand {
    /// Create a minimal site that builds, in a new folder.
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
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::New(new) => {
            let today = chrono::Local::now().date_naive();
            let result = match new {
                NewCommand::Site { dir } => candor::scaffold::new_site(&dir, today).map(|_| {
                    eprintln!("created a new site in {}", dir.display());
                    eprintln!("build it with: candor build --root {}", dir.display());
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
    };
    match candor::build(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if timings {
                for (stage, seconds) in &report.stages {
                    eprintln!("{stage:>8}: {seconds:.3}s");
                }
            }
            eprintln!(
                "built {} pages ({} files) into {} in {:.2}s",
                report.pages,
                report.files,
                options.output.display(),
                report.seconds
            );
            ExitCode::SUCCESS
        }
        Err(BuildFailure::Content(diagnostics)) => {
            print_diagnostics(&diagnostics);
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
